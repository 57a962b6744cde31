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
 * (see {@link CompactValues}). It holds no boxed objects, so appending writes a primitive (no
 * garbage-collector write barrier) and reading walks one array. Elements are boxed when read. Null
 * elements are rejected, as {@code ListState} does.
 *
 * <h2>Widths</h2>
 * The array is the narrowest of {@code byte[]}, {@code short[]}, {@code int[]} and {@code long[]}
 * that holds every element so far ({@link #width} 1, 2, 4 or 8 bytes per element); an element that
 * does not fit widens the array for good. A read of a list is bound by the cache lines it touches
 * (a list read for a random key comes from the last-level cache or memory), so a list of small
 * numbers read in a quarter of the lines of an {@code int[]} is read faster. Which width a list has
 * depends only on its data: lists of timestamps or ids stay {@code long[]}.
 *
 * <p>Not thread-safe; owned by the task thread like the map that holds it.
 */
final class LongArrayList extends AbstractList<Long> implements RandomAccess, CompactValues.Copyable {

    /** The elements: a byte[], short[], int[] or long[] as {@link #width} says. */
    private Object data;
    /** Bytes per element of {@link #data}: 1, 2, 4 or 8. */
    private int width;
    private int size;

    /** Creates an empty list with room for {@code capacity} elements. */
    LongArrayList(int capacity) {
        data = new byte[Math.max(capacity, 1)];
        width = 1;
    }

    private LongArrayList(Object data, int width, int size) {
        this.data = data;
        this.width = width;
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

    /** @return the bytes per element {@code value} needs: 1, 2, 4 or 8 */
    static int widthOf(long value) {
        if (value == (byte) value) {
            return 1;
        }
        if (value == (short) value) {
            return 2;
        }
        return value == (int) value ? 4 : 8;
    }

    /** @return the bytes per element of the backing array (for tests) */
    int width() {
        return width;
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
        switch (width) {
            case 1 -> {
                byte[] a = (byte[]) data;
                for (int i = 0; i < n; i++) {
                    out.writeLong(a[i]);
                }
            }
            case 2 -> {
                short[] a = (short[]) data;
                for (int i = 0; i < n; i++) {
                    out.writeLong(a[i]);
                }
            }
            case 4 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < n; i++) {
                    out.writeLong(a[i]);
                }
            }
            default -> {
                long[] a = (long[]) data;
                for (int i = 0; i < n; i++) {
                    out.writeLong(a[i]);
                }
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

    /**
     * {@inheritDoc}
     *
     * <p>The copy has this list's capacity, not just its size: a heap snapshot's copy-on-write copies a
     * list so that it can be written to, and a copy cut to its size would grow at its next append.
     * (Appending to such a copy right after the first snapshot was the first growth of the demo's
     * lists, and threw away HotSpot C2's compiled code that had never seen one.)
     */
    @Override
    public LongArrayList copy() {
        Object copied = switch (width) {
            case 1 -> ((byte[]) data).clone();
            case 2 -> ((short[]) data).clone();
            case 4 -> ((int[]) data).clone();
            default -> ((long[]) data).clone();
        };
        return new LongArrayList(copied, width, size);
    }

    @Override
    public int size() {
        return size;
    }

    /** @return how many elements the array holds before it grows */
    int capacity() {
        return switch (width) {
            case 1 -> ((byte[]) data).length;
            case 2 -> ((short[]) data).length;
            case 4 -> ((int[]) data).length;
            default -> ((long[]) data).length;
        };
    }

    /** Makes room for {@code needed} elements and for {@code value}, widening if it needs more bytes. */
    private void ensure(int needed, long value) {
        int newWidth = Math.max(width, widthOf(value));
        int capacity = capacity();
        int length = needed > capacity ? newCapacity(needed) : capacity;
        if (newWidth == width && length == capacity) {
            return;
        }
        Object grown;
        if (newWidth == width) {
            grown = switch (width) {
                case 1 -> Arrays.copyOf((byte[]) data, length);
                case 2 -> Arrays.copyOf((short[]) data, length);
                case 4 -> Arrays.copyOf((int[]) data, length);
                default -> Arrays.copyOf((long[]) data, length);
            };
        } else {
            grown = switch (newWidth) {
                case 2 -> new short[length];
                case 4 -> new int[length];
                default -> new long[length];
            };
            for (int i = 0; i < size; i++) {
                store(grown, newWidth, i, read(i));
            }
        }
        data = grown;
        width = newWidth;
    }

    /** Stores {@code value}, which must fit {@code w}, at {@code index} of {@code array} of width {@code w}. */
    private static void store(Object array, int w, int index, long value) {
        switch (w) {
            case 1 -> ((byte[]) array)[index] = (byte) value;
            case 2 -> ((short[]) array)[index] = (short) value;
            case 4 -> ((int[]) array)[index] = (int) value;
            default -> ((long[]) array)[index] = value;
        }
    }

    /** @return the element at {@code index}, which must be below the array's length */
    private long read(int index) {
        return switch (width) {
            case 1 -> ((byte[]) data)[index];
            case 2 -> ((short[]) data)[index];
            case 4 -> ((int[]) data)[index];
            default -> ((long[]) data)[index];
        };
    }

    /** @return the element at {@code index}, unboxed */
    long getLong(int index) {
        Objects.checkIndex(index, size);
        return read(index);
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
        store(data, width, index, v);
        return old;
    }

    @Override
    public boolean add(Long element) {
        addLong(element);
        return true;
    }

    /** Appends a primitive element. */
    void addLong(long v) {
        int s = size;
        boolean stored = false;
        // the common case, in place: the element fits the width and the array has room
        switch (width) {
            case 1 -> {
                byte[] a = (byte[]) data;
                if (s < a.length && v == (byte) v) {
                    a[s] = (byte) v;
                    stored = true;
                }
            }
            case 2 -> {
                short[] a = (short[]) data;
                if (s < a.length && v == (short) v) {
                    a[s] = (short) v;
                    stored = true;
                }
            }
            case 4 -> {
                int[] a = (int[]) data;
                if (s < a.length && v == (int) v) {
                    a[s] = (int) v;
                    stored = true;
                }
            }
            default -> {
                long[] a = (long[]) data;
                if (s < a.length) {
                    a[s] = v;
                    stored = true;
                }
            }
        }
        if (!stored) {
            ensure(s + 1, v);
            store(data, width, s, v);
        }
        size = s + 1;
        modCount++;
    }

    @Override
    public void add(int index, Long element) {
        Objects.checkIndex(index, size + 1);
        long v = element;
        ensure(size + 1, v);
        System.arraycopy(data, index, data, index + 1, size - index);
        store(data, width, index, v);
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
        System.arraycopy(data, index + 1, data, index, size - index - 1);
        size--;
        modCount++;
        return old;
    }

    @Override
    public void clear() {
        size = 0;
        modCount++;
    }

    /**
     * Replaces the elements with {@code values[0..n)}: in the array the list has when it has room
     * for them, is wide enough (see {@link #width}) and not much larger than needed (more than
     * {@code 2n + 16} elements), else in a new array of exactly {@code n}, wider for good as needed.
     * {@code values} must not be this list's own array.
     *
     * @param values the new elements
     * @param n how many of them
     */
    void setLongs(long[] values, int n) {
        int w = width;
        for (int i = 0; i < n; i++) {
            w = Math.max(w, widthOf(values[i]));
        }
        int capacity = capacity();
        int length = n > capacity || capacity > 2 * n + 16 ? Math.max(n, 1) : capacity;
        if (w != width || length != capacity) {
            data = switch (w) {
                case 1 -> new byte[length];
                case 2 -> new short[length];
                case 4 -> new int[length];
                default -> new long[length];
            };
            width = w;
        }
        switch (width) {
            case 1 -> {
                byte[] a = (byte[]) data;
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) values[i];
                }
            }
            case 2 -> {
                short[] a = (short[]) data;
                for (int i = 0; i < n; i++) {
                    a[i] = (short) values[i];
                }
            }
            case 4 -> {
                int[] a = (int[]) data;
                for (int i = 0; i < n; i++) {
                    a[i] = (int) values[i];
                }
            }
            default -> System.arraycopy(values, 0, data, 0, n);
        }
        size = n;
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
                return read(next++);
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
