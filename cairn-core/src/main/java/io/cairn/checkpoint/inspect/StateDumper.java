package io.cairn.checkpoint.inspect;

import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.metadata.OperatorState;
import io.cairn.common.OperatorID;
import io.cairn.serialization.TypeSerializer;
import io.cairn.state.VoidNamespace;
import io.cairn.state.handle.IncrementalKeyedStateHandle;
import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.keyed.KeyedSnapshotFormat;
import io.cairn.state.keyed.StateMetaInfo;
import io.cairn.state.operator.OperatorSnapshotFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Prints the entries of one state of one operator in a checkpoint or savepoint, one JSON object per
 * line.
 *
 * <p>Keyed state (from canonical snapshots, i.e. {@code KeyGroupsStateHandle}s; native ones, such as
 * the rocksdb backend's incremental and native full checkpoints, are rejected) prints
 * {@code {"key": ..., "namespace": ..., "value": ...}} per entry across all subtasks and key groups;
 * the namespace is left out for state without one ({@link VoidNamespace}). Operator list state (split
 * or union) prints {@code {"value": ...}} per element, a broadcast state {@code {"key": ..., "value":
 * ...}} per entry (from the first subtask's copy: broadcast state is the same on every subtask).
 *
 * <p>Values are rendered as JSON: numbers as numbers, strings quoted, booleans, null, lists as arrays,
 * maps as objects with {@code key.toString()} names, records as objects of their components,
 * {@code byte[]} as base64 strings, anything else as its quoted {@code toString()}.
 *
 * <p>Thread-safe: it holds no state.
 */
public final class StateDumper {

    private static final Pattern OPERATOR_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private StateDumper() {}

    /**
     * Dumps a state to a print stream.
     *
     * @param path the checkpoint or savepoint directory, or its {@code _metadata} file
     * @param operator the operator: its id (32 hex digits) or its uid (hashed with {@link OperatorID#fromUid})
     * @param stateName the state's name
     * @param keyFilter if not null, print only entries whose key's {@code toString()} equals it
     * @param out where the lines go
     * @throws IOException if the checkpoint cannot be read or is corrupt (the message names file and offset)
     * @throws IllegalArgumentException if the operator or state does not exist (the message lists the
     *     choices), or a key filter is given for list state
     * @throws UnsupportedOperationException if the state is in a native (incremental or full) snapshot
     */
    public static void dump(String path, String operator, String stateName, String keyFilter, PrintStream out)
            throws IOException {
        dump(path, operator, stateName, keyFilter, (Consumer<String>) out::println);
        out.flush();
    }

    /**
     * Dumps a state to a print writer; as {@link #dump(String, String, String, String, PrintStream)}.
     *
     * @param path the checkpoint or savepoint directory, or its {@code _metadata} file
     * @param operator the operator id (32 hex digits) or uid
     * @param stateName the state's name
     * @param keyFilter if not null, print only entries whose key's {@code toString()} equals it
     * @param out where the lines go
     * @throws IOException if the checkpoint cannot be read or is corrupt
     * @throws IllegalArgumentException if the operator or state does not exist, or a key filter is given for list state
     * @throws UnsupportedOperationException if the state is in a native (incremental or full) snapshot
     */
    public static void dump(String path, String operator, String stateName, String keyFilter, PrintWriter out)
            throws IOException {
        dump(path, operator, stateName, keyFilter, (Consumer<String>) out::println);
        out.flush();
    }

    /**
     * Dumps a state, handing each JSON line (without line separator) to {@code lines}.
     *
     * @param path the checkpoint or savepoint directory, or its {@code _metadata} file
     * @param operator the operator id (32 hex digits) or uid
     * @param stateName the state's name
     * @param keyFilter if not null, print only entries whose key's {@code toString()} equals it
     * @param lines receives the lines
     * @return the number of lines produced
     * @throws IOException if the checkpoint cannot be read or is corrupt
     * @throws IllegalArgumentException if the operator or state does not exist, or a key filter is given for list state
     * @throws UnsupportedOperationException if the state is in a native (incremental or full) snapshot
     */
    public static long dump(String path, String operator, String stateName, String keyFilter, Consumer<String> lines)
            throws IOException {
        CompletedCheckpoint cp = SnapshotStreams.load(path).checkpoint();
        OperatorState op = findOperator(cp, operator);
        List<SnapshotStreams.KeyedStream> keyedStreams = SnapshotStreams.keyedStreams(op);
        Set<String> keyedNames = new LinkedHashSet<>();
        for (SnapshotStreams.KeyedStream s : keyedStreams) {
            for (StateMetaInfo m : SnapshotStreams.readKeyedHeader(s).states()) {
                keyedNames.add(m.name());
            }
        }
        List<SnapshotStreams.OperatorStream> operatorStreams = SnapshotStreams.operatorStreams(op);
        Map<String, OperatorStateHandle.Mode> operatorNames = new LinkedHashMap<>();
        for (SnapshotStreams.OperatorStream s : operatorStreams) {
            for (OperatorSnapshotFormat.StateInfo info : SnapshotStreams.readOperatorHeader(s).states()) {
                operatorNames.putIfAbsent(info.name(), info.mode());
            }
        }
        if (keyedNames.contains(stateName)) {
            return dumpKeyed(op, keyedStreams, stateName, keyFilter, lines);
        }
        OperatorStateHandle.Mode mode = operatorNames.get(stateName);
        if (mode != null) {
            if (keyFilter != null && mode != OperatorStateHandle.Mode.BROADCAST) {
                throw new IllegalArgumentException("a key filter applies to keyed and broadcast state, but '" + stateName
                        + "' is operator list state (" + mode + ")");
            }
            return dumpOperator(operatorStreams, stateName, mode, keyFilter, lines);
        }
        List<IncrementalKeyedStateHandle> incremental = SnapshotStreams.incrementalHandles(op);
        if (!incremental.isEmpty()) {
            throw new UnsupportedOperationException("dump of native snapshots (incremental or full) is not supported yet;"
                    + " take a canonical savepoint, or give the rocksdb backend"
                    + " state.backend.rocksdb.checkpoint.format: canonical for canonical checkpoints (operator "
                    + op.getOperatorID() + " has " + incremental.size() + " native handle(s), e.g. " + incremental.get(0)
                    + ")");
        }
        throw new IllegalArgumentException("no state '" + stateName + "' in operator " + op.getOperatorID() + " of "
                + cp.getExternalPointer() + "; keyed states: " + keyedNames + ", operator states: "
                + operatorNames.keySet());
    }

    private static OperatorState findOperator(CompletedCheckpoint cp, String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("no operator given; operators: " + operatorIds(cp));
        }
        List<OperatorID> candidates = new ArrayList<>();
        if (OPERATOR_ID.matcher(operator).matches()) {
            candidates.add(OperatorID.fromHexString(operator));
        }
        candidates.add(OperatorID.fromUid(operator));
        for (OperatorID id : candidates) {
            OperatorState op = cp.getOperatorStates().get(id);
            if (op != null) {
                return op;
            }
        }
        throw new IllegalArgumentException("no operator '" + operator + "' (as id or uid) in " + cp.getExternalPointer()
                + "; operators: " + operatorIds(cp));
    }

    private static List<String> operatorIds(CompletedCheckpoint cp) {
        return cp.getOperatorStates().keySet().stream().map(OperatorID::toHexString).toList();
    }

    private static long dumpKeyed(
            OperatorState op,
            List<SnapshotStreams.KeyedStream> streams,
            String stateName,
            String keyFilter,
            Consumer<String> lines)
            throws IOException {
        long[] printed = new long[1];
        for (SnapshotStreams.KeyedStream s : streams) {
            SnapshotStreams.scanKeyed(s, op.getMaxParallelism(), new SnapshotStreams.KeyedVisitor() {
                private int target = -1;

                @Override
                public void header(KeyedSnapshotFormat.Header header, TypeSerializer<?> keySerializer) {
                    for (int i = 0; i < header.states().size(); i++) {
                        if (header.states().get(i).name().equals(stateName)) {
                            target = i;
                        }
                    }
                }

                @Override
                public void entry(int stateIndex, Object key, Object namespace, Object value) {
                    if (stateIndex != target || (keyFilter != null && !keyFilter.equals(String.valueOf(key)))) {
                        return;
                    }
                    StringBuilder sb = new StringBuilder("{\"key\":");
                    Json.write(sb, key);
                    if (!(namespace instanceof VoidNamespace)) {
                        sb.append(",\"namespace\":");
                        Json.write(sb, namespace);
                    }
                    sb.append(",\"value\":");
                    Json.write(sb, value);
                    sb.append('}');
                    lines.accept(sb.toString());
                    printed[0]++;
                }
            });
        }
        return printed[0];
    }

    private static long dumpOperator(
            List<SnapshotStreams.OperatorStream> streams,
            String stateName,
            OperatorStateHandle.Mode mode,
            String keyFilter,
            Consumer<String> lines)
            throws IOException {
        long[] printed = new long[1];
        for (SnapshotStreams.OperatorStream s : streams) {
            if (!s.offsets.containsKey(stateName)) {
                continue;
            }
            SnapshotStreams.scanOperator(s, stateName, (name, m, key, value) -> {
                if (m == OperatorStateHandle.Mode.BROADCAST) {
                    if (keyFilter != null && !keyFilter.equals(String.valueOf(key))) {
                        return;
                    }
                    StringBuilder sb = new StringBuilder("{\"key\":");
                    Json.write(sb, key);
                    sb.append(",\"value\":");
                    Json.write(sb, value);
                    lines.accept(sb.append('}').toString());
                } else {
                    StringBuilder sb = new StringBuilder("{\"value\":");
                    Json.write(sb, value);
                    lines.accept(sb.append('}').toString());
                }
                printed[0]++;
            });
            if (mode == OperatorStateHandle.Mode.BROADCAST) {
                break; // the same on every subtask
            }
        }
        return printed[0];
    }
}
