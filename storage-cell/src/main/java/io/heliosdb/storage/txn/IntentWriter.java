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
import io.heliosdb.storage.engine.SerializedWriteBatch;
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
  private final LiveIntents live;

  IntentWriter(CellStore store, CellCounters counters, KeyStripes stripes, TxnOutcomes outcomes,
      IntentResolver resolver, ReadWatermark watermark, LiveIntents live) {
    this.live = live;
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
    int n = mutations.size();
    MutationKind[] kinds = new MutationKind[n];
    List<byte[]> intentKeys = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Mutation m = mutations.get(i);
      MutationKind kind = m.getKind();
      if (kind == MutationKind.MUTATION_UNSPECIFIED || kind == MutationKind.UNRECOGNIZED) {
        return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION, "mutation " + i + " has no kind", i);
      }
      if (!table.serves(m.getShardId())) {
        return failure(StatusCode.WRONG_SHARD, null,
            "shard " + m.getShardId() + " of " + table.name() + " is not served by this cell", i);
      }
      kinds[i] = kind;
      intentKeys.add(RowKeys.keyPrefix(table.tableId(), m.getShardId(), m.getKey()));
    }
    try (KeyStripes.Held held = stripes.lock(intentKeys);
        RocksIterator rows = store.db().newIterator(store.rows())) {
      SerializedWriteBatch rocksBatch = new SerializedWriteBatch(batch.getSerializedSize() + 64 * n);
      // Per distinct key (slot), in arrays rather than maps: a 1000-row INSERT has 1000 of them.
      Slots slots = Slots.of(intentKeys);
      int distinct = slots.keys().size();
      // Every key's current intent, read under the stripes as a get per key would be; the batch
      // below only adds to rocksBatch. Only the keys the live-intent index has (usually none) are
      // read from RocksDB, in one multi-get (one JNI crossing, not one per row): under its stripe
      // a key missing there holds no intent (ADR 0021).
      List<byte[]> intentsNow = currentIntents(slots.keys());
      // Every key checked up front, in key order: the committed versions are then found by one
      // iterator moving forward (a seek only where rows lie between two keys), not a seek per row.
      // The loop below still reports the first failing mutation in statement order.
      int[] keyOrder = slots.inKeyOrder();
      KeyState[] states = new KeyState[distinct];
      // Keys whose decided intent of another transaction this batch turns into a version.
      List<byte[]> versionsResolved = new ArrayList<>(0);
      checkKeys(rocksBatch, new NewestVersions(rows), slots, keyOrder, intentsNow, txn, states, versionsResolved);
      // The transaction's intent each key is left with by this batch.
      byte[][] written = new byte[distinct][];
      WriteResult refused = intentsOf(table, txn, mutations, kinds, slots, states, written);
      if (refused != null) {
        return refused;
      }
      writeIntents(rocksBatch, slots, keyOrder, written, txn.getTxnId(), versionsResolved);
    } catch (RocksDBException e) {
      return failure(StatusCode.INTERNAL, ErrorCode.INTERNAL_ERROR, "RocksDB write failed: " + e.getMessage(), -1);
    }
    counters.wrote(mutations.size());
    // Read after the intents are visible: a reader that missed them raised the watermark first.
    long minCommitTs = Math.max(watermark.current() + 1, txn.getStartTs() + 1);
    return WriteResult.newBuilder().setStatus(HidbProtocol.ok()).setFailedMutation(-1)
        .setApplied(mutations.size()).setMinCommitTs(minCommitTs).build();
  }

  // write() is split into these steps so that each loop is compiled on its own: as one method
  // it took C2 about 470 ms per (re)compilation, several times over while a workload warmed up.

  /** Checks every distinct key, in key order (see {@link NewestVersions}). */
  private void checkKeys(SerializedWriteBatch rocksBatch, NewestVersions versions, Slots slots, int[] keyOrder,
      List<byte[]> intentsNow, TxnMeta txn, KeyState[] states, List<byte[]> versionsResolved) throws RocksDBException {
    for (int slot : keyOrder) {
      states[slot] = checkKey(rocksBatch, versions, slots.keys().get(slot), intentsNow.get(slot), txn, versionsResolved);
    }
  }

  /**
   * The intent each mutation leaves on its key, in statement order, into {@code written} (by
   * slot); the answer for the first mutation that is refused (a conflict, a duplicate key), or
   * null when all are accepted.
   */
  private WriteResult intentsOf(ServedTable table, TxnMeta txn, List<Mutation> mutations, MutationKind[] kinds,
      Slots slots, KeyState[] states, byte[][] written) {
    int distinct = slots.keys().size();
    // Liveness of each key for the writer once checked (0: not yet), counting its own earlier writes.
    byte[] liveness = new byte[distinct];
    // The transaction's intent on each key before this batch.
    TxnIntent[] ownBefore = new TxnIntent[distinct];
    byte[] txnField = IntentBytes.txnField(txn);
    for (int i = 0; i < mutations.size(); i++) {
      Mutation m = mutations.get(i);
      MutationKind kind = kinds[i];
      int slot = slots.slotOf()[i];
      if (liveness[slot] == 0) {
        KeyState state = states[slot];
        if (state.conflict() != null) {
          WriteResult.Builder conflict = failure(StatusCode.CONFLICT, ErrorCode.SERIALIZATION_FAILURE,
              "could not serialize access due to concurrent update: " + state.conflict() + " on key "
                  + HexFormat.of().formatHex(m.getKey().toByteArray()) + " of " + table.name(), i).toBuilder();
          if (state.blocking() != null) {
            conflict.setBlockingTxn(state.blocking());
          }
          return conflict.build();
        }
        liveness[slot] = state.live() ? LIVE : DEAD;
        ownBefore[slot] = state.own();
      }
      if (kind == MutationKind.INSERT && liveness[slot] == LIVE) {
        return failure(StatusCode.UNIQUE_VIOLATION, ErrorCode.UNIQUE_VIOLATION,
            "duplicate key value violates primary key of " + table.name() + ": key "
                + HexFormat.of().formatHex(m.getKey().toByteArray()) + " already exists", i);
      }
      TxnIntent own = written[slot] != null ? IntentResolver.parse(written[slot]) : ownBefore[slot];
      byte[] intent;
      if (kind == MutationKind.LOCK) {
        if (own != null) {
          continue;
        }
        // A lock only: readers ignore it, writers of other transactions wait for it.
        intent = TxnIntent.newBuilder().setTxn(txn).setSeq(txn.getSeq()).build().toByteArray();
      } else if (own == null) {
        // the common case (a key the transaction has not written): no protobuf objects
        intent = kind == MutationKind.DELETE ? IntentBytes.intent(txnField, RowVersion.TOMBSTONE, null, txn.getSeq())
            : IntentBytes.intent(txnField, RowVersion.PUT, m.getRow(), txn.getSeq());
        liveness[slot] = kind == MutationKind.DELETE ? DEAD : LIVE;
      } else {
        byte[] version = kind == MutationKind.DELETE ? RowVersion.tombstone()
            : RowVersion.put(m.getRow().toByteArray());
        intent = nextIntent(own, txn, version).toByteArray();
        liveness[slot] = kind == MutationKind.DELETE ? DEAD : LIVE;
      }
      written[slot] = intent;
    }
    return null;
  }

  /**
   * Adds each key's last intent to the batch, in key order (after whatever checkKey resolved into
   * it: the memtable then inserts each key next to the one before; rows of a multi-row INSERT
   * spread over shards, so in statement order every insert searched the skip list afresh),
   * indexes them and writes the batch.
   */
  private void writeIntents(SerializedWriteBatch rocksBatch, Slots slots, int[] keyOrder, byte[][] written,
      Long owner, List<byte[]> versionsResolved) throws RocksDBException {
    int distinct = slots.keys().size();
    List<byte[]> writtenKeys = new ArrayList<>(distinct);
    List<byte[]> writtenIntents = new ArrayList<>(distinct);
    int[] writtenSlots = new int[distinct];
    for (int slot : keyOrder) {
      if (written[slot] != null) {
        byte[] intentKey = slots.keys().get(slot);
        rocksBatch.put(store.intents(), intentKey, written[slot]);
        writtenSlots[writtenKeys.size()] = slot;
        writtenKeys.add(intentKey);
        writtenIntents.add(written[slot]);
      }
    }
    // Indexed, with the transaction's key set and the bytes resolution will turn into versions
    // (ADR 0022, 0025), before the batch makes the intents visible (ADR 0021).
    Long[] previous = live.addAll(writtenKeys, writtenIntents, owner);
    Long[] replaced = new Long[distinct];
    for (int i = 0; i < writtenKeys.size(); i++) {
      replaced[writtenSlots[i]] = previous[i];
    }
    // Versions resolved into the batch make those keys' cached newest versions stale (ADR 0023).
    try {
      store.versionCache().writing(versionsResolved, () -> rocksBatch.writeTo(store.db(), store.bufferedWrite()));
    } catch (RocksDBException | RuntimeException e) {
      for (int slot : keyOrder) {
        if (written[slot] != null) {
          live.restore(slots.keys().get(slot), owner, replaced[slot]);
        }
      }
      throw e;
    }
    // A decided intent of another transaction resolved into the batch leaves that one's key set
    // only now that the resolution is written.
    for (int slot : keyOrder) {
      if (written[slot] != null && replaced[slot] != null && !replaced[slot].equals(owner)) {
        live.written(slots.keys().get(slot), owner, replaced[slot]);
      }
    }
  }

  /** The stored intent of each key (null: none), reading from RocksDB only the keys {@link LiveIntents} has. */
  private List<byte[]> currentIntents(List<byte[]> keys) throws RocksDBException {
    byte[][] out = new byte[keys.size()][];
    IntentReads.fill(store, keys, i -> live.mayHold(keys.get(i)), out);
    return java.util.Arrays.asList(out);
  }


  private static final byte LIVE = 1;
  private static final byte DEAD = 2;

  /** The distinct keys of a batch, in first-seen order, and the index of each mutation's key among them. */
  record Slots(List<byte[]> keys, int[] slotOf) {
    static Slots of(List<byte[]> keys) {
      int[] slotOf = new int[keys.size()];
      Map<Slot, Integer> index = new HashMap<>(keys.size() * 4 / 3 + 1);
      List<byte[]> distinct = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        Integer known = index.putIfAbsent(new Slot(keys.get(i)), distinct.size());
        if (known == null) {
          slotOf[i] = distinct.size();
          distinct.add(keys.get(i));
        } else {
          slotOf[i] = known;
        }
      }
      return new Slots(distinct, slotOf);
    }

    /**
     * The slots ordered by their keys, unsigned bytewise. The keys of one batch share the table
     * prefix and each shard's rows usually come in key order, so ordering by (shard, position) is
     * tried first with a primitive sort; only when that is not key order are the keys compared.
     */
    int[] inKeyOrder() {
      int n = keys.size();
      long[] byShard = new long[n];
      for (int i = 0; i < n; i++) {
        byte[] key = keys.get(i);
        long shard = ((key[8] & 0xFFL) << 24) | ((key[9] & 0xFF) << 16) | ((key[10] & 0xFF) << 8) | (key[11] & 0xFF);
        byShard[i] = shard << 32 | i;
      }
      java.util.Arrays.sort(byShard);
      int[] order = new int[n];
      boolean sorted = true;
      for (int i = 0; i < n; i++) {
        order[i] = (int) byShard[i];
        sorted &= i == 0 || java.util.Arrays.compareUnsigned(keys.get(order[i - 1]), keys.get(order[i])) < 0;
      }
      if (!sorted) {
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
          boxed[i] = i;
        }
        java.util.Arrays.sort(boxed, (a, b) -> java.util.Arrays.compareUnsigned(keys.get(a), keys.get(b)));
        for (int i = 0; i < n; i++) {
          order[i] = boxed[i];
        }
      }
      return order;
    }
  }

  /**
   * The rows iterator of a batch's checks, which come in ascending key order: a seek to a key
   * that the iterator's position already answers (it stands on the first key at or after the
   * previous, smaller, target, and that key is at or after this one too) is skipped. Keys being
   * inserted past the end of a shard (ascending ids) then cost one seek per shard, not per row.
   */
  static final class NewestVersions {
    private final RocksIterator rows;
    private byte[] target;
    private byte[] at;

    NewestVersions(RocksIterator rows) {
      this.rows = rows;
    }

    void seek(byte[] key) {
      boolean answered = target != null && java.util.Arrays.compareUnsigned(target, key) < 0
          && (at == null || java.util.Arrays.compareUnsigned(at, key) >= 0);
      if (!answered) {
        rows.seek(key);
        at = rows.isValid() ? rows.key() : null;
      }
      target = key;
    }

    boolean isValid() {
      return at != null;
    }

    byte[] key() {
      return at;
    }

    byte[] value() {
      return rows.value(); // the iterator has not moved since it found key()
    }
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

  private KeyState checkKey(SerializedWriteBatch rocksBatch, NewestVersions rows, byte[] intentKey, byte[] value,
      TxnMeta txn, List<byte[]> versionsResolved) throws RocksDBException {
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
      boolean resolved = resolver.resolveInto(rocksBatch, intentKey, value, other);
      if (other.getState() == TxnState.TXN_COMMITTED && !intent.getVersion().isEmpty()) {
        if (resolved) {
          versionsResolved.add(intentKey);
        }
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
