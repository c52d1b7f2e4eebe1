package io.heliosdb.storage.engine;

import org.rocksdb.RocksIterator;

/** Point reads of the MVCC-visible version of one primary key through an open rows iterator. */
public final class VersionReader {
  private VersionReader() {}

  /**
   * The value (kind byte + row) of the newest version of the key with commit_ts <= snapshotTs, or
   * null when the key has no such version. A tombstone is returned as is; callers test liveness.
   */
  public static byte[] visibleVersion(RocksIterator rows, long tableId, int shardId, byte[] primaryKey,
      long snapshotTs) {
    return visibleVersion(rows, RowKeys.keyPrefix(tableId, shardId, primaryKey), snapshotTs);
  }

  /** {@link #visibleVersion(RocksIterator, long, int, byte[], long)} of a key already made by {@link RowKeys#keyPrefix}. */
  public static byte[] visibleVersion(RocksIterator rows, byte[] keyPrefix, long snapshotTs) {
    // Versions sort newest first, so the first one at or after ~snapshotTs is the visible one.
    rows.seek(RowKeys.versionKey(keyPrefix, snapshotTs));
    if (!rows.isValid()) {
      return null;
    }
    return RowKeys.isVersionOf(rows.key(), keyPrefix) ? rows.value() : null;
  }

  /** The live row bytes visible at snapshotTs, or null when absent or deleted. */
  public static byte[] visibleRow(RocksIterator rows, long tableId, int shardId, byte[] primaryKey,
      long snapshotTs) {
    byte[] value = visibleVersion(rows, tableId, shardId, primaryKey, snapshotTs);
    return value != null && RowVersion.isLive(value) ? RowVersion.rowBytes(value) : null;
  }
}
