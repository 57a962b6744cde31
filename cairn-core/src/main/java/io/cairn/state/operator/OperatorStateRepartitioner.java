package io.cairn.state.operator;

import io.cairn.state.handle.OperatorStateHandle;
import io.cairn.state.handle.OperatorStateHandle.Mode;
import io.cairn.state.handle.OperatorStateHandle.StateMetaInfo;
import io.cairn.state.handle.OperatorStreamStateHandle;
import io.cairn.state.handle.StreamStateHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assigns the operator state of the old subtasks to the subtasks of a new parallelism.
 *
 * <ul>
 *   <li>{@link Mode#SPLIT_DISTRIBUTE}: all elements of all old subtasks, in old-subtask order, are cut
 *       into {@code newParallelism} contiguous chunks whose sizes differ by at most one; new subtask
 *       {@code i} gets chunk {@code i}. No element is lost or duplicated.
 *   <li>{@link Mode#UNION}: every new subtask gets all elements of all old subtasks.
 *   <li>{@link Mode#BROADCAST}: every new subtask gets one copy, from old subtask
 *       {@code i mod oldParallelism} (or the next old subtask that has the state).
 * </ul>
 *
 * <p>A new subtask gets at most one handle per old stream, carrying every state it needs from that
 * stream; handles that would list everything an old handle lists are the old handle itself.
 */
public final class OperatorStateRepartitioner {

    private OperatorStateRepartitioner() {}

    /** One old stream: its handles merged, and which old subtask wrote it. */
    private static final class OldStream {
        final int index;
        final int oldSubtask;
        final StreamStateHandle delegate;
        final Map<String, StateMetaInfo> states = new LinkedHashMap<>();
        final List<String> unionNames = new ArrayList<>();
        final List<String> broadcastNames = new ArrayList<>();
        int splitCount;
        OperatorStateHandle onlyHandle;
        int handleCount;
        OperatorStateHandle fullHandle;
        OperatorStateHandle unionOnlyHandle;
        OperatorStateHandle unionAndBroadcastHandle;

        OldStream(int index, int oldSubtask, StreamStateHandle delegate) {
            this.index = index;
            this.oldSubtask = oldSubtask;
            this.delegate = delegate;
        }

        void add(OperatorStateHandle handle) {
            handleCount++;
            onlyHandle = handleCount == 1 ? handle : null;
            for (Map.Entry<String, StateMetaInfo> e : handle.getStateNameToPartitionOffsets().entrySet()) {
                StateMetaInfo previous = states.get(e.getKey());
                states.put(e.getKey(), previous == null ? e.getValue() : merge(e.getKey(), previous, e.getValue()));
            }
        }

        void classify() {
            for (Map.Entry<String, StateMetaInfo> e : states.entrySet()) {
                switch (e.getValue().getDistributionMode()) {
                    case UNION:
                        unionNames.add(e.getKey());
                        break;
                    case BROADCAST:
                        broadcastNames.add(e.getKey());
                        break;
                    default:
                        splitCount++;
                }
            }
        }

        /** @return a handle listing every state of this stream completely */
        OperatorStateHandle full() {
            if (fullHandle == null) {
                fullHandle = onlyHandle != null ? onlyHandle : new OperatorStreamStateHandle(states, delegate);
            }
            return fullHandle;
        }

        /** @return a handle listing the union states, and also the broadcast states if {@code withBroadcast} */
        OperatorStateHandle nonSplit(boolean withBroadcast) {
            if (splitCount == 0 && (withBroadcast || broadcastNames.isEmpty())) {
                return full();
            }
            OperatorStateHandle cached = withBroadcast ? unionAndBroadcastHandle : unionOnlyHandle;
            if (cached == null) {
                Map<String, StateMetaInfo> m = new LinkedHashMap<>();
                for (Map.Entry<String, StateMetaInfo> e : states.entrySet()) {
                    Mode mode = e.getValue().getDistributionMode();
                    if (mode == Mode.UNION || (withBroadcast && mode == Mode.BROADCAST)) {
                        m.put(e.getKey(), e.getValue());
                    }
                }
                cached = new OperatorStreamStateHandle(m, delegate);
                if (withBroadcast) {
                    unionAndBroadcastHandle = cached;
                } else {
                    unionOnlyHandle = cached;
                }
            }
            return cached;
        }
    }

    /**
     * Computes, for each new subtask, the handles it must restore.
     *
     * @param previousParallelSubtaskStates the handles of each old subtask, indexed by old subtask; null entries are skipped
     * @param oldParallelism the old parallelism, the size of {@code previousParallelSubtaskStates}
     * @param newParallelism the new parallelism, at least 1
     * @return for each new subtask index, its handles (immutable lists); the old assignment if
     *     the parallelism is unchanged and there is no union or broadcast state (same lists of the same handles)
     * @throws IllegalArgumentException if a parallelism is less than 1, the list size differs from
     *     {@code oldParallelism}, or one state name has different modes in different handles
     */
    public static List<List<OperatorStateHandle>> repartition(
            List<List<OperatorStateHandle>> previousParallelSubtaskStates, int oldParallelism, int newParallelism) {
        Objects.requireNonNull(previousParallelSubtaskStates, "previousParallelSubtaskStates cannot be null");
        if (oldParallelism < 1) {
            throw new IllegalArgumentException("oldParallelism must be at least 1: oldParallelism=" + oldParallelism);
        }
        if (newParallelism < 1) {
            throw new IllegalArgumentException("newParallelism must be at least 1: newParallelism=" + newParallelism);
        }
        if (previousParallelSubtaskStates.size() != oldParallelism) {
            throw new IllegalArgumentException("expected one list of handles per old subtask: oldParallelism="
                    + oldParallelism + " but got " + previousParallelSubtaskStates.size() + " lists");
        }

        // 1. index the old streams (merging handles that share one) and check modes
        List<OldStream> streams = new ArrayList<>();
        Map<StreamStateHandle, OldStream> byDelegate = new HashMap<>();
        Map<String, Mode> modes = new HashMap<>();
        boolean onlySplit = true;
        for (int s = 0; s < oldParallelism; s++) {
            List<OperatorStateHandle> handles = previousParallelSubtaskStates.get(s);
            if (handles == null) {
                continue;
            }
            for (OperatorStateHandle h : handles) {
                if (h == null) {
                    continue;
                }
                for (Map.Entry<String, StateMetaInfo> e : h.getStateNameToPartitionOffsets().entrySet()) {
                    Mode mode = e.getValue().getDistributionMode();
                    Mode previous = modes.putIfAbsent(e.getKey(), mode);
                    if (previous != null && previous != mode) {
                        throw new IllegalArgumentException("operator state '" + e.getKey() + "' is " + previous
                                + " in one handle and " + mode + " in another: " + h);
                    }
                    onlySplit &= mode == Mode.SPLIT_DISTRIBUTE;
                }
                int subtask = s;
                byDelegate.computeIfAbsent(h.getDelegateStateHandle(), d -> {
                    OldStream stream = new OldStream(streams.size(), subtask, d);
                    streams.add(stream);
                    return stream;
                }).add(h);
            }
        }
        if (onlySplit && newParallelism == oldParallelism) {
            List<List<OperatorStateHandle>> unchanged = new ArrayList<>(oldParallelism);
            for (List<OperatorStateHandle> handles : previousParallelSubtaskStates) {
                List<OperatorStateHandle> copy = new ArrayList<>();
                if (handles != null) {
                    for (OperatorStateHandle h : handles) {
                        if (h != null) {
                            copy.add(h);
                        }
                    }
                }
                unchanged.add(List.copyOf(copy));
            }
            return List.copyOf(unchanged);
        }
        for (OldStream stream : streams) {
            stream.classify();
        }

        // 2. split states: chunk the concatenation of all old elements; pieces[i]: stream -> (name -> offsets)
        List<Map<Integer, Map<String, StateMetaInfo>>> pieces = new ArrayList<>(newParallelism);
        for (int i = 0; i < newParallelism; i++) {
            pieces.add(new HashMap<>());
        }
        // 3. broadcast states: for each name, the stream each old subtask index reads it from
        Map<String, int[]> broadcastSource = new HashMap<>();
        for (Map.Entry<String, Mode> e : modes.entrySet()) {
            if (e.getValue() == Mode.SPLIT_DISTRIBUTE) {
                splitState(e.getKey(), streams, pieces);
            } else if (e.getValue() == Mode.BROADCAST) {
                broadcastSource.put(e.getKey(), broadcastSources(e.getKey(), streams, oldParallelism));
            }
        }

        // 4. assemble: at most one handle per old stream and new subtask
        List<List<OperatorStateHandle>> result = new ArrayList<>(newParallelism);
        for (int i = 0; i < newParallelism; i++) {
            int preferred = i % oldParallelism;
            List<OperatorStateHandle> assigned = new ArrayList<>();
            for (OldStream stream : streams) {
                Map<String, StateMetaInfo> split = pieces.get(i).get(stream.index);
                int broadcastChosen = 0;
                for (String name : stream.broadcastNames) {
                    if (broadcastSource.get(name)[preferred] == stream.index) {
                        broadcastChosen++;
                    }
                }
                boolean allBroadcast = broadcastChosen == stream.broadcastNames.size();
                if (split == null && (broadcastChosen == 0 || allBroadcast)) {
                    if (!stream.unionNames.isEmpty() || broadcastChosen > 0) {
                        assigned.add(stream.nonSplit(broadcastChosen > 0));
                    }
                    continue;
                }
                Map<String, StateMetaInfo> m = new LinkedHashMap<>();
                boolean complete = true;
                for (Map.Entry<String, StateMetaInfo> e : stream.states.entrySet()) {
                    String name = e.getKey();
                    StateMetaInfo meta = e.getValue();
                    StateMetaInfo part;
                    switch (meta.getDistributionMode()) {
                        case UNION:
                            part = meta;
                            break;
                        case BROADCAST:
                            part = broadcastSource.get(name)[preferred] == stream.index ? meta : null;
                            break;
                        default:
                            part = split == null ? null : split.get(name);
                    }
                    if (part != null) {
                        m.put(name, part);
                    }
                    complete &= part == meta;
                }
                if (complete) {
                    assigned.add(stream.full());
                } else if (!m.isEmpty()) {
                    assigned.add(new OperatorStreamStateHandle(m, stream.delegate));
                }
            }
            result.add(List.copyOf(assigned));
        }
        return List.copyOf(result);
    }

    /** Cuts one split state's elements into near-equal contiguous chunks, one per new subtask. */
    private static void splitState(String name, List<OldStream> streams, List<Map<Integer, Map<String, StateMetaInfo>>> pieces) {
        List<OldStream> holders = new ArrayList<>();
        long total = 0;
        for (OldStream stream : streams) {
            StateMetaInfo meta = stream.states.get(name);
            if (meta != null && meta.getOffsetCount() > 0) {
                holders.add(stream);
                total += meta.getOffsetCount();
            }
        }
        int newParallelism = pieces.size();
        long segmentStart = 0;
        int h = 0;
        for (int i = 0; i < newParallelism && h < holders.size(); i++) {
            long lo = total * i / newParallelism;
            long hi = total * (i + 1) / newParallelism;
            while (lo < hi) {
                OldStream stream = holders.get(h);
                StateMetaInfo meta = stream.states.get(name);
                long segmentEnd = segmentStart + meta.getOffsetCount();
                long to = Math.min(hi, segmentEnd);
                StateMetaInfo part = lo == segmentStart && to == segmentEnd
                        ? meta
                        : new StateMetaInfo(
                                Arrays.copyOfRange(meta.getOffsets(), (int) (lo - segmentStart), (int) (to - segmentStart)),
                                Mode.SPLIT_DISTRIBUTE);
                pieces.get(i).computeIfAbsent(stream.index, k -> new HashMap<>()).put(name, part);
                lo = to;
                if (to == segmentEnd) {
                    segmentStart = segmentEnd;
                    h++;
                }
            }
        }
    }

    /**
     * @return for each old subtask index k, the stream that new subtasks with {@code i mod oldParallelism == k}
     *     read a broadcast state from: the first stream of old subtask k holding it, else of k+1, ...
     */
    private static int[] broadcastSources(String name, List<OldStream> streams, int oldParallelism) {
        int[] bySubtask = new int[oldParallelism];
        Arrays.fill(bySubtask, -1);
        for (OldStream stream : streams) {
            if (stream.states.containsKey(name) && bySubtask[stream.oldSubtask] < 0) {
                bySubtask[stream.oldSubtask] = stream.index;
            }
        }
        int[] source = new int[oldParallelism];
        for (int k = 0; k < oldParallelism; k++) {
            int s = -1;
            for (int step = 0; step < oldParallelism && s < 0; step++) {
                s = bySubtask[(k + step) % oldParallelism];
            }
            source[k] = s;
        }
        return source;
    }

    /** Merges the offsets of one state listed by two handles of the same stream. */
    static StateMetaInfo merge(String name, StateMetaInfo a, StateMetaInfo b) {
        if (a.getDistributionMode() != b.getDistributionMode()) {
            throw new IllegalArgumentException("operator state '" + name + "' is " + a.getDistributionMode()
                    + " in one handle and " + b.getDistributionMode() + " in another handle of the same stream");
        }
        long[] merged = new long[a.getOffsetCount() + b.getOffsetCount()];
        System.arraycopy(a.getOffsets(), 0, merged, 0, a.getOffsetCount());
        System.arraycopy(b.getOffsets(), 0, merged, a.getOffsetCount(), b.getOffsetCount());
        Arrays.sort(merged);
        int n = 0;
        for (int i = 0; i < merged.length; i++) {
            if (n == 0 || merged[i] != merged[n - 1]) {
                merged[n++] = merged[i];
            }
        }
        return new StateMetaInfo(Arrays.copyOf(merged, n), a.getDistributionMode());
    }
}
