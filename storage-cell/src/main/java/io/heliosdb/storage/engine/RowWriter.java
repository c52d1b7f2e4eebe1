package io.heliosdb.storage.engine;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Applies one HIDB WriteBatch as one atomic RocksDB WriteBatch with WAL fsync before it returns.
 *
 * <p>Writers are not serialized: concurrent calls reach RocksDB together, whose write-group leader
 * commits them with a shared WAL fsync (group commit). Only INSERT uniqueness needs mutual
 * exclusion, and only between writers of keys that hash to the same lock stripe; stripes are taken
 * in ascending order so two batches can never deadlock.
 */
public final class RowWriter {
  private final CellStore store;
  private final CellCounters counters;
  private final CommitClock clock;
  private final ReentrantLock[] stripes;

  public RowWriter(CellStore store, CellCounters counters, int lockStripes) {
    this.store = store;
    this.counters = counters;
    this.clock = new CommitClock();
    this.stripes = new ReentrantLock[lockStripes];
    for (int i = 0; i < lockStripes; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** The cell's commit clock; transaction resolution reports the commit timestamps it writes. */
  public CommitClock clock() {
    return clock;
  }

  /** Applies the batch to a table this cell serves; the answer carries the status. */
  public WriteResult write(ServedTable table, WriteBatch batch) {
    List<Mutation> mutations = batch.getMutationsList();
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      if (m.getKind() == MutationKind.MUTATION_UNSPECIFIED || m.getKind() == MutationKind.UNRECOGNIZED) {
        return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION,
            "mutation " + i + " has no kind", i);
      }
      if (m.getKind() == MutationKind.LOCK) {
        return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION,
            "mutation " + i + ": LOCK needs a transaction", i);
      }
      if (!table.serves(m.getShardId())) {
        return failure(StatusCode.WRONG_SHARD, null,
            "shard " + m.getShardId() + " of " + table.name() + " is not served by this cell", i);
      }
    }
    long commitTs = batch.getCommitTs() != 0 ? batch.getCommitTs() : clock.next();
    clock.observe(commitTs);
    clock.observeTable(table.tableId(), commitTs);

    TreeSet<Integer> lockIndexes = new TreeSet<>();
    for (Mutation m : mutations) {
      if (m.getKind() == MutationKind.INSERT) {
        lockIndexes.add(stripeOf(table.tableId(), m));
      }
    }
    lockIndexes.forEach(i -> stripes[i].lock());
    try (org.rocksdb.WriteBatch rocksBatch = new org.rocksdb.WriteBatch();
        LatestVersions latest = new LatestVersions(store)) {
      // Liveness of keys written earlier in this batch, so INSERT-after-INSERT of one key fails too.
      Map<ByteBuffer, Boolean> liveInBatch = new HashMap<>();
      for (int i = 0; i < mutations.size(); i++) {
        Mutation m = mutations.get(i);
        byte[] pk = m.getKey().toByteArray();
        ByteBuffer batchKey = ByteBuffer.wrap(RowKeys.keyPrefix(table.tableId(), m.getShardId(), pk));
        if (m.getKind() == MutationKind.INSERT && isLive(latest, table, m, pk, liveInBatch.get(batchKey))) {
          return failure(StatusCode.UNIQUE_VIOLATION, ErrorCode.UNIQUE_VIOLATION,
              "duplicate key value violates primary key of " + table.name() + ": key "
                  + HexFormat.of().formatHex(pk) + " already exists", i);
        }
        byte[] versionKey = RowKeys.versionKey(table.tableId(), m.getShardId(), pk, commitTs);
        if (m.getKind() == MutationKind.DELETE) {
          rocksBatch.put(store.rows(), versionKey, RowVersion.tombstone());
          liveInBatch.put(batchKey, false);
        } else {
          rocksBatch.put(store.rows(), versionKey, RowVersion.put(m.getRow().toByteArray()));
          liveInBatch.put(batchKey, true);
        }
      }
      // Every key's cached newest version is out of date from the write on (ADR 0023).
      List<byte[]> written = new java.util.ArrayList<>(liveInBatch.size());
      liveInBatch.keySet().forEach(key -> written.add(key.array()));
      store.versionCache().writing(written, () -> store.db().write(store.syncWrite(), rocksBatch));
    } catch (RocksDBException e) {
      return failure(StatusCode.INTERNAL, ErrorCode.INTERNAL_ERROR,
          "RocksDB write failed: " + e.getMessage(), -1);
    } finally {
      lockIndexes.descendingSet().forEach(i -> stripes[i].unlock());
    }
    counters.wrote(mutations.size());
    return WriteResult.newBuilder()
        .setStatus(Status.newBuilder().setCode(StatusCode.OK))
        .setCommitTs(commitTs)
        .setFailedMutation(-1)
        .setApplied(mutations.size())
        .build();
  }

  private static boolean isLive(LatestVersions latest, ServedTable table, Mutation m, byte[] pk,
      Boolean liveInBatch) {
    if (liveInBatch != null) {
      return liveInBatch;
    }
    return VersionReader.visibleRow(latest.iterator(), table.tableId(), m.getShardId(), pk, RowKeys.LATEST) != null;
  }

  /**
   * An iterator over the latest versions, opened on first use (only INSERTs need one) and after the
   * uniqueness stripes are held, so it sees every write that finished before them.
   */
  private static final class LatestVersions implements AutoCloseable {
    private final CellStore store;
    private RocksIterator iterator;

    LatestVersions(CellStore store) {
      this.store = store;
    }

    RocksIterator iterator() {
      if (iterator == null) {
        iterator = store.db().newIterator(store.rows());
      }
      return iterator;
    }

    @Override
    public void close() {
      if (iterator != null) {
        iterator.close();
      }
    }
  }

  private int stripeOf(long tableId, Mutation m) {
    int hash = Long.hashCode(tableId) * 31 + m.getShardId();
    hash = hash * 31 + m.getKey().hashCode();
    return Math.floorMod(hash, stripes.length);
  }

  private static WriteResult failure(StatusCode code, ErrorCode errorCode, String message, int index) {
    return WriteResult.newBuilder()
        .setStatus(Status.newBuilder().setCode(code).setMessage(message)
            .setErrorCode(errorCode == null ? "" : errorCode.name()))
        .setFailedMutation(index)
        .build();
  }
}
