package io.cairn.cli;

/** The exit codes of every {@code cairn} subcommand. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** A verification found a problem (wrong output, corrupt checkpoint). */
    public static final int VERIFICATION_FAILED = 1;
    /** Bad command-line usage. */
    public static final int USAGE = 2;
    /** An I/O error or unreadable (corrupt) data. */
    public static final int IO_ERROR = 3;

    private ExitCodes() {}
}
