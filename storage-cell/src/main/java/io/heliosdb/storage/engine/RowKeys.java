package io.heliosdb.storage.engine;

import io.heliosdb.hidb.codec.KeyCodec;
import java.util.Arrays;

/**
 * Layout of keys in the rows column family (see docs/adr/0002-cell-key-and-mvcc-format.md):
 *
 * <pre>
 * table_id (8 bytes BE) | shard_id (4 bytes BE) | primary key (memcomparable) | ~commit_ts (8 bytes BE)
 * </pre>
 *
 * The inverted commit timestamp makes the newest version of a key sort first. Timestamps are
 * unsigned 64-bit values held in a {@code long}.
 */
public final class RowKeys {
  public static final int TABLE_PREFIX_LENGTH = 8;
  public static final int SHARD_PREFIX_LENGTH = 12;
  public static final int TIMESTAMP_LENGTH = 8;
  /** Timestamp meaning "newest": unsigned maximum. */
  public static final long LATEST = -1L;

  private RowKeys() {}

  public static byte[] tablePrefix(long tableId) {
    byte[] out = new byte[TABLE_PREFIX_LENGTH];
    putLong(out, 0, tableId);
    return out;
  }

  public static byte[] shardPrefix(long tableId, int shardId) {
    byte[] out = new byte[SHARD_PREFIX_LENGTH];
    putLong(out, 0, tableId);
    putInt(out, 8, shardId);
    return out;
  }

  /** The shard prefix followed by the primary key, without timestamp: sorts before every version of it. */
  public static byte[] keyPrefix(long tableId, int shardId, byte[] primaryKey) {
    byte[] out = new byte[SHARD_PREFIX_LENGTH + primaryKey.length];
    putLong(out, 0, tableId);
    putInt(out, 8, shardId);
    System.arraycopy(primaryKey, 0, out, SHARD_PREFIX_LENGTH, primaryKey.length);
    return out;
  }

  /** {@link #keyPrefix(long, int, byte[])} of a primary key still in its message (one copy, not two). */
  public static byte[] keyPrefix(long tableId, int shardId, com.google.protobuf.ByteString primaryKey) {
    byte[] out = new byte[SHARD_PREFIX_LENGTH + primaryKey.size()];
    putLong(out, 0, tableId);
    putInt(out, 8, shardId);
    primaryKey.copyTo(out, SHARD_PREFIX_LENGTH);
    return out;
  }

  /** The full key of one version of a row. */
  public static byte[] versionKey(long tableId, int shardId, byte[] primaryKey, long commitTs) {
    byte[] out = new byte[SHARD_PREFIX_LENGTH + primaryKey.length + TIMESTAMP_LENGTH];
    putLong(out, 0, tableId);
    putInt(out, 8, shardId);
    System.arraycopy(primaryKey, 0, out, SHARD_PREFIX_LENGTH, primaryKey.length);
    putLong(out, SHARD_PREFIX_LENGTH + primaryKey.length, ~commitTs);
    return out;
  }

  /** The full key of the version at {@code commitTs} of the key {@link #keyPrefix} made. */
  public static byte[] versionKey(byte[] keyPrefix, long commitTs) {
    byte[] out = Arrays.copyOf(keyPrefix, keyPrefix.length + TIMESTAMP_LENGTH);
    putLong(out, keyPrefix.length, ~commitTs);
    return out;
  }

  /** Whether {@code key} is a version key of exactly this primary key under {@code shardPrefix}. */
  public static boolean isVersionOf(byte[] key, byte[] keyPrefix) {
    return key.length == keyPrefix.length + TIMESTAMP_LENGTH
        && Arrays.equals(key, 0, keyPrefix.length, keyPrefix, 0, keyPrefix.length);
  }

  public static byte[] primaryKey(byte[] versionKey) {
    return Arrays.copyOfRange(versionKey, SHARD_PREFIX_LENGTH, versionKey.length - TIMESTAMP_LENGTH);
  }

  public static long commitTs(byte[] versionKey) {
    return ~getLong(versionKey, versionKey.length - TIMESTAMP_LENGTH);
  }

  /** Compares the primary key part of a version key with {@code primaryKey}, unsigned bytewise. */
  public static int comparePrimaryKey(byte[] versionKey, byte[] primaryKey) {
    return Arrays.compareUnsigned(versionKey, SHARD_PREFIX_LENGTH, versionKey.length - TIMESTAMP_LENGTH,
        primaryKey, 0, primaryKey.length);
  }

  /** Whether two version keys carry the same primary key (and table/shard prefix). */
  public static boolean samePrimaryKey(byte[] a, byte[] b) {
    return a.length == b.length
        && Arrays.equals(a, 0, a.length - TIMESTAMP_LENGTH, b, 0, b.length - TIMESTAMP_LENGTH);
  }

  /**
   * The smallest byte string greater than every string starting with {@code prefix}, or null when
   * none exists (all bytes 0xFF).
   */
  public static byte[] successorOfPrefix(byte[] prefix) {
    return KeyCodec.prefixEnd(prefix);
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static void putInt(byte[] out, int offset, int value) {
    for (int i = 3; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long getLong(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (in[offset + i] & 0xFF);
    }
    return value;
  }
}
