package io.heliosdb.storage.txn;

import com.google.protobuf.InvalidProtocolBufferException;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.storage.engine.CellStore;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.rocksdb.RocksDBException;

/**
 * The transaction records this cell coordinates. A record moves PENDING -> COMMITTED(commit_ts) or
 * PENDING -> ABORTED, each step a WAL-synced write under the transaction's lock stripe, so the
 * first durable decision wins and is final; a multi-cell transaction goes PENDING -> STAGING
 * (synced) -> COMMITTED (unsynced flip) or is decided from its participants' prepares (ADR 0018). The PENDING record itself is written without sync
 * (ADR 0013): losing it in a machine crash makes the transaction unknown, and an unknown one is
 * decided ABORTED by the first question about it (COMMITTED is only ever written over a record
 * that exists, so an unknown transaction can never commit any more). Heartbeats live in memory
 * only: after a restart every pending transaction gets a full timeout again.
 */
final class TxnRecords {
  private final CellStore store;
  private final String cellId;
  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final ReentrantLock[] stripes = new ReentrantLock[64];
  private final Map<Long, Long> lastHeartbeat = new ConcurrentHashMap<>();
  /** Futures of waiters for pending transactions, completed by the decision (under the stripe). */
  private final Map<Long, CompletableFuture<TxnRecord>> decisions = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder recordsForgotten = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder stagingCommitted = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder stagingAborted = new java.util.concurrent.atomic.LongAdder();
  /** When this opening wrote each STAGING record still undecided (in memory: compute's grace time). */
  private final Map<Long, Long> stagedAt = new ConcurrentHashMap<>();

  TxnRecords(CellStore store, String cellId, long timeoutNanos, LongSupplier nanoClock) {
    this.store = store;
    this.cellId = cellId;
    this.timeoutNanos = timeoutNanos;
    this.nanoClock = nanoClock;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  TxnRecordResult begin(TxnMeta txn) {
    if (txn.getTxnId() == 0 || txn.getStartTs() == 0) {
      return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION,
          "BeginTxn needs a nonzero txn_id and start_ts", null);
    }
    if (!txn.getCoordinatorCell().equals(cellId)) {
      return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION, "BeginTxn for coordinator "
          + txn.getCoordinatorCell() + " sent to cell " + cellId, null);
    }
    ReentrantLock lock = lockOf(txn.getTxnId());
    lock.lock();
    try {
      TxnRecord existing = read(txn.getTxnId());
      if (existing != null) {
        // A retried Begin is harmless; beginning again after an abort is not.
        return existing.getState() == TxnState.TXN_ABORTED ? aborted(existing) : ok(existing);
      }
      TxnRecord record = TxnRecord.newBuilder().setTxnId(txn.getTxnId()).setState(TxnState.TXN_PENDING)
          .setStartTs(txn.getStartTs()).setCoordinatorCell(cellId).build();
      write(record, false);
      lastHeartbeat.put(txn.getTxnId(), nanoClock.getAsLong());
      return ok(record);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The record, raising a pending one's min_commit_ts to {@code pushMinCommitTs} and aborting it
   * when asked to and its heartbeats stopped. An unknown transaction is decided ABORTED.
   */
  TxnRecordResult status(long txnId, long pushMinCommitTs, boolean abortIfExpired) {
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecord record = readOrAbort(txnId);
      if (record.getState() != TxnState.TXN_PENDING) {
        return ok(record);
      }
      if (abortIfExpired && expired(txnId)) {
        return ok(decide(record.toBuilder().setState(TxnState.TXN_ABORTED).build(), true));
      }
      if (Long.compareUnsigned(pushMinCommitTs, record.getMinCommitTs()) > 0) {
        record = record.toBuilder().setMinCommitTs(pushMinCommitTs).build();
        // Not synced (ADR 0013): a push lost in a machine crash goes with a reopen, and compute's
        // commit after a reopen of the coordinator is refused (cell epoch), so no commit can land
        // below the snapshot of the reader that pushed.
        write(record, false);
      }
      return ok(record);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The record once it is decided, or as it is after {@code waitMillis} (what a writer that met
   * the transaction's intent waits for: no polling, the decision wakes it).
   */
  CompletableFuture<TxnRecordResult> awaitDecision(long txnId, boolean abortIfExpired, long waitMillis) {
    CompletableFuture<TxnRecord> decision;
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecordResult now = status(txnId, 0, abortIfExpired);
      if (!undecided(now.getRecord()) || waitMillis <= 0) {
        return CompletableFuture.completedFuture(now);
      }
      decision = decisions.computeIfAbsent(txnId, id -> new CompletableFuture<>());
    } finally {
      lock.unlock();
    }
    return decision.copy().orTimeout(waitMillis, TimeUnit.MILLISECONDS).handle((record, timeout) ->
        record != null ? ok(record) : status(txnId, 0, abortIfExpired));
  }

  TxnRecordResult heartbeat(long txnId) {
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecord record = readOrAbort(txnId);
      if (record.getState() == TxnState.TXN_PENDING) {
        lastHeartbeat.put(txnId, nanoClock.getAsLong());
        return ok(record);
      }
      return record.getState() == TxnState.TXN_ABORTED ? aborted(record) : ok(record);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A PENDING record asked to commit or stage (under its lock): aborted on a reopened cell, refused
   * when the commit would not land above start_ts, else {@code accept} at max(commitTs,
   * min_commit_ts) (readers may have pushed it up).
   */
  private TxnRecordResult fromPending(TxnRecord record, long commitTs, boolean reopened,
      java.util.function.LongFunction<TxnRecordResult> accept) {
    if (reopened) {
      return aborted(decide(record.toBuilder().setState(TxnState.TXN_ABORTED).build(), true));
    }
    long effective = Long.compareUnsigned(commitTs, record.getMinCommitTs()) >= 0 ? commitTs : record.getMinCommitTs();
    if (Long.compareUnsigned(effective, record.getStartTs()) <= 0) {
      return failure(StatusCode.INVALID_REQUEST, ErrorCode.PROTOCOL_VIOLATION, "commit_ts "
          + Long.toUnsignedString(effective) + " is not above start_ts "
          + Long.toUnsignedString(record.getStartTs()), record);
    }
    return accept.apply(effective);
  }

  /** PENDING or STAGING: the outcome is not known yet (waiters keep waiting, writers conflict). */
  static boolean undecided(TxnRecord record) {
    return record.getState() == TxnState.TXN_PENDING || record.getState() == TxnState.TXN_STAGING;
  }

  /**
   * Parallel commit (ADR 0018): PENDING -> STAGING at max(commitTs, min_commit_ts) listing the
   * participants that must hold a durable prepare, WAL-synced (which also makes this cell's own
   * intents durable). A reopened cell aborts instead, as {@link #commit} does. A retried request
   * answers the record as it is.
   */
  TxnRecordResult stage(long txnId, long commitTs, boolean reopened, java.util.List<String> participants) {
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecord record = readOrAbort(txnId);
      switch (record.getState()) {
        case TXN_COMMITTED:
        case TXN_STAGING:
          return ok(record);
        case TXN_ABORTED:
          return aborted(record);
        default:
          break;
      }
      return fromPending(record, commitTs, reopened, effective -> {
        TxnRecord staged = record.toBuilder().setState(TxnState.TXN_STAGING).setCommitTs(effective)
            .clearStagedParticipants().addAllStagedParticipants(participants).build();
        write(staged, true);
        stagedAt.put(txnId, nanoClock.getAsLong());
        return ok(staged);
      });
    } finally {
      lock.unlock();
    }
  }

  /**
   * Decides a STAGING record from its participants' answers (ADR 0018): COMMITTED when every one
   * holds a durable prepare, else ABORTED (the one that did not has durably refused it, so the
   * answer cannot change). Synced: off the commit path (recovery, readers after the grace time).
   * A record no longer STAGING is answered as it is.
   */
  TxnRecordResult decideStaging(long txnId, boolean allPrepared) {
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecord record = readOrAbort(txnId);
      if (record.getState() != TxnState.TXN_STAGING) {
        return ok(record);
      }
      TxnRecord decided = decide(record.toBuilder()
          .setState(allPrepared ? TxnState.TXN_COMMITTED : TxnState.TXN_ABORTED)
          .setCommitTs(allPrepared ? record.getCommitTs() : 0).build(), true);
      (allPrepared ? stagingCommitted : stagingAborted).increment();
      return ok(decided);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Nanoseconds since this opening of the cell wrote the STAGING record, or Long.MAX_VALUE when it
   * did not (written before a restart: its compute is long past its commit).
   */
  long stagedFor(long txnId) {
    Long at = stagedAt.get(txnId);
    return at == null || at == Long.MIN_VALUE ? Long.MAX_VALUE : nanoClock.getAsLong() - at;
  }

  /** STAGING records this opening wrote and has not seen decided (the GC round decides old ones). */
  java.util.Set<Long> stagingNow() {
    return java.util.Set.copyOf(stagedAt.keySet());
  }

  /** At open: STAGING records written before count as past the grace time (recovery and GC decide them). */
  void loadStaging() {
    for (long txnId : stagingRecords()) {
      stagedAt.put(txnId, Long.MIN_VALUE);
    }
  }

  /** Every STAGING record on disk (after a restart: recovery decides them). */
  java.util.List<Long> stagingRecords() {
    java.util.List<Long> out = new java.util.ArrayList<>();
    try (org.rocksdb.RocksIterator it = store.db().newIterator(store.txns())) {
      byte[] first = TxnKeys.record(0);
      for (it.seek(first); it.isValid() && it.key()[0] == first[0]; it.next()) {
        TxnRecord record = TxnRecord.parseFrom(it.value());
        if (record.getState() == TxnState.TXN_STAGING) {
          out.add(record.getTxnId());
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt transaction record", e);
    }
    return out;
  }

  long stagingCommitted() {
    return stagingCommitted.sum();
  }

  long stagingAborted() {
    return stagingAborted.sum();
  }

  /**
   * The commit point: PENDING -> COMMITTED at max(commitTs, min_commit_ts), durably. With
   * {@code reopened} (the cell was opened again since the transaction wrote here, so its unsynced
   * intents and record may be partly lost) a pending transaction is aborted instead.
   */
  TxnRecordResult commit(long txnId, long commitTs, boolean reopened) {
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecord record = readOrAbort(txnId);
      switch (record.getState()) {
        case TXN_COMMITTED:
          return ok(record);
        case TXN_ABORTED:
          return aborted(record);
        case TXN_STAGING:
          // The flip (ADR 0018): compute sends it only after every listed participant answered its
          // prepare, so the transaction is committed already; the STAGING record is durable and so
          // are the prepares, so this write needs no sync (lost, it is decided again the same way).
          // The epoch is not checked: the STAGING sync made this cell's intents durable.
          return ok(decide(record.toBuilder().setState(TxnState.TXN_COMMITTED).clearStagedParticipants().build(),
              false));
        default:
          break;
      }
      return fromPending(record, commitTs, reopened,
          effective -> ok(decide(record.toBuilder().setState(TxnState.TXN_COMMITTED).setCommitTs(effective).build(), true)));
    } finally {
      lock.unlock();
    }
  }

  TxnRecordResult abort(long txnId) {
    ReentrantLock lock = lockOf(txnId);
    lock.lock();
    try {
      TxnRecord record = readOrAbort(txnId);
      if (record.getState() == TxnState.TXN_COMMITTED) {
        return failure(StatusCode.CONFLICT, ErrorCode.SERIALIZATION_FAILURE,
            "transaction " + Long.toUnsignedString(txnId) + " is already committed", record);
      }
      if (record.getState() == TxnState.TXN_PENDING) {
        record = decide(record.toBuilder().setState(TxnState.TXN_ABORTED).build(), true);
      }
      return ok(record); // STAGING: the engine decides it from the participants
    } finally {
      lock.unlock();
    }
  }

  private boolean expired(long txnId) {
    long now = nanoClock.getAsLong();
    long last = lastHeartbeat.computeIfAbsent(txnId, id -> now);
    return now - last >= timeoutNanos;
  }

  private TxnRecord decide(TxnRecord record, boolean sync) {
    write(record, sync);
    stagedAt.remove(record.getTxnId());
    if (record.getState() == TxnState.TXN_COMMITTED) {
      commits.increment();
    }
    lastHeartbeat.remove(record.getTxnId());
    CompletableFuture<TxnRecord> waiting = decisions.remove(record.getTxnId());
    if (waiting != null) {
      waiting.complete(record);
    }
    return record;
  }

  private TxnRecord readOrAbort(long txnId) {
    TxnRecord record = read(txnId);
    if (record == null) {
      record = TxnRecord.newBuilder().setTxnId(txnId).setState(TxnState.TXN_ABORTED)
          .setCoordinatorCell(cellId).build();
      write(record, true);
    }
    return record;
  }

  /**
   * Record GC (ADR 0013): deletes the records of decided transactions whose intents every
   * participant has durably resolved, as compute vouches; a pending one is kept. Not synced: a
   * lost delete leaves the record for the next round. Returns how many were deleted.
   */
  int forget(java.util.List<Long> txnIds) {
    int forgotten = 0;
    for (long txnId : txnIds) {
      ReentrantLock lock = lockOf(txnId);
      lock.lock();
      try {
        // The prepare marker of a participant (ADR 0018): the decision is durable on the
        // coordinator (compute forgets only after a WAL sync round that followed it), so no
        // STAGING decision will ask for it again.
        store.db().delete(store.txns(), store.bufferedWrite(), TxnKeys.prepareMarker(txnId));
        TxnRecord record = read(txnId);
        if (record == null || undecided(record)) {
          continue;
        }
        store.db().delete(store.txns(), store.bufferedWrite(), TxnKeys.record(txnId));
        forgotten++;
      } catch (RocksDBException e) {
        throw new IllegalStateException("cannot delete transaction record " + Long.toUnsignedString(txnId), e);
      } finally {
        lock.unlock();
      }
    }
    recordsForgotten.add(forgotten);
    return forgotten;
  }

  long recordsForgotten() {
    return recordsForgotten.sum();
  }

  /** COMMITTED records written since open (metrics). */
  long commits() {
    return commits.sum();
  }

  TxnRecord read(long txnId) {
    try {
      byte[] bytes = store.db().get(store.txns(), TxnKeys.record(txnId));
      return bytes == null ? null : TxnRecord.parseFrom(bytes);
    } catch (RocksDBException | InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot read transaction record " + Long.toUnsignedString(txnId), e);
    }
  }

  private void write(TxnRecord record, boolean sync) {
    try {
      store.db().put(store.txns(), sync ? store.syncWrite() : store.bufferedWrite(), TxnKeys.record(record.getTxnId()),
          record.toByteArray());
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot write transaction record "
          + Long.toUnsignedString(record.getTxnId()), e);
    }
  }

  private ReentrantLock lockOf(long txnId) {
    return stripes[Math.floorMod(Long.hashCode(txnId), stripes.length)];
  }

  private static TxnRecordResult ok(TxnRecord record) {
    return TxnRecordResult.newBuilder().setStatus(HidbProtocol.ok()).setRecord(record).build();
  }

  private static TxnRecordResult aborted(TxnRecord record) {
    return failure(StatusCode.CONFLICT, ErrorCode.SERIALIZATION_FAILURE, "could not serialize access: transaction "
        + Long.toUnsignedString(record.getTxnId()) + " was aborted", record);
  }

  private static TxnRecordResult failure(StatusCode code, ErrorCode errorCode, String message, TxnRecord record) {
    TxnRecordResult.Builder result = TxnRecordResult.newBuilder().setStatus(Status.newBuilder().setCode(code)
        .setMessage(message).setErrorCode(errorCode.name()));
    if (record != null) {
      result.setRecord(record);
    }
    return result.build();
  }
}
