package io.heliosdb.storage.txn;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.proto.PrepareTxnResult;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.ResolveIntentsResult;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.CellCounters;
import io.heliosdb.storage.engine.CellGate;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.CommitClock;
import io.heliosdb.storage.engine.ServedTable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction side of one cell: the records it coordinates, the intents it holds as a
 * participant, and a background thread that rewrites intents of decided transactions (met by
 * readers, or left by a crash). Every entry point is called inside the cell gate.
 */
public final class TxnEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TxnEngine.class);
  private static final int KEY_STRIPES = 1024;

  private final String cellId;
  private final CellStore store;
  private final CellGate gate;
  private final TxnConfig config;
  private final TxnRecords records;
  private final TxnOutcomes outcomes;
  private final IntentResolver resolver;
  private final IntentWriter writer;
  private final ReadValidator validator;
  private final VersionSweeper sweeper;
  private final ReadWatermark watermark = new ReadWatermark();
  private final ExecutorService background;
  private final Set<Long> resolving = ConcurrentHashMap.newKeySet();
  /**
   * This opening of the cell (random, nonzero). Intents and PENDING records are written without
   * WAL sync, so after a reopen those of a still-running transaction may be lost; compute sends
   * back the epoch it saw and a commit or prepare under another epoch is refused (ADR 0013).
   */
  private final long epoch = java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L;
  private final java.util.concurrent.atomic.LongAdder prepares = new java.util.concurrent.atomic.LongAdder();

  private TxnEngine(String cellId, CellStore store, CellCounters counters, CommitClock clock, CellGate gate,
      TxnConfig config) {
    this.cellId = cellId;
    this.store = store;
    this.gate = gate;
    this.config = config;
    KeyStripes stripes = new KeyStripes(KEY_STRIPES);
    this.records = new TxnRecords(store, cellId, config.heartbeatTimeout().toNanos(), System::nanoTime);
    this.outcomes = new TxnOutcomes(cellId, records, config.peers());
    this.resolver = new IntentResolver(store, stripes, clock);
    this.writer = new IntentWriter(store, counters, stripes, outcomes, resolver, watermark);
    this.validator = new ReadValidator(store, clock, outcomes);
    this.sweeper = new VersionSweeper(store, counters::mutations);
    this.background = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cell-" + cellId + "-txn-resolver");
      thread.setDaemon(true);
      return thread;
    });
  }

  public static TxnEngine open(String cellId, CellStore store, CellCounters counters, CommitClock clock,
      CellGate gate, TxnConfig config) {
    TxnEngine engine = new TxnEngine(cellId, store, counters, clock, gate, config);
    if (config.recoverOnOpen()) {
      engine.submit(engine::recoverIntents);
    }
    return engine;
  }

  public ReadWatermark watermark() {
    return watermark;
  }

  /** The overlay a read of {@code txnId} at {@code snapshotTs} merges intents with; null for txnId 0. */
  public IntentOverlay overlay(long txnId, long snapshotTs) {
    return txnId == 0 ? null : new IntentOverlay(store, txnId, snapshotTs, outcomes, this::resolveLater);
  }

  public WriteResult writeIntents(ServedTable table, WriteBatch batch) {
    // Every answer names the epoch, failures too, so compute notices a reopen on any call.
    return writer.write(table, batch).toBuilder().setCellEpoch(epoch).build();
  }

  public TxnRecordResult begin(TxnMeta txn) {
    return withEpoch(records.begin(txn));
  }

  /** This opening of the cell (see {@link #epoch}). */
  public long epoch() {
    return epoch;
  }

  /** PrepareTxn requests served (each one WAL sync, shared with concurrent writers). */
  public long prepares() {
    return prepares.sum();
  }

  /** COMMITTED records written as coordinator. */
  public long commits() {
    return records.commits();
  }

  /**
   * Prepare phase on a participant that is not the coordinator: makes every write so far durable
   * (the transaction's intents among them) with one WAL sync. CONFLICT when the cell was opened
   * again since the transaction wrote here, since its unsynced intents may be gone.
   */
  public PrepareTxnResult prepare(long txnId, long cellEpoch) {
    if (txnId == 0) {
      return PrepareTxnResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INVALID_REQUEST)
          .setErrorCode(ErrorCode.PROTOCOL_VIOLATION.name())
          .setMessage("PrepareTxn needs a txn_id")).build();
    }
    // cellEpoch 0: compute never got an answer from this cell, so no write of the transaction that
    // a statement kept is here (the failed statement was rolled back or failed the transaction).
    if (cellEpoch != 0 && cellEpoch != epoch) {
      return PrepareTxnResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.CONFLICT)
          .setErrorCode(ErrorCode.SERIALIZATION_FAILURE.name())
          .setMessage("could not serialize access: storage cell " + cellId + " restarted during transaction "
              + Long.toUnsignedString(txnId))).build();
    }
    try {
      store.makeWalDurable();
    } catch (org.rocksdb.RocksDBException e) {
      throw new IllegalStateException("cannot sync the WAL: " + e.getMessage(), e);
    }
    prepares.increment();
    return PrepareTxnResult.newBuilder().setStatus(HidbProtocol.ok()).build();
  }

  public TxnRecordResult status(long txnId, long pushMinCommitTs, boolean abortIfExpired) {
    return records.status(txnId, pushMinCommitTs, abortIfExpired);
  }

  /** The record once decided, or as it is after waitMillis (lock waits of writers in other transactions). */
  public java.util.concurrent.CompletableFuture<TxnRecordResult> awaitDecision(long txnId, boolean abortIfExpired,
      long waitMillis) {
    return records.awaitDecision(txnId, abortIfExpired, waitMillis);
  }

  /** ROLLBACK TO SAVEPOINT / statement restart on this participant: undo the writes at seq >= fromSeq. */
  public ResolveIntentsResult rollback(long txnId, int fromSeq) {
    if (txnId == 0 || fromSeq <= 0) {
      return ResolveIntentsResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INVALID_REQUEST)
          .setErrorCode(ErrorCode.PROTOCOL_VIOLATION.name())
          .setMessage("RollbackIntents needs a txn_id and a positive from_seq")).build();
    }
    return ResolveIntentsResult.newBuilder().setStatus(HidbProtocol.ok())
        .setResolved(resolver.rollback(txnId, fromSeq)).build();
  }

  /** SERIALIZABLE: did a commit after start_ts change what the transaction read here? */
  public io.heliosdb.hidb.proto.ValidateReadsResult validateReads(io.heliosdb.hidb.proto.ValidateReadsRequest request) {
    return validator.validate(request);
  }

  /**
   * Takes compute's low-water mark (the oldest snapshot still in use) and sweeps old versions
   * below it in the background; answers the totals so far.
   */
  public io.heliosdb.hidb.proto.CollectGarbageResult collectGarbage(long lowWaterTs) {
    return collectGarbage(io.heliosdb.hidb.proto.CollectGarbageRequest.newBuilder().setLowWaterTs(lowWaterTs).build());
  }

  /**
   * Also, on request, makes the WAL durable (so resolutions answered before are durable: compute's
   * first pass of record GC) and deletes the decided records compute names (its second pass).
   */
  public io.heliosdb.hidb.proto.CollectGarbageResult collectGarbage(io.heliosdb.hidb.proto.CollectGarbageRequest request) {
    if (request.getSyncWal()) {
      try {
        store.makeWalDurable();
      } catch (org.rocksdb.RocksDBException e) {
        throw new IllegalStateException("cannot sync the WAL: " + e.getMessage(), e);
      }
    }
    if (request.getForgetTxnIdsCount() > 0) {
      records.forget(request.getForgetTxnIdsList());
    }
    if (request.getLowWaterTs() != 0 && sweeper.offer(request.getLowWaterTs())) {
      submit(sweeper::sweep);
    }
    return io.heliosdb.hidb.proto.CollectGarbageResult.newBuilder().setStatus(HidbProtocol.ok())
        .setVersionsRemoved(sweeper.versionsRemoved()).setBytesRemoved(sweeper.bytesRemoved())
        .setSweeps(sweeper.sweeps()).setRecordsForgotten(records.recordsForgotten()).build();
  }

  public TxnRecordResult heartbeat(long txnId) {
    return records.heartbeat(txnId);
  }

  /**
   * The commit point. {@code cellEpoch} (0: not checked) is the epoch compute saw when the
   * transaction began and wrote here; the synced COMMITTED write also makes this cell's own
   * intents durable, as they precede it in the WAL.
   */
  public TxnRecordResult commit(long txnId, long commitTs) {
    return commit(txnId, commitTs, 0);
  }

  public TxnRecordResult commit(long txnId, long commitTs, long cellEpoch) {
    return withEpoch(records.commit(txnId, commitTs, cellEpoch != 0 && cellEpoch != epoch));
  }

  private TxnRecordResult withEpoch(TxnRecordResult result) {
    return result.toBuilder().setCellEpoch(epoch).build();
  }

  public TxnRecordResult abort(long txnId) {
    return records.abort(txnId);
  }

  /** Participant side of commit and abort, as compute sends it after the record is decided. */
  public ResolveIntentsResult resolve(ResolveIntentsRequest request) {
    boolean committed = request.getState() == TxnState.TXN_COMMITTED;
    if (request.getTxnId() == 0 || !(committed || request.getState() == TxnState.TXN_ABORTED)
        || (committed && request.getCommitTs() == 0)) {
      return ResolveIntentsResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INVALID_REQUEST)
          .setErrorCode(ErrorCode.PROTOCOL_VIOLATION.name())
          .setMessage("ResolveIntents needs a txn_id and COMMITTED with commit_ts, or ABORTED")).build();
    }
    TxnRecord outcome = TxnRecord.newBuilder().setTxnId(request.getTxnId()).setState(request.getState())
        .setCommitTs(committed ? request.getCommitTs() : 0).build();
    // The record is the truth: a request contradicting the decision this cell coordinates (an
    // ABORTED sent for a transaction whose commit answer compute lost) resolves to the record's.
    TxnRecord local = records.read(request.getTxnId());
    if (local != null && local.getState() != TxnState.TXN_PENDING && local.getState() != outcome.getState()) {
      LOG.warn("cell {}: ResolveIntents {} for transaction {} contradicts its record {}; resolving as recorded",
          cellId, request.getState(), Long.toUnsignedString(request.getTxnId()), local.getState());
      outcome = local;
    }
    outcomes.remember(outcome);
    long resolved = resolver.resolve(outcome);
    return ResolveIntentsResult.newBuilder().setStatus(HidbProtocol.ok()).setResolved(resolved).build();
  }

  /**
   * Asks the coordinator of every transaction with intents here for its outcome and resolves the
   * decided ones; pending ones stay for their coordinator (or a later reader) to decide. Returns
   * how many transactions were resolved. Runs after open; safe to run again at any time.
   */
  public int recoverIntents() {
    int resolvedTxns = 0;
    for (Map.Entry<Long, TxnMeta> entry : resolver.transactionsWithIntents().entrySet()) {
      TxnRecord outcome = outcomes.lookup(entry.getValue(), 0, false);
      if (outcome.getState() != TxnState.TXN_PENDING) {
        long intents = resolver.resolve(outcome);
        resolvedTxns++;
        LOG.info("cell {}: recovered {} intents of transaction {} as {}", cellId, intents,
            Long.toUnsignedString(entry.getKey()), outcome.getState());
      }
    }
    return resolvedTxns;
  }

  private void resolveLater(TxnRecord outcome) {
    if (resolving.add(outcome.getTxnId())) {
      submit(() -> {
        try {
          return resolver.resolve(outcome);
        } finally {
          resolving.remove(outcome.getTxnId());
        }
      });
    }
  }

  private void submit(java.util.concurrent.Callable<?> task) {
    try {
      background.execute(() -> {
        if (!gate.enter()) {
          return;
        }
        try {
          task.call();
        } catch (Exception e) {
          LOG.warn("cell {}: background intent resolution failed", cellId, e);
        } finally {
          gate.exit();
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("cell {} is closing; intents stay for the next open", cellId);
    }
  }

  /** Stops the background resolver (after the gate is shut) and the peer channels. */
  @Override
  public void close() {
    background.shutdown();
    try {
      background.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    config.peers().close();
  }
}
