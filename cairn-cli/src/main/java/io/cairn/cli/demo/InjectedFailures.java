package io.cairn.cli.demo;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The demo's injected failures, shared by Cairn's and Flink's keyed function: at each failure
 * sequence number ({@link Payments#failureSeqs}) the function throws once. A marker file named
 * after the sequence number, created atomically in the failure directory, records that the failure
 * fired, so it never fires again: not on replay, not in another subtask, and not after the process
 * is restarted.
 */
public final class InjectedFailures implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long[] seqs;
    private final String directory;

    /**
     * @param seqs where to fail once, ascending
     * @param directory where fired failures are recorded; must exist
     */
    public InjectedFailures(long[] seqs, String directory) {
        this.seqs = seqs.clone();
        this.directory = directory;
    }

    /**
     * Throws if {@code seq} is a failure point that has not fired yet, and records that it fired.
     *
     * @param seq the sequence number about to be processed
     * @param account its account, for the message
     * @throws IllegalStateException the injected failure
     * @throws IOException if the marker file cannot be created
     */
    public void maybeFail(long seq, long account) throws IOException {
        if (seqs.length > 0 && Arrays.binarySearch(seqs, seq) >= 0
                && new File(directory, Long.toString(seq)).createNewFile()) {
            throw new IllegalStateException("injected failure at seq " + seq + " (account " + account + ")");
        }
    }
}
