package io.cairn.checkpoint.inspect;

import java.time.Instant;
import java.util.List;

/**
 * What {@link CheckpointInspector} found in a checkpoint or savepoint.
 *
 * @param path the checkpoint's directory (its external pointer)
 * @param metadataFile the {@code _metadata} file
 * @param metadataVersion the version of the metadata format
 * @param metadataSize the size of the metadata file in bytes
 * @param checkpointId the checkpoint id
 * @param type {@code checkpoint} or {@code savepoint}
 * @param triggerTimestamp when it was triggered, epoch ms
 * @param completionTimestamp when it completed, epoch ms
 * @param totalSize the size of all state handles in bytes (inline state included, metadata excluded)
 * @param operators the operators, in metadata order
 * @param masterStates the master hooks' states
 */
public record CheckpointReport(
        String path,
        String metadataFile,
        int metadataVersion,
        long metadataSize,
        long checkpointId,
        String type,
        long triggerTimestamp,
        long completionTimestamp,
        long totalSize,
        List<OperatorReport> operators,
        List<MasterStateReport> masterStates) {

    /** Copies the lists. */
    public CheckpointReport {
        operators = List.copyOf(operators);
        masterStates = List.copyOf(masterStates);
    }

    /**
     * Finds an operator.
     *
     * @param operatorId 32 hex digits
     * @return the operator's report
     * @throws IllegalArgumentException if there is no such operator; the message lists the operators
     */
    public OperatorReport operator(String operatorId) {
        for (OperatorReport o : operators) {
            if (o.operatorId().equalsIgnoreCase(operatorId)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no operator " + operatorId + " in " + path + "; operators: "
                + operators.stream().map(OperatorReport::operatorId).toList());
    }

    /**
     * Renders the report as one JSON object whose fields are the components of these records
     * (strings escaped; absent values are {@code null}).
     *
     * @return the JSON text
     */
    public String toJson() {
        return Json.write(this);
    }

    /**
     * Renders the report for people: a summary, then per operator its subtasks' handles and its
     * streams with their states, serializers and entry counts.
     *
     * @return the text, lines separated by {@code \n}, ending with a newline
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(type).append(' ').append(checkpointId).append(" at ").append(path).append('\n');
        sb.append("  metadata:  ").append(metadataFile).append(" (version ").append(metadataVersion).append(", ")
                .append(metadataSize).append(" bytes)\n");
        sb.append("  triggered: ").append(Instant.ofEpochMilli(triggerTimestamp)).append('\n');
        sb.append("  completed: ").append(Instant.ofEpochMilli(completionTimestamp)).append(" (")
                .append(completionTimestamp - triggerTimestamp).append(" ms)\n");
        sb.append("  state:     ").append(totalSize).append(" bytes in ").append(operators.size())
                .append(operators.size() == 1 ? " operator" : " operators").append('\n');
        if (masterStates.isEmpty()) {
            sb.append("  master states: none\n");
        } else {
            sb.append("  master states:\n");
            for (MasterStateReport m : masterStates) {
                sb.append("    ").append(m.name()).append("  version ").append(m.version()).append(", ")
                        .append(m.size()).append(" bytes\n");
            }
        }
        for (OperatorReport op : operators) {
            sb.append('\n').append("operator ").append(op.operatorId()).append("  parallelism ").append(op.parallelism())
                    .append(", max parallelism ").append(op.maxParallelism()).append(", ").append(op.stateSize())
                    .append(" bytes\n");
            for (SubtaskReport s : op.subtasks()) {
                sb.append("  subtask ").append(s.index()).append('\n');
                if (s.handles().isEmpty()) {
                    sb.append("    (no state)\n");
                }
                for (HandleReport h : s.handles()) {
                    sb.append("    ").append(pad(h.kind(), 11)).append(' ')
                            .append(pad(h.keyGroups() == null ? "-" : h.keyGroups(), 9)).append(' ')
                            .append(h.location()).append("  ").append(h.size()).append(" bytes\n");
                }
            }
            for (StreamReport st : op.streams()) {
                sb.append("  ").append(st.kind()).append(" stream ").append(st.location()).append("  (subtask")
                        .append(st.subtasks().size() == 1 ? " " : "s ")
                        .append(String.join(", ", st.subtasks().stream().map(String::valueOf).toList()));
                if (st.keyGroups() != null) {
                    sb.append(", key groups ").append(st.keyGroups()).append(", key serializer ").append(st.keySerializer());
                }
                sb.append(")\n");
                if (st.states().isEmpty()) {
                    sb.append("    (no states)\n");
                }
                for (StateReport state : st.states()) {
                    sb.append("    ").append(pad(Json.quote(state.name()), 20)).append(' ').append(pad(state.kind(), 16));
                    if (state.namespaceSerializer() != null) {
                        sb.append(" namespace ").append(state.namespaceSerializer());
                    }
                    if (state.keySerializer() != null) {
                        sb.append(" key ").append(state.keySerializer());
                    }
                    boolean keyed = "keyed".equals(st.kind());
                    boolean list = !keyed && !"BROADCAST".equals(state.kind());
                    sb.append(list ? " element " : " value ").append(state.valueSerializer()).append("  ")
                            .append(state.count());
                    if (keyed) {
                        sb.append(state.count() == 1 ? " entry" : " entries");
                    } else if (list) {
                        sb.append(state.count() == 1 ? " element" : " elements");
                    } else {
                        sb.append(state.count() == 1 ? " record" : " records");
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
