package io.cairn.state.rocksdb;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;

/**
 * A write-back cache, on the Java heap, of the stored bytes of one keyed backend's RocksDB keys: a
 * read of a key that was recently read or written costs a hash lookup instead of a RocksDB
 * {@code get} (a JNI call and a search of the memtables and table files), and a point write costs
 * a cache update instead of a RocksDB {@code put}, {@code merge} or {@code delete}.
 *
 * <p><b>What it holds.</b> For a (state, RocksDB key), the bytes the key has now, or the fact that
 * it has none ("absent"). A <em>clean</em> entry equals what RocksDB holds; a <em>dirty</em> one is
 * newer than RocksDB and is written to RocksDB before anything reads RocksDB otherwise: the backend
 * calls {@link #flushDirty} before every iterator and scan (map iteration, {@code keys()}, prefix
 * deletes, migrations) and at the start of every snapshot, so checkpoints and savepoints, which read
 * RocksDB only, see every write; and an evicted dirty entry is written first, through the
 * {@link Sink} given at construction. A list append to a key that is not cached cannot be applied
 * here (the stored bytes are unknown): {@link #append} returns false and the backend merges in
 * RocksDB directly. Writes made outside the point path either {@link #remove} the keys they touch
 * or happen before the state can be read (restores). A failure discards the backend, cache and
 * all, and the job restores from its last checkpoint, so dirty entries never need to survive one.
 *
 * <p><b>Dirty list.</b> Every entry that becomes dirty is also appended (its array, whose key
 * never changes, and its state) to a list, so a flush costs the number of writes since the last one,
 * not a walk of the table; a listed key that is no longer cached or no longer dirty is skipped. When
 * the list holds {@value #MAX_DIRTY} keys, or its arrays weigh more than a quarter of the budget (an
 * array replaced or evicted since it was listed stays alive until the flush), the next write flushes
 * it through the eviction sink.
 *
 * <p><b>Layout.</b> Open addressing with linear probing over two parallel arrays, so that a lookup
 * touches three cache lines, not six: {@code meta[slot]} packs the key's hash (32 bits), its length
 * (16), the state (13), a dirty flag, an absent flag and the CLOCK referenced bit, and {@code entries[slot]} is one
 * array of the key bytes followed by the value bytes. A slot whose meta is 0 is free (a key is never
 * empty: it starts with the key-group bytes). A removal shifts the rest of its cluster back, so there
 * are no tombstones. Empty keys, keys longer than 65,535 bytes and states past the 8,192nd are not
 * cached: the backend writes them to RocksDB directly.
 *
 * <p><b>Memory.</b> An entry is charged its array ({@value #ENTRY_OVERHEAD} bytes of header and
 * padding plus its key and value bytes) and the table {@value #SLOT_BYTES} bytes per slot. When the
 * total passes the budget (asked on every insert, since the share of a managed pool falls when more
 * backends join), entries are evicted in CLOCK order: the hand clears the referenced bit of entries
 * used since its last pass and evicts the first entry without it. The table takes at most half of
 * the budget: it grows only within that, and shrinks (evicting as needed) when the budget falls, so
 * a small budget means a small table rather than evicting everything on every insert. A list value
 * longer than {@value #APPEND_LIMIT} bytes is not appended to in the cache (each append would copy
 * it): it is written back if dirty and dropped, and the append goes to RocksDB as a merge.
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
    static final int MAX_STATES = 1 << 13;
    /** Dirty keys listed before the next write flushes them. */
    static final int MAX_DIRTY = 1 << 16;

    private static final int INITIAL_CAPACITY = 1024;
    private static final int MIN_CAPACITY = 16;
    /** Cached list values longer than this are not appended to (see the class comment). */
    static final int APPEND_LIMIT = 4096;
    private static final long REFERENCED = 1L;
    private static final long ABSENT = 2L;
    private static final long DIRTY = 4L;
    /** The bits that identify a key: hash, length and state. */
    private static final long IDENTITY = ~(REFERENCED | ABSENT | DIRTY);

    /** Where dirty entries are written: into RocksDB on eviction, into a write batch on a flush. */
    interface Sink {
        /**
         * Writes one entry.
         *
         * @param state the state's cache id
         * @param entry the key (its first {@code keyLength} bytes), then the value
         * @param keyLength the key's length
         * @param absent whether the key has no value (a delete), in which case the value bytes are ignored
         * @throws RocksDBException if RocksDB refuses the write
         */
        void write(int state, byte[] entry, int keyLength, boolean absent) throws RocksDBException;
    }

    private final LongSupplier budget;
    private final Sink evictions;

    /**
     * Keys that became dirty since the last flush: the entry arrays they had then (the key comes
     * first, and a key never changes) and their states. An array replaced or evicted since is kept
     * alive by this list until the flush, so the list's arrays are bounded apart from the budget.
     */
    private byte[][] dirtyKeys = new byte[64][];
    private int[] dirtyKeyLengths = new int[64];
    private int[] dirtyStates = new int[64];
    private int dirtyCount;
    /** What the listed arrays weigh: at most a quarter of the budget, see {@link #flushIfDirtyListFull}. */
    private long dirtyKeyBytes;

    private long[] meta;
    private byte[][] entries;
    private int mask;
    private int size;
    /** Weight of the entries, without the table. */
    private long entryWeight;
    private int hand;

    /**
     * @param budget the bytes this cache may hold, asked on every insert
     * @param evictions where an evicted dirty entry is written
     */
    RocksDBValueCache(LongSupplier budget, Sink evictions) {
        this.budget = budget;
        this.evictions = evictions;
        allocate(Math.min(INITIAL_CAPACITY, maxCapacity(budget.getAsLong())));
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
    static long identity(int state, byte[] key, int length) {
        int h = state * 0x9E3779B9;
        for (int i = 0; i < length; i++) {
            h = 31 * h + key[i];
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return ((long) h << 32) | ((long) length << 16) | ((long) state << 3);
    }

    private static int home(long identity) {
        return (int) (identity >>> 32);
    }

    private static int keyLength(long meta) {
        return (int) (meta >>> 16) & 0xFFFF;
    }

    private static int state(long meta) {
        return (int) (meta >>> 3) & (MAX_STATES - 1);
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
     * Caches, as clean, what a RocksDB read found: {@code entry} holds the key's {@code keyLength}
     * bytes, then the value. The cache takes the array (the caller must not change it). Does nothing if
     * the key cannot be cached.
     */
    void adopt(int state, byte[] entry, int keyLength) throws RocksDBException {
        if (cacheable(state, keyLength)) {
            store(identity(state, entry, keyLength), entry, keyLength, entry, 0);
        }
    }

    /**
     * Sets the bytes of a key ({@code valueLength} of them from {@code valueOffset}).
     *
     * @param dirty true for a write RocksDB has not seen (the cache writes it later), false for one it has
     * @return false if the key cannot be cached (nothing changed: the caller writes RocksDB itself)
     */
    boolean put(int state, byte[] key, int length, byte[] value, int valueOffset, int valueLength, boolean dirty)
            throws RocksDBException {
        if (!cacheable(state, length)) {
            return false;
        }
        long id = identity(state, key, length);
        int slot = find(id, key, length);
        if (slot >= 0) {
            byte[] old = entries[slot];
            if (old.length - length == valueLength) {
                System.arraycopy(value, valueOffset, old, length, valueLength);
                setMeta(slot, id | REFERENCED, dirty);
                flushIfDirtyListFull(budget.getAsLong());
                return true;
            }
        }
        byte[] entry = new byte[length + valueLength];
        System.arraycopy(key, 0, entry, 0, length);
        System.arraycopy(value, valueOffset, entry, length, valueLength);
        store(id, key, length, entry, dirty ? DIRTY : 0);
        return true;
    }

    /**
     * Records that a key has no value.
     *
     * @param dirty true for a delete RocksDB has not seen, false for a key RocksDB does not hold
     * @return false if the key cannot be cached (nothing changed)
     */
    boolean putAbsent(int state, byte[] key, int length, boolean dirty) throws RocksDBException {
        if (!cacheable(state, length)) {
            return false;
        }
        long id = identity(state, key, length);
        int slot = find(id, key, length);
        if (slot >= 0) {
            // keeps the array: a later put of the same length reuses it
            setMeta(slot, id | ABSENT | REFERENCED, dirty);
            flushIfDirtyListFull(budget.getAsLong());
            return true;
        }
        store(id, key, length, Arrays.copyOf(key, length), ABSENT | (dirty ? DIRTY : 0));
        return true;
    }

    /**
     * Applies a list state's merge (plain concatenation) to a cached key, as a dirty write: a value
     * gets the operand appended, an absent key gets the operand as its value.
     *
     * @return false if the key is not cached (its stored bytes are unknown), or its value would grow
     *     past {@link #APPEND_LIMIT} (then it was written back if dirty and dropped): the caller merges
     *     in RocksDB
     */
    boolean append(int state, byte[] key, int length, byte[] operand, int operandOffset, int operandLength)
            throws RocksDBException {
        if (!cacheable(state, length)) {
            return false;
        }
        long id = identity(state, key, length);
        int slot = find(id, key, length);
        if (slot < 0) {
            return false;
        }
        byte[] old = entries[slot];
        int keep = (meta[slot] & ABSENT) != 0 ? length : old.length;
        if (keep - length + operandLength > APPEND_LIMIT) {
            evict(slot);
            return false;
        }
        byte[] joined = Arrays.copyOf(old, keep + operandLength);
        System.arraycopy(operand, operandOffset, joined, keep, operandLength);
        store(id, key, length, joined, DIRTY);
        return true;
    }

    /** Sets a slot's meta, keeping or adding the dirty flag as asked, and lists a newly dirty key. */
    private void setMeta(int slot, long bits, boolean dirty) {
        boolean wasDirty = (meta[slot] & DIRTY) != 0;
        meta[slot] = dirty ? bits | DIRTY : bits;
        if (dirty && !wasDirty) {
            listDirty(slot);
        }
    }

    private void listDirty(int slot) {
        if (dirtyCount == dirtyKeys.length) {
            int n = dirtyCount * 2;
            dirtyKeys = Arrays.copyOf(dirtyKeys, n);
            dirtyKeyLengths = Arrays.copyOf(dirtyKeyLengths, n);
            dirtyStates = Arrays.copyOf(dirtyStates, n);
        }
        long m = meta[slot];
        byte[] entry = entries[slot];
        dirtyKeys[dirtyCount] = entry; // only its key is read; it may be replaced or evicted before the flush
        dirtyKeyLengths[dirtyCount] = keyLength(m);
        dirtyStates[dirtyCount] = state(m);
        dirtyCount++;
        dirtyKeyBytes += entry.length + ENTRY_OVERHEAD;
    }

    private void flushIfDirtyListFull(long budgetBytes) throws RocksDBException {
        if (dirtyCount >= MAX_DIRTY || dirtyKeyBytes > budgetBytes / 4) {
            flushDirty(evictions);
        }
    }

    /** @return whether any entry may be dirty */
    boolean hasDirty() {
        return dirtyCount > 0;
    }

    /**
     * Writes every dirty entry to a sink and marks it clean. If the sink fails, the entries not yet
     * written stay dirty and listed.
     *
     * @param sink where the entries go (a write batch, then RocksDB)
     * @return the number of entries written
     */
    int flushDirty(Sink sink) throws RocksDBException {
        int written = 0;
        int i = 0;
        try {
            for (; i < dirtyCount; i++) {
                byte[] key = dirtyKeys[i];
                int length = dirtyKeyLengths[i];
                int state = dirtyStates[i];
                int slot = find(identity(state, key, length), key, length);
                if (slot >= 0 && (meta[slot] & DIRTY) != 0) {
                    sink.write(state, entries[slot], length, (meta[slot] & ABSENT) != 0);
                    meta[slot] &= ~DIRTY;
                    written++;
                }
            }
        } finally {
            int left = dirtyCount - i;
            System.arraycopy(dirtyKeys, i, dirtyKeys, 0, left);
            System.arraycopy(dirtyKeyLengths, i, dirtyKeyLengths, 0, left);
            System.arraycopy(dirtyStates, i, dirtyStates, 0, left);
            Arrays.fill(dirtyKeys, left, dirtyCount, null);
            dirtyCount = left;
            long bytes = 0;
            for (int j = 0; j < left; j++) {
                bytes += dirtyKeys[j].length + ENTRY_OVERHEAD;
            }
            dirtyKeyBytes = bytes;
        }
        return written;
    }

    /** Forgets a key, if cached, dirty or not: the caller has written RocksDB's newer state of it. */
    void remove(int state, byte[] key, int length) {
        if (!cacheable(state, length)) {
            return;
        }
        int slot = find(identity(state, key, length), key, length);
        if (slot >= 0) {
            removeSlot(slot);
        }
    }

    /** Forgets everything, dirty entries included (for a backend that is being discarded). */
    void clear() {
        Arrays.fill(meta, 0);
        Arrays.fill(entries, null);
        Arrays.fill(dirtyKeys, 0, dirtyCount, null);
        dirtyCount = 0;
        dirtyKeyBytes = 0;
        size = 0;
        entryWeight = 0;
        hand = 0;
    }

    /**
     * Sets the entry of a key (inserting it if new), then evicts down to the budget.
     *
     * @param flags {@link #ABSENT} and {@link #DIRTY} as they apply; a clean write clears the dirty flag
     */
    private void store(long id, byte[] key, int length, byte[] entry, long flags) throws RocksDBException {
        long budgetBytes = budget.getAsLong();
        int maxCapacity = maxCapacity(budgetBytes);
        int slot = find(id, key, length);
        if (slot >= 0) {
            entryWeight += entry.length - entries[slot].length;
        } else {
            if ((size + 1) * 2L > meta.length) {
                if (meta.length * 2 <= maxCapacity) {
                    resize(meta.length * 2);
                } else {
                    while ((size + 1) * 2L > meta.length) {
                        evictOne(); // the table may not grow: make room in it
                    }
                }
                slot = find(id, key, length);
            }
            slot = -slot - 1; // a free slot: its meta is 0, not dirty
            size++;
            entryWeight += entry.length + ENTRY_OVERHEAD;
        }
        entries[slot] = entry;
        setMeta(slot, id | (flags & ABSENT) | REFERENCED, (flags & DIRTY) != 0);
        evictOverBudget(budgetBytes, maxCapacity);
        flushIfDirtyListFull(budgetBytes);
    }

    /** @return the largest capacity whose table fits in half the budget (at least {@value #MIN_CAPACITY}) */
    private static int maxCapacity(long budgetBytes) {
        long slots = budgetBytes / 2 / SLOT_BYTES;
        int capacity = MIN_CAPACITY;
        while (capacity < (1 << 30) && (long) capacity * 2 <= slots) {
            capacity *= 2;
        }
        return capacity;
    }

    /** Rehashes into a table of {@code capacity} slots, which must hold more than twice the entries. */
    private void resize(int capacity) {
        long[] oldMeta = meta;
        byte[][] oldEntries = entries;
        allocate(capacity);
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

    private void evictOverBudget(long budgetBytes, int maxCapacity) throws RocksDBException {
        if (meta.length > maxCapacity) { // the budget fell: shrink the table
            while (size * 2L >= maxCapacity) {
                evictOne();
            }
            resize(maxCapacity);
        }
        long limit = budgetBytes - (long) meta.length * SLOT_BYTES;
        while (entryWeight > limit && size > 0) {
            evictOne();
        }
    }

    /** Moves the CLOCK hand to the next entry not used since its last pass and evicts it (writing it first if dirty). */
    private void evictOne() throws RocksDBException {
        while (true) {
            int i = hand;
            long m = meta[i];
            if (m == 0) {
                hand = (i + 1) & mask;
            } else if ((m & REFERENCED) != 0) {
                meta[i] = m & ~REFERENCED;
                hand = (i + 1) & mask;
            } else {
                evict(i); // a later entry of the cluster may move into slot i: the hand looks at it next
                return;
            }
        }
    }

    /** Removes the entry in a slot, after writing it through the eviction sink if it is dirty. */
    private void evict(int slot) throws RocksDBException {
        long m = meta[slot];
        if ((m & DIRTY) != 0) {
            evictions.write(state(m), entries[slot], keyLength(m), (m & ABSENT) != 0);
        }
        removeSlot(slot);
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
