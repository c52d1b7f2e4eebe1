package io.heliosdb.storage.txn;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.proto.IntentHistory;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnIntent;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.CellCounters;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.RowVersion;
import io.heliosdb.storage.engine.ServedTable;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Writes a transaction's mutations as intents, one RocksDB batch without WAL sync (PrepareTxn or
 * the commit record's synced write makes it durable before the commit point, ADR 0013), after
 * checking each key under its stripe:
 * <ul>
 *   <li>an intent of another transaction: a decided one is resolved on the spot, a pending one is
 *       a CONFLICT (one of the two must abort; the writer is the one told);
 *   <li>first-committer-wins: a committed version newer than the writer's start_ts is a CONFLICT;
 *   <li>INSERT uniqueness sees the transaction's own intent first, then the newest committed version.
 * </ul>
 * A failed batch writes nothing. The answer's min_commit_ts is above every snapshot this cell
 * served before the intents existed (see {@link ReadWatermark}).
 */
final class IntentWriter {
  private final CellStore store;
  private final CellCounters counters;
  private final KeyStripes stripes;
  private final TxnOutcomes outcomes;
  private final IntentResolver resolver;
  private final ReadWatermark watermark;

  IntentWriter(CellStore store, CellCounters counters, KeyStripes stripes, TxnOutcomes outcomes,
      IntentResolver resolver, ReadWatermark watermark) {
    this.store = store;
    this.counters = counters;
    this.stripes = stripes;
    this.outcomes = outcomes;
    this.resolver = resolver;
    this.watermark = watermark;
  }

  WriteResult write(ServedTable table, WriteBatch batch) {
    TxnMeta txn = batch.getTxn();
    if (txn.getTxnId() == 0 || txn.getStartTs() == 0 || txn.getCoordinatorCell().isEmpty()) {
      return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION,
          "a transactional write needs txn_id, start_ts and coordinator_cell", -1);
    }
    List<Mutation> mutations = batch.getMutationsList();
    List<byte[]> intentKeys = new ArrayList<>(mutations.size());
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      if (m.getKind() == MutationKind.MUTATION_UNSPECIFIED || m.getKind() == MutationKind.UNRECOGNIZED) {
        return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION, "mutation " + i + " has no kind", i);
      }
      if (!table.serves(m.getShardId())) {
        return failure(StatusCode.WRONG_SHARD, null,
            "shard " + m.getShardId() + " of " + table.name() + " is not served by this cell", i);
      }
      intentKeys.add(RowKeys.keyPrefix(table.tableId(), m.getShardId(), m.getKey().toByteArray()));
    }
    try (KeyStripes.Held held = stripes.lock(intentKeys);
        org.rocksdb.WriteBatch rocksBatch = new org.rocksdb.WriteBatch();
        RocksIterator rows = store.db().newIterator(store.rows())) {
      // Liveness of keys this transaction wrote earlier in the batch or in earlier batches.
      Map<Slot, Boolean> ownLive = new HashMap<>();
      // The transaction's intent on each key before this batch, and the one this batch leaves.
      Map<Slot, TxnIntent> ownBefore = new HashMap<>();
      Map<Slot, TxnIntent> written = new HashMap<>();
      // Every key's current intent in one multi-get (one JNI crossing, not one per row), read under
      // the stripes as a get per key would be; the batch below only adds to rocksBatch.
      Map<Slot, byte[]> intentsNow = currentIntents(intentKeys);
      for (int i = 0; i < mutations.size(); i++) {
        Mutation m = mutations.get(i);
        byte[] intentKey = intentKeys.get(i);
        Slot slot = new Slot(intentKey);
        Boolean live = ownLive.get(slot);
        if (live == null) {
          KeyState state = checkKey(rocksBatch, rows, intentKey, intentsNow.get(slot), txn);
          if (state.conflict() != null) {
            WriteResult.Builder conflict = failure(StatusCode.CONFLICT, ErrorCode.SERIALIZATION_FAILURE,
                "could not serialize access due to concurrent update: " + state.conflict() + " on key "
                    + HexFormat.of().formatHex(m.getKey().toByteArray()) + " of " + table.name(), i).toBuilder();
            if (state.blocking() != null) {
              conflict.setBlockingTxn(state.blocking());
            }
            return conflict.build();
          }
          live = state.live();
          ownLive.put(slot, live);
          ownBefore.put(slot, state.own());
        }
        if (m.getKind() == MutationKind.INSERT && live) {
          return failure(StatusCode.UNIQUE_VIOLATION, ErrorCode.UNIQUE_VIOLATION,
              "duplicate key value violates primary key of " + table.name() + ": key "
                  + HexFormat.of().formatHex(m.getKey().toByteArray()) + " already exists", i);
        }
        TxnIntent own = written.containsKey(slot) ? written.get(slot) : ownBefore.get(slot);
        if (m.getKind() == MutationKind.LOCK) {
          if (own == null) {
            // A lock only: readers ignore it, writers of other transactions wait for it.
            TxnIntent lock = TxnIntent.newBuilder().setTxn(txn).setSeq(txn.getSeq()).build();
            rocksBatch.put(store.intents(), intentKey, lock.toByteArray());
            rocksBatch.put(store.txns(), TxnKeys.participant(txn.getTxnId(), intentKey), new byte[0]);
            written.put(slot, lock);
          }
          continue;
        }
        byte[] version = m.getKind() == MutationKind.DELETE ? RowVersion.tombstone()
            : RowVersion.put(m.getRow().toByteArray());
        TxnIntent intent = nextIntent(own, txn, version);
        written.put(slot, intent);
        rocksBatch.put(store.intents(), intentKey, intent.toByteArray());
        rocksBatch.put(store.txns(), TxnKeys.participant(txn.getTxnId(), intentKey), new byte[0]);
        ownLive.put(slot, m.getKind() != MutationKind.DELETE);
      }
      store.db().write(store.bufferedWrite(), rocksBatch);
    } catch (RocksDBException e) {
      return failure(StatusCode.INTERNAL, ErrorCode.INTERNAL_ERROR, "RocksDB write failed: " + e.getMessage(), -1);
    }
    counters.wrote(mutations.size());
    // Read after the intents are visible: a reader that missed them raised the watermark first.
    long minCommitTs = Math.max(watermark.current() + 1, txn.getStartTs() + 1);
    return WriteResult.newBuilder().setStatus(HidbProtocol.ok()).setFailedMutation(-1)
        .setApplied(mutations.size()).setMinCommitTs(minCommitTs).build();
  }

  /** An intent key as a map key, its hash computed once (a ByteBuffer rehashes on every lookup). */
  private static final class Slot {
    private final byte[] key;
    private final int hash;

    Slot(byte[] key) {
      this.key = key;
      this.hash = java.util.Arrays.hashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Slot s && s.hash == hash && java.util.Arrays.equals(s.key, key);
    }
  }

  /**
   * Liveness of a key for the writer, or why it conflicts (with the pending transaction to wait
   * for, if that is the reason); {@code own} is the writer's own intent on the key, if any.
   */
  private record KeyState(boolean live, String conflict, TxnMeta blocking, TxnIntent own) {
    KeyState(boolean live, String conflict) {
      this(live, conflict, null, null);
    }
  }

  /**
   * The intent a write of {@code version} at the transaction's current seq leaves, given the
   * transaction's earlier intent on the key (null if none). A rewrite by a later statement keeps
   * the earlier value in the history so ROLLBACK TO SAVEPOINT (and a statement restart) can go
   * back to it; of the values older than the oldest live savepoint only the newest is kept, since
   * no rollback can return to the others.
   */
  static TxnIntent nextIntent(TxnIntent previous, TxnMeta txn, byte[] version) {
    TxnIntent.Builder next = TxnIntent.newBuilder().setTxn(txn).setSeq(txn.getSeq())
        .setVersion(ByteString.copyFrom(version));
    if (previous == null) {
      return next.build();
    }
    List<IntentHistory> history = new ArrayList<>(previous.getHistoryList());
    if (previous.getSeq() < txn.getSeq()) {
      history.add(IntentHistory.newBuilder().setSeq(previous.getSeq()).setVersion(previous.getVersion()).build());
    }
    int floor = txn.getSavepointFloorSeq() == 0 ? txn.getSeq() : txn.getSavepointFloorSeq();
    int newestBelowFloor = -1;
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).getSeq() < floor) {
        newestBelowFloor = i;
      }
    }
    for (int i = 0; i < history.size(); i++) {
      if (history.get(i).getSeq() >= floor || i == newestBelowFloor) {
        next.addHistory(history.get(i));
      }
    }
    return next.build();
  }

  /** The stored intent of each distinct key (null where none). */
  private Map<Slot, byte[]> currentIntents(List<byte[]> intentKeys) throws RocksDBException {
    java.util.LinkedHashSet<Slot> slots = new java.util.LinkedHashSet<>();
    List<byte[]> distinct = new ArrayList<>(intentKeys.size());
    for (byte[] key : intentKeys) {
      if (slots.add(new Slot(key))) {
        distinct.add(key);
      }
    }
    List<byte[]> values = store.db().multiGetAsList(
        java.util.Collections.nCopies(distinct.size(), store.intents()), distinct);
    Map<Slot, byte[]> out = new HashMap<>(distinct.size() * 2);
    int i = 0;
    for (Slot slot : slots) {
      out.put(slot, values.get(i++));
    }
    return out;
  }

  private KeyState checkKey(org.rocksdb.WriteBatch rocksBatch, RocksIterator rows, byte[] intentKey, byte[] value,
      TxnMeta txn) throws RocksDBException {
    long resolvedCommitTs = 0;
    Boolean resolvedLive = null;
    if (value != null) {
      TxnIntent intent = IntentResolver.parse(value);
      if (intent.getTxn().getTxnId() == txn.getTxnId()) {
        if (!intent.getVersion().isEmpty()) {
          return new KeyState(RowVersion.isLive(intent.getVersion().toByteArray()), null, null, intent);
        }
        // Our own lock: the committed versions decide liveness (no conflict check: the lock
        // was taken after the same check, and nobody could write the key since).
        rows.seek(intentKey);
        boolean live = rows.isValid() && RowKeys.isVersionOf(rows.key(), intentKey) && RowVersion.isLive(rows.value());
        return new KeyState(live, null, null, intent);
      }
      TxnRecord other = outcomes.lookup(intent.getTxn(), 0, true);
      if (TxnRecords.undecided(other)) { // PENDING, or STAGING: committing now (ADR 0018); wait for it
        return new KeyState(false, "transaction " + Long.toUnsignedString(other.getTxnId()) + " holds "
            + (intent.getVersion().isEmpty() ? "a lock" : "a write intent"), intent.getTxn(), null);
      }
      resolver.resolveInto(rocksBatch, intentKey, other);
      if (other.getState() == TxnState.TXN_COMMITTED && !intent.getVersion().isEmpty()) {
        resolvedCommitTs = other.getCommitTs();
        resolvedLive = RowVersion.isLive(intent.getVersion().toByteArray());
      }
    }
    long newestTs = 0;
    boolean newestLive = false;
    rows.seek(intentKey);
    if (rows.isValid() && RowKeys.isVersionOf(rows.key(), intentKey)) {
      newestTs = RowKeys.commitTs(rows.key());
      newestLive = RowVersion.isLive(rows.value());
    }
    if (resolvedLive != null && Long.compareUnsigned(resolvedCommitTs, newestTs) >= 0) {
      newestTs = resolvedCommitTs;
      newestLive = resolvedLive;
    }
    if (Long.compareUnsigned(newestTs, txn.getStartTs()) > 0) {
      return new KeyState(false, "a version committed at " + Long.toUnsignedString(newestTs)
          + " is newer than the snapshot " + Long.toUnsignedString(txn.getStartTs()));
    }
    return new KeyState(newestLive, null);
  }

  private static WriteResult failure(StatusCode code, ErrorCode errorCode, String message, int index) {
    return WriteResult.newBuilder()
        .setStatus(Status.newBuilder().setCode(code).setMessage(message)
            .setErrorCode(errorCode == null ? "" : errorCode.name()))
        .setFailedMutation(index)
        .build();
  }
}
