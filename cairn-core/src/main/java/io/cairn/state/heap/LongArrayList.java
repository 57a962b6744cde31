package io.cairn.state.heap;

import io.cairn.serialization.DataInputView;
import io.cairn.serialization.DataOutputView;
import java.io.IOException;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A {@code List<Long>} backed by a primitive array: the stored value of a heap {@code ListState<Long>}
 * (see {@link CompactValues}). While every element fits in an {@code int} the array is an
 * {@code int[]} (4 bytes per element, as much as a compressed reference but with nothing to follow);
 * the first element outside that range widens it to a {@code long[]} for good. It holds no boxed
 * objects, so appending writes a primitive (no garbage-collector write barrier) and reading walks one
 * array. Elements are boxed when read. Null elements are rejected, as {@code ListState} does.
 *
 * <p>Not thread-safe; owned by the task thread like the map that holds it.
 */
final class LongArrayList extends AbstractList<Long> implements RandomAccess, CompactValues.Copyable {

    /** The elements while all fit in an int; null once widened. */
    private int[] ints;
    /** The elements once widened; null before. */
    private long[] longs;
    private int size;

    /** Creates an empty list with room for {@code capacity} elements. */
    LongArrayList(int capacity) {
        ints = new int[Math.max(capacity, 1)];
    }

    private LongArrayList(int[] ints, long[] longs, int size) {
        this.ints = ints;
        this.longs = longs;
        this.size = size;
    }

    /** @return a list holding {@code from}'s elements, in order */
    static LongArrayList copyOf(Collection<? extends Long> from) {
        LongArrayList list = new LongArrayList(from.size());
        for (Long l : from) {
            list.add(l);
        }
        return list;
    }

    /**
     * Writes this list exactly as a {@code ListSerializer} over {@code LongSerializer} writes it (an
     * int size, then each element as a big-endian long), reading the primitive array directly.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    void writeTo(DataOutputView out) throws IOException {
        int n = size;
        out.writeInt(n);
        if (ints != null) {
            int[] a = ints;
            for (int i = 0; i < n; i++) {
                out.writeLong(a[i]);
            }
        } else {
            long[] a = longs;
            for (int i = 0; i < n; i++) {
                out.writeLong(a[i]);
            }
        }
    }

    /**
     * Reads a list written by {@link #writeTo} (or by a {@code ListSerializer} over
     * {@code LongSerializer}) straight into the primitive array.
     *
     * @param in where to read
     * @param owner the serializer the bytes belong to, named in the error for a corrupt size
     * @return the list
     * @throws IOException if reading fails or the size is negative
     */
    static LongArrayList readFrom(DataInputView in, Object owner) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException(owner + " read a negative size " + n + "; the data is corrupt");
        }
        // a corrupt size must not allocate more than the bytes can hold; the list grows if needed
        LongArrayList list = new LongArrayList(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            list.addLong(in.readLong());
        }
        return list;
    }

    @Override
    public LongArrayList copy() {
        int length = Math.max(size, 1);
        return ints != null
                ? new LongArrayList(Arrays.copyOf(ints, length), null, size)
                : new LongArrayList(null, Arrays.copyOf(longs, length), size);
    }

    @Override
    public int size() {
        return size;
    }

    private int capacity() {
        return ints != null ? ints.length : longs.length;
    }

    /** Makes room for {@code needed} elements and for {@code value}, widening if it needs a long. */
    private void ensure(int needed, long value) {
        if (ints != null && (int) value != value) {
            long[] widened = new long[Math.max(needed, ints.length)];
            for (int i = 0; i < size; i++) {
                widened[i] = ints[i];
            }
            ints = null;
            longs = widened;
        }
        if (needed > capacity()) {
            int grown = newCapacity(needed);
            if (ints != null) {
                ints = Arrays.copyOf(ints, grown);
            } else {
                longs = Arrays.copyOf(longs, grown);
            }
        }
    }

    private void write(int index, long value) {
        if (ints != null) {
            ints[index] = (int) value;
        } else {
            longs[index] = value;
        }
    }

    /** @return the element at {@code index}, unboxed */
    long getLong(int index) {
        Objects.checkIndex(index, size);
        return ints != null ? ints[index] : longs[index];
    }

    @Override
    public Long get(int index) {
        return getLong(index);
    }

    @Override
    public Long set(int index, Long element) {
        long v = element;
        long old = getLong(index);
        ensure(size, v);
        write(index, v);
        return old;
    }

    @Override
    public boolean add(Long element) {
        addLong(element);
        return true;
    }

    /** Appends a primitive element. */
    void addLong(long v) {
        if (ints != null && size < ints.length && (int) v == v) {
            ints[size++] = (int) v;
        } else {
            ensure(size + 1, v);
            write(size++, v);
        }
        modCount++;
    }

    @Override
    public void add(int index, Long element) {
        Objects.checkIndex(index, size + 1);
        long v = element;
        ensure(size + 1, v);
        if (ints != null) {
            System.arraycopy(ints, index, ints, index + 1, size - index);
        } else {
            System.arraycopy(longs, index, longs, index + 1, size - index);
        }
        write(index, v);
        size++;
        modCount++;
    }

    @Override
    public boolean addAll(Collection<? extends Long> c) {
        Object[] added = c.toArray();
        if (added.length == 0) {
            return false;
        }
        for (Object o : added) {
            add((Long) Objects.requireNonNull(o, "LongArrayList does not hold null elements"));
        }
        return true;
    }

    @Override
    public Long remove(int index) {
        long old = getLong(index);
        if (ints != null) {
            System.arraycopy(ints, index + 1, ints, index, size - index - 1);
        } else {
            System.arraycopy(longs, index + 1, longs, index, size - index - 1);
        }
        size--;
        modCount++;
        return old;
    }

    @Override
    public void clear() {
        size = 0;
        modCount++;
    }

    private int newCapacity(int needed) {
        if (needed > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("list too large: " + needed + " elements");
        }
        int length = capacity();
        long grown = length + (length >> 1) + 1L;
        return Math.max(needed, (int) Math.min(grown, Integer.MAX_VALUE - 8L));
    }

    @Override
    public Iterator<Long> iterator() {
        return new Iterator<>() {
            private int next;
            private int last = -1;
            private int expectedModCount = modCount;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Long next() {
                if (modCount != expectedModCount) {
                    throw new ConcurrentModificationException();
                }
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                last = next;
                int i = next++;
                return ints != null ? ints[i] : longs[i];
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException("next() was not called, or remove() was already called");
                }
                if (modCount != expectedModCount) {
                    throw new ConcurrentModificationException();
                }
                LongArrayList.this.remove(last);
                next = last;
                last = -1;
                expectedModCount = modCount;
            }
        };
    }
}
