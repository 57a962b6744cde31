package io.cairn.state.handle;

import io.cairn.fs.FSDataInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A handle to operator state: one stream written by one subtask's operator state backend, with, for
 * each state it carries, where that state's elements (or entry section) lie in the stream.
 * Repartitioning creates handles that share the stream but list only some elements.
 */
public interface OperatorStateHandle extends StreamStateHandle {

    /** How a state's contents are distributed when the parallelism changes. */
    enum Mode {
        /** List state whose elements are split between the new subtasks; none lost, none duplicated. */
        SPLIT_DISTRIBUTE,
        /** List state of which every new subtask gets all elements of all old subtasks. */
        UNION,
        /** Map state identical on every subtask; every new subtask gets one copy. */
        BROADCAST
    }

    /** @return for each state in this handle, its mode and offsets; unmodifiable, in stream order */
    Map<String, StateMetaInfo> getStateNameToPartitionOffsets();

    /**
     * Opens the underlying stream (the whole stream, not just the listed elements).
     *
     * @return a seekable stream positioned at the start
     * @throws IOException if the data cannot be opened
     */
    @Override
    FSDataInputStream openInputStream() throws IOException;

    /** @return the stream holding the data, shared by every handle repartitioned from the same snapshot */
    StreamStateHandle getDelegateStateHandle();

    /**
     * Where one state lies in the stream: the offset of each list element (both list modes) or of
     * each entry section (broadcast: normally exactly one), ascending, and how it is distributed.
     * Immutable.
     */
    final class StateMetaInfo implements Serializable {

        private static final long serialVersionUID = 1L;

        private final long[] offsets;
        private final Mode distributionMode;

        /**
         * @param offsets the offsets, strictly ascending and not negative; copied
         * @param distributionMode how the state is distributed on rescaling
         * @throws IllegalArgumentException if an offset is negative or out of order
         */
        public StateMetaInfo(long[] offsets, Mode distributionMode) {
            Objects.requireNonNull(offsets, "offsets cannot be null");
            this.distributionMode = Objects.requireNonNull(distributionMode, "distributionMode cannot be null");
            this.offsets = offsets.clone();
            for (int i = 0; i < this.offsets.length; i++) {
                long o = this.offsets[i];
                if (o < 0) {
                    throw new IllegalArgumentException("offset must not be negative: offsets[" + i + "]=" + o);
                }
                if (i > 0 && o <= this.offsets[i - 1]) {
                    throw new IllegalArgumentException("offsets must be strictly ascending: offsets[" + (i - 1)
                            + "]=" + this.offsets[i - 1] + ", offsets[" + i + "]=" + o);
                }
            }
        }

        /** @return a copy of the offsets */
        public long[] getOffsets() {
            return offsets.clone();
        }

        /** @return the number of offsets (list elements, or broadcast entry sections) */
        public int getOffsetCount() {
            return offsets.length;
        }

        /**
         * @param index the position, 0 to {@link #getOffsetCount()} - 1
         * @return the offset at that position
         * @throws IndexOutOfBoundsException if {@code index} is out of range
         */
        public long getOffset(int index) {
            return offsets[index];
        }

        /** @return how the state is distributed on rescaling */
        public Mode getDistributionMode() {
            return distributionMode;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof StateMetaInfo
                    && distributionMode == ((StateMetaInfo) o).distributionMode
                    && Arrays.equals(offsets, ((StateMetaInfo) o).offsets);
        }

        @Override
        public int hashCode() {
            return 31 * distributionMode.hashCode() + Arrays.hashCode(offsets);
        }

        @Override
        public String toString() {
            return "StateMetaInfo{" + distributionMode + ", " + offsets.length + " offsets"
                    + (offsets.length == 0 ? "" : " " + offsets[0] + ".." + offsets[offsets.length - 1]) + "}";
        }
    }
}
