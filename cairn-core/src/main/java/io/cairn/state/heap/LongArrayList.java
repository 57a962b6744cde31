package io.cairn.state.heap;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A {@code List<Long>} backed by a {@code long[]}: the stored value of a heap {@code ListState<Long>}
 * (see {@link CompactValues}). It holds no boxed objects, so appending writes a primitive (no
 * garbage-collector write barrier) and reading walks one array. Elements are boxed when read.
 * Null elements are rejected, as {@code ListState} does.
 *
 * <p>Not thread-safe; owned by the task thread like the map that holds it.
 */
final class LongArrayList extends AbstractList<Long> implements RandomAccess, CompactValues.Copyable {

    private long[] elements;
    private int size;

    /** Creates an empty list with room for {@code capacity} elements. */
    LongArrayList(int capacity) {
        elements = new long[Math.max(capacity, 1)];
    }

    private LongArrayList(long[] elements, int size) {
        this.elements = elements;
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

    @Override
    public LongArrayList copy() {
        return new LongArrayList(Arrays.copyOf(elements, Math.max(size, 1)), size);
    }

    @Override
    public int size() {
        return size;
    }

    /** @return the element at {@code index}, unboxed */
    long getLong(int index) {
        Objects.checkIndex(index, size);
        return elements[index];
    }

    @Override
    public Long get(int index) {
        return getLong(index);
    }

    @Override
    public Long set(int index, Long element) {
        Objects.checkIndex(index, size);
        long old = elements[index];
        elements[index] = element;
        return old;
    }

    @Override
    public boolean add(Long element) {
        long v = element;
        if (size == elements.length) {
            elements = Arrays.copyOf(elements, newCapacity(size + 1));
        }
        elements[size++] = v;
        modCount++;
        return true;
    }

    @Override
    public void add(int index, Long element) {
        Objects.checkIndex(index, size + 1);
        long v = element;
        if (size == elements.length) {
            elements = Arrays.copyOf(elements, newCapacity(size + 1));
        }
        System.arraycopy(elements, index, elements, index + 1, size - index);
        elements[index] = v;
        size++;
        modCount++;
    }

    @Override
    public boolean addAll(Collection<? extends Long> c) {
        Object[] added = c.toArray();
        if (added.length == 0) {
            return false;
        }
        if (size + added.length > elements.length) {
            elements = Arrays.copyOf(elements, newCapacity(size + added.length));
        }
        for (Object o : added) {
            elements[size++] = (Long) Objects.requireNonNull(o, "LongArrayList does not hold null elements");
        }
        modCount++;
        return true;
    }

    @Override
    public Long remove(int index) {
        Objects.checkIndex(index, size);
        long old = elements[index];
        System.arraycopy(elements, index + 1, elements, index, size - index - 1);
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
        int grown = elements.length + (elements.length >> 1) + 1;
        if (needed > Integer.MAX_VALUE - 8) {
            throw new OutOfMemoryError("list too large: " + needed + " elements");
        }
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
                return elements[next++];
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
