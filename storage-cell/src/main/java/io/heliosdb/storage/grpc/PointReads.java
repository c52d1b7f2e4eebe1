package io.heliosdb.storage.grpc;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.storage.engine.CellCounters;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.NewestVersionCache;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.RowVersion;
import io.heliosdb.storage.engine.ServedTable;
import io.heliosdb.storage.engine.VersionReader;
import io.heliosdb.storage.txn.IntentOverlay;
import java.util.List;
import org.rocksdb.RocksIterator;

/** Answers Get: the version of each key visible at snapshot_ts, all keys read from one consistent view. */
final class PointReads {
  private PointReads() {}

  /** {@code overlay} is null for a read outside a transaction (intents are then ignored). */
  static GetResponse get(CellStore store, CellCounters counters, ServedTable table, GetRequest request,
      IntentOverlay overlay) {
    List<DataType> types = table.columnTypes();
    int[] projection = new int[request.getProjectionCount()];
    for (int i = 0; i < projection.length; i++) {
      projection[i] = request.getProjection(i);
    }
    for (int column : projection) {
      if (column < 0 || column >= types.size()) {
        throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "projected column index " + column
            + " is out of range: " + table.name() + " has " + types.size() + " columns");
      }
    }
    // A projection of every column in table order is the stored row itself: no decode/encode.
    boolean allColumnsInOrder = projection.length == 0 || RowCodec.isIdentityProjection(projection, types.size());
    long snapshotTs = request.getSnapshotTs() == 0 ? RowKeys.LATEST : request.getSnapshotTs();
    GetResponse.Builder response = GetResponse.newBuilder().setStatus(io.heliosdb.hidb.HidbProtocol.ok());
    long bytesReturned = 0;
    long found = 0;
    // The intents are decided BEFORE the rows iterator takes its view: an intent resolved in
    // between is then either decided here (still an intent) or already a version in that view.
    // Decided after, a committed intent resolved in the gap was seen by neither (a lost update).
    byte[][] decided = overlay == null ? null : new byte[request.getKeysCount()][];
    for (int k = 0; decided != null && k < decided.length; k++) {
      decided[k] = overlay.decideKey(RowKeys.keyPrefix(table.tableId(), request.getShardId(),
          request.getKeys(k).toByteArray()));
    }
    // Keys the intents do not decide come from the newest-version cache (ADR 0023), or else from
    // the rows through one iterator opened after every cache lookup (the cache's rule). A read of
    // several keys at LATEST needs one point-in-time view across them, which only the iterator
    // gives, so it skips the cache; at a snapshot timestamp each key's visible version is fixed,
    // wherever it is read from.
    int n = request.getKeysCount();
    NewestVersionCache cache = snapshotTs == RowKeys.LATEST && n > 1 ? null : store.versionCache();
    byte[][] versions = new byte[n][];
    NewestVersionCache.Lookup[] misses = null;
    boolean anyMiss = false;
    for (int k = 0; k < n; k++) {
      if (decided != null && decided[k] != null) {
        versions[k] = decided[k];
        continue;
      }
      if (cache != null) {
        NewestVersionCache.Lookup lookup = cache.lookup(
            RowKeys.keyPrefix(table.tableId(), request.getShardId(), request.getKeys(k)), snapshotTs);
        if (lookup.hit()) {
          versions[k] = lookup.value();
          continue;
        }
        if (misses == null) {
          misses = new NewestVersionCache.Lookup[n];
        }
        misses[k] = lookup;
      }
      anyMiss = true;
    }
    if (anyMiss) {
      try (RocksIterator rows = store.db().newIterator(store.rows())) {
        for (int k = 0; k < n; k++) {
          if (misses != null && misses[k] != null) {
            versions[k] = cache.read(misses[k], rows, snapshotTs);
          } else if (cache == null && (decided == null || decided[k] == null)) {
            versions[k] = VersionReader.visibleVersion(rows, table.tableId(), request.getShardId(),
                request.getKeys(k).toByteArray(), snapshotTs);
          }
        }
      }
    }
    for (int k = 0; k < n; k++) {
      byte[] row = versions[k] != null && RowVersion.isLive(versions[k]) ? RowVersion.rowBytes(versions[k]) : null;
      if (row == null) {
        response.addFound(false).addRows(ByteString.EMPTY);
        continue;
      }
      byte[] out = allColumnsInOrder ? row : RowCodec.project(types, row, projection);
      response.addFound(true).addRows(ByteString.copyFrom(out));
      found++;
      bytesReturned += out.length;
    }
    counters.scanned(request.getKeysCount(), 0);
    counters.returned(found, bytesReturned);
    return response.build();
  }
}
