package io.heliosdb.storage.engine;

import java.util.Arrays;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A RocksDB write batch assembled in Java in RocksDB's own serialized batch format (the format of
 * its WAL records: a 12-byte header of sequence number and count, then one record per operation)
 * and handed over in one JNI call, instead of one JNI call per put or delete: a 1000-row INSERT
 * writes 2000 entries, and its resolution 3000.
 */
public final class SerializedWriteBatch {
  private static final int HEADER = 12; // fixed64 sequence (set by the write), fixed32 count
  // record types (RocksDB db/dbformat.h ValueType)
  private static final byte DELETION = 0x0;
  private static final byte VALUE = 0x1;
  private static final byte CF_DELETION = 0x4;
  private static final byte CF_VALUE = 0x5;

  private byte[] buf;
  private int size = HEADER;
  private int count;

  public SerializedWriteBatch(int expectedBytes) {
    buf = new byte[Math.max(64, HEADER + expectedBytes)];
  }

  public void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    put(cf, key, value, 0, value.length);
  }

  /** Puts {@code value[from, from + length)} under {@code key}. */
  public void put(ColumnFamilyHandle cf, byte[] key, byte[] value, int from, int length) {
    header(cf, VALUE, CF_VALUE, key.length + length + 10);
    bytes(key, 0, key.length);
    bytes(value, from, length);
  }

  public void delete(ColumnFamilyHandle cf, byte[] key) {
    header(cf, DELETION, CF_DELETION, key.length + 5);
    bytes(key, 0, key.length);
  }

  public int count() {
    return count;
  }

  /** The batch in RocksDB's serialized form (what {@link WriteBatch#data()} returns). */
  public byte[] data() {
    byte[] out = Arrays.copyOf(buf, size);
    out[8] = (byte) count;
    out[9] = (byte) (count >>> 8);
    out[10] = (byte) (count >>> 16);
    out[11] = (byte) (count >>> 24);
    return out;
  }

  /** Writes the batch atomically, as {@code db.write(options, batch)} would; nothing when empty. */
  public void writeTo(RocksDB db, WriteOptions options) throws RocksDBException {
    if (count == 0) {
      return;
    }
    try (WriteBatch batch = new WriteBatch(data())) {
      db.write(options, batch);
    }
  }

  private void header(ColumnFamilyHandle cf, byte defaultType, byte cfType, int bytesAfter) {
    int id = cf.getID();
    ensure(1 + 5 + bytesAfter);
    if (id == 0) {
      buf[size++] = defaultType;
    } else {
      buf[size++] = cfType;
      varint(id);
    }
    count++;
  }

  private void bytes(byte[] b, int from, int length) {
    ensure(5 + length);
    varint(length);
    System.arraycopy(b, from, buf, size, length);
    size += length;
  }

  private void varint(int value) {
    while ((value & ~0x7F) != 0) {
      buf[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[size++] = (byte) value;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
