package io.cairn.checkpoint.inspect;

import java.util.List;

/**
 * The handles one subtask of an operator reported.
 *
 * @param index the subtask index
 * @param handles its keyed handles, then its operator handles
 */
public record SubtaskReport(int index, List<HandleReport> handles) {

    /** Copies the list. */
    public SubtaskReport {
        handles = List.copyOf(handles);
    }
}
