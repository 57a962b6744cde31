package io.cairn.state.rocksdb;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A write-through cache, on the Java heap, of the stored bytes of one keyed backend's RocksDB keys,
 * so that reading a key that was recently read or written costs a hash lookup instead of a RocksDB
 * {@code get} (a JNI call and a search of the memtables and table files).
 *
 * <p><b>RocksDB stays the truth.</b> The cache holds, for a (state, RocksDB key), either the exact
 * bytes RocksDB holds for it or the fact that RocksDB holds nothing ("absent"). The backend keeps
 * that true: every point write goes to RocksDB first and then to the cache in the same call
 * ({@link #put}, {@link #append} for a list merge, {@link #putAbsent} for a delete); writes that
 * bypass the point path either remove the keys they touch ({@link #remove}) or happen before the
 * state can be read (restores, migrations). Snapshots read RocksDB, never this cache, and a restore
 * builds a new backend with an empty one, so the cache changes nothing about what a checkpoint holds.
 *
 * <p><b>Layout.</b> Open addressing with linear probing over two parallel arrays, so that a lookup
 * touches three cache lines, not six: {@code meta[slot]} packs the key's hash (32 bits), its length
 * (16), the state (14), an absent flag and the CLOCK referenced bit, and {@code entries[slot]} is one
 * array of the key bytes followed by the value bytes. A slot whose meta is 0 is free (a key is never
 * empty: it starts with the key-group bytes). A removal shifts the rest of its cluster back, so there
 * are no tombstones. Empty keys, keys longer than 65,535 bytes and states past the 16,384th are not cached.
 *
 * <p><b>Memory.</b> An entry is charged its array ({@value #ENTRY_OVERHEAD} bytes of header and
 * padding plus its key and value bytes) and the table {@value #SLOT_BYTES} bytes per slot. When the
 * total passes the budget (asked on every insert, since the share of a managed pool falls when more
 * backends join), entries are evicted in CLOCK order: the hand clears the referenced bit of entries
 * used since its last pass and evicts the first entry without it.
 *
 * <p><b>Threads.</b> The task thread only, like the rest of the backend's point access.
 */
final class RocksDBValueCache {

    /** Bytes charged per entry besides its key and value: the array header and padding. */
    static final int ENTRY_OVERHEAD = 24;
    /** Bytes charged per table slot: a long and a reference. */
    static final int SLOT_BYTES = 12;
    /** The largest key length that is cached. */
    static final int MAX_KEY_LENGTH = 0xFFFF;
    /** States with a cache id at or past this are not cached. */
    static final int MAX_STATES = 1 << 14;

    private static final int INITIAL_CAPACITY = 1024;
    private static final long REFERENCED = 1L;
    private static final long ABSENT = 2L;
    /** The bits that identify a key: hash, length and state. */
    private static final long IDENTITY = ~(REFERENCED | ABSENT);

    private final LongSupplier budget;

    private long[] meta;
    private byte[][] entries;
    private int mask;
    private int size;
    /** Weight of the entries, without the table. */
    private long entryWeight;
    private int hand;

    /** @param budget the bytes this cache may hold, asked on every insert */
    RocksDBValueCache(LongSupplier budget) {
        this.budget = budget;
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(int capacity) {
        meta = new long[capacity];
        entries = new byte[capacity][];
        mask = capacity - 1;
    }

    /** @return whether a key of this state and length can be cached */
    static boolean cacheable(int state, int keyLength) {
        return state < MAX_STATES && keyLength > 0 && keyLength <= MAX_KEY_LENGTH;
    }

    /** @return the identity bits of a key (never 0, since a key is never empty) */
    private static long identity(int state, byte[] key, int length) {
        int h = state * 0x9E3779B9;
        for (int i = 0; i < length; i++) {
            h = 31 * h + key[i];
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return ((long) h << 32) | ((long) length << 16) | ((long) state << 2);
    }

    private static int home(long identity) {
        return (int) (identity >>> 32);
    }

    private static int keyLength(long meta) {
        return (int) (meta >>> 16) & 0xFFFF;
    }

    /** @return the slot of the key, or {@code -(free slot) - 1} where it would go */
    private int find(long identity, byte[] key, int length) {
        long[] ms = meta;
        for (int i = home(identity) & mask; ; i = (i + 1) & mask) {
            long m = ms[i];
            if (m == 0) {
                return -i - 1;
            }
            if ((m & IDENTITY) == identity && Arrays.equals(entries[i], 0, length, key, 0, length)) {
                return i;
            }
        }
    }

    /**
     * Looks a key up and marks it used.
     *
     * @param state the state's cache id
     * @param key the RocksDB key; its first {@code length} bytes are read
     * @return the slot, valid until the next write to this cache, or -1 if the key is not cached
     */
    int lookup(int state, byte[] key, int length) {
        if (!cacheable(state, length)) {
            return -1;
        }
        int slot = find(identity(state, key, length), key, length);
        if (slot < 0) {
            return -1;
        }
        meta[slot] |= REFERENCED;
        return slot;
    }

    /** @return whether RocksDB holds nothing for the key in a slot from {@link #lookup} */
    boolean isAbsent(int slot) {
        return (meta[slot] & ABSENT) != 0;
    }

    /** @return the array of the entry in a slot: the key, then the value from {@link #valueOffset} (read only) */
    byte[] entry(int slot) {
        return entries[slot];
    }

    /** @return where the value starts in {@link #entry}: the key's length */
    int valueOffset(int slot) {
        return keyLength(meta[slot]);
    }

    /**
     * Caches a key and value after a RocksDB read, and returns the entry (key, then value), into which
     * the caller copies the value's {@code valueLength} bytes at offset {@code length}. If the key
     * cannot be cached the array is still returned, just not kept.
     */
    byte[] newEntry(int state, byte[] key, int length, int valueLength) {
        byte[] entry = new byte[length + valueLength];
        System.arraycopy(key, 0, entry, 0, length);
        if (cacheable(state, length)) {
            store(identity(state, key, length), key, length, entry, 0);
        }
        return entry;
    }

    /** Records the bytes RocksDB now holds for a key ({@code valueLength} of them from {@code valueOffset}). */
    void put(int state, byte[] key, int length, byte[] value, int valueOffset, int valueLength) {
        if (!cacheable(state, length)) {
            return;
        }
        long id = identity(state, key, length);
        int slot = find(id, key, length);
        if (slot >= 0) {
            byte[] old = entries[slot];
            if (old.length - length == valueLength) {
                System.arraycopy(value, valueOffset, old, length, valueLength);
                meta[slot] = id | REFERENCED;
                return;
            }
        }
        byte[] entry = new byte[length + valueLength];
        System.arraycopy(key, 0, entry, 0, length);
        System.arraycopy(value, valueOffset, entry, length, valueLength);
        store(id, key, length, entry, 0);
    }

    /** Records that RocksDB holds nothing for a key. */
    void putAbsent(int state, byte[] key, int length) {
        if (!cacheable(state, length)) {
            return;
        }
        long id = identity(state, key, length);
        int slot = find(id, key, length);
        if (slot >= 0) {
            meta[slot] = id | ABSENT | REFERENCED; // keeps the array: a later put of the same length reuses it
            return;
        }
        store(id, key, length, Arrays.copyOf(key, length), ABSENT);
    }

    /**
     * Mirrors a RocksDB merge with the list state's operator (plain concatenation): a cached value gets
     * the operand appended, a key known to be absent gets the operand as its value, and a key that is
     * not cached stays uncached (its stored bytes are unknown).
     */
    void append(int state, byte[] key, int length, byte[] operand, int operandOffset, int operandLength) {
        if (!cacheable(state, length)) {
            return;
        }
        long id = identity(state, key, length);
        int slot = find(id, key, length);
        if (slot < 0) {
            return;
        }
        byte[] old = entries[slot];
        int keep = (meta[slot] & ABSENT) != 0 ? length : old.length;
        byte[] joined = Arrays.copyOf(old, keep + operandLength);
        System.arraycopy(operand, operandOffset, joined, keep, operandLength);
        store(id, key, length, joined, 0);
    }

    /** Forgets a key, if cached. */
    void remove(int state, byte[] key, int length) {
        if (!cacheable(state, length)) {
            return;
        }
        int slot = find(identity(state, key, length), key, length);
        if (slot >= 0) {
            removeSlot(slot);
        }
    }

    /** Forgets everything. */
    void clear() {
        Arrays.fill(meta, 0);
        Arrays.fill(entries, null);
        size = 0;
        entryWeight = 0;
        hand = 0;
    }

    /** Sets the entry of a key (inserting it if new), then evicts down to the budget. */
    private void store(long id, byte[] key, int length, byte[] entry, long flags) {
        int slot = find(id, key, length);
        if (slot >= 0) {
            entryWeight += entry.length - entries[slot].length;
        } else {
            if ((size + 1) * 2L > meta.length) {
                grow();
                slot = find(id, key, length);
            }
            slot = -slot - 1;
            size++;
            entryWeight += entry.length + ENTRY_OVERHEAD;
        }
        entries[slot] = entry;
        meta[slot] = id | flags | REFERENCED;
        evictOverBudget();
    }

    private void grow() {
        long[] oldMeta = meta;
        byte[][] oldEntries = entries;
        allocate(oldMeta.length * 2);
        for (int i = 0; i < oldMeta.length; i++) {
            long m = oldMeta[i];
            if (m != 0) {
                int j = home(m) & mask;
                while (meta[j] != 0) {
                    j = (j + 1) & mask;
                }
                meta[j] = m;
                entries[j] = oldEntries[i];
            }
        }
        hand = 0;
    }

    private void evictOverBudget() {
        long limit = budget.getAsLong() - (long) meta.length * SLOT_BYTES;
        while (entryWeight > limit && size > 0) {
            int i = hand;
            long m = meta[i];
            if (m == 0) {
                hand = (i + 1) & mask;
            } else if ((m & REFERENCED) != 0) {
                meta[i] = m & ~REFERENCED;
                hand = (i + 1) & mask;
            } else {
                removeSlot(i); // a later entry of the cluster may move into slot i: the hand looks at it next
            }
        }
    }

    /** Removes the entry in a slot and shifts the rest of its cluster back (no tombstones). */
    private void removeSlot(int slot) {
        entryWeight -= entries[slot].length + ENTRY_OVERHEAD;
        size--;
        int hole = slot;
        for (int i = (slot + 1) & mask; meta[i] != 0; i = (i + 1) & mask) {
            int home = home(meta[i]) & mask;
            // the entry at i may fill the hole unless its home lies in the cyclic range (hole, i]
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                meta[hole] = meta[i];
                entries[hole] = entries[i];
                hole = i;
            }
        }
        meta[hole] = 0;
        entries[hole] = null;
    }

    /** @return the number of cached keys */
    int size() {
        return size;
    }

    /** @return the bytes charged: entries plus the table */
    long weight() {
        return entryWeight + (long) meta.length * SLOT_BYTES;
    }
}
