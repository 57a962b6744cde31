package io.cairn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cairn} command. Exit codes: 0 ok, 1 verification failed, 2 usage error, 3 I/O error
 * or corrupt data.
 */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        version = "cairn 0.1.0-SNAPSHOT",
        description = "Cairn: state and checkpoints for stream processors on the JVM.",
        subcommands = {
            DemoCommand.class,
            ExampleCommand.class,
            CheckpointsCommand.class,
            CheckpointCommand.class,
            StateCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:verification failed", "2:usage error", "3:I/O error or corrupt data"})
public final class CairnCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Creates the command. */
    public CairnCommand() {}

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * @return a command line with Cairn's exit-code mapping: usage errors 2, I/O errors 3
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CairnCommand());
        cl.setExitCodeExceptionMapper(t -> t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException
                ? ExitCodes.IO_ERROR : ExitCodes.VERIFICATION_FAILED);
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("cairn: " + ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("cairn: " + ex.getMessage());
            return ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException ? ExitCodes.IO_ERROR : 1;
        });
        return cl;
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
