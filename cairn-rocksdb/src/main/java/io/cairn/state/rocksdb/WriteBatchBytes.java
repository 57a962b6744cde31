package io.cairn.state.rocksdb;

import java.util.Arrays;

/**
 * Builds the serialized form of a RocksDB {@code WriteBatch} in a Java array, so that the value cache
 * hands RocksDB tens of thousands of writes in one JNI call ({@code new WriteBatch(byte[])}) instead
 * of one call per write.
 *
 * <p><b>Format</b> (RocksDB's {@code WriteBatch::rep_}, the same bytes {@code WriteBatch.data()}
 * returns): a 12-byte header, the sequence number (8 bytes, little-endian, 0 here: the database
 * assigns it) and the record count (4 bytes, little-endian); then one record per write. A put into a
 * column family is the tag {@value #PUT} ({@code kTypeColumnFamilyValue}), the column family id as a
 * varint32, the key and the value, each as a varint32 length and the bytes; a delete is the tag
 * {@value #DELETE} ({@code kTypeColumnFamilyDeletion}), the id and the key. The column family tags
 * are used even for id 0, which RocksDB reads the same way. {@code RocksDBValueCacheTest} checks the
 * bytes against rocksdbjni's own {@code WriteBatch}.
 *
 * <p>Not thread-safe; reused by one backend's task thread.
 */
final class WriteBatchBytes {

    static final int HEADER_BYTES = 12;
    static final byte DELETE = 0x4;
    static final byte PUT = 0x5;

    private byte[] bytes = new byte[1 << 16];
    private int position = HEADER_BYTES;
    private int count;

    /** Adds a put of {@code entry[valueOffset, valueOffset + valueLength)} under {@code entry[0, keyLength)}. */
    void put(int columnFamilyId, byte[] entry, int keyLength, int valueOffset, int valueLength) {
        ensure(1 + 5 + 5 + keyLength + 5 + valueLength);
        bytes[position++] = PUT;
        writeVarint(columnFamilyId);
        writeVarint(keyLength);
        System.arraycopy(entry, 0, bytes, position, keyLength);
        position += keyLength;
        writeVarint(valueLength);
        System.arraycopy(entry, valueOffset, bytes, position, valueLength);
        position += valueLength;
        count++;
    }

    /** Adds a delete of the key {@code entry[0, keyLength)}. */
    void delete(int columnFamilyId, byte[] entry, int keyLength) {
        ensure(1 + 5 + 5 + keyLength);
        bytes[position++] = DELETE;
        writeVarint(columnFamilyId);
        writeVarint(keyLength);
        System.arraycopy(entry, 0, bytes, position, keyLength);
        position += keyLength;
        count++;
    }

    /** @return the number of records added since the last {@link #reset} */
    int count() {
        return count;
    }

    /** @return the serialized batch: header and records, exactly as long as they are */
    byte[] toBytes() {
        byte[] out = Arrays.copyOf(bytes, position);
        // sequence number 0 (already zero), then the count, little-endian
        out[8] = (byte) count;
        out[9] = (byte) (count >>> 8);
        out[10] = (byte) (count >>> 16);
        out[11] = (byte) (count >>> 24);
        return out;
    }

    /** Empties the batch; the array is kept for the next one. */
    void reset() {
        position = HEADER_BYTES;
        count = 0;
    }

    private void writeVarint(int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            bytes[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        bytes[position++] = (byte) v;
    }

    private void ensure(int more) {
        if (bytes.length - position < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, position + more));
        }
    }
}
