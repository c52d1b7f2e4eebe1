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
  private final KeyStripes stripes;
  /** The keys holding intents, in memory (ADR 0021). */
  private final LiveIntents live;
  private final ExecutorService background;
  private final Set<Long> resolving = ConcurrentHashMap.newKeySet();
  /**
   * This opening of the cell (random, nonzero). Intents and PENDING records are written without
   * WAL sync, so after a reopen those of a still-running transaction may be lost; compute sends
   * back the epoch it saw and a commit or prepare under another epoch is refused (ADR 0013).
   */
  private final long epoch = java.util.concurrent.ThreadLocalRandom.current().nextLong() | 1L;
  private final java.util.concurrent.atomic.LongAdder prepares = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder refusals = new java.util.concurrent.atomic.LongAdder();
  /** Prepare markers (ADR 0018): one byte, the prepare or the refusal of any prepare. */
  private static final byte PREPARED = 'P';
  private static final byte REFUSED = 'R';
  private final java.util.concurrent.locks.ReentrantLock[] markerStripes = new java.util.concurrent.locks.ReentrantLock[64];
  /**
   * How long a STAGING record is left to its compute's flip (normally one round trip after the
   * commit answer) before a reader or a waiter decides it from the participants. Only a crashed
   * or cut-off compute ever lets it pass; deciding earlier would still be correct, but could
   * abort a commit whose prepare is still on its way.
   */
  static final long STAGING_GRACE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
      Long.getLong("heliosdb.txn.staging.grace.millis", 1000));

  private TxnEngine(String cellId, CellStore store, CellCounters counters, CommitClock clock, CellGate gate,
      TxnConfig config) {
    this.cellId = cellId;
    this.store = store;
    this.gate = gate;
    this.config = config;
    KeyStripes stripes = new KeyStripes(KEY_STRIPES);
    this.stripes = stripes;
    // Before any request: derived from the intents column family, so rebuilt at every open (ADR
    // 0021), the per-transaction key sets too (ADR 0022).
    this.live = LiveIntents.load(store);
    dropLegacyParticipantEntries(cellId, store);
    this.records = new TxnRecords(store, cellId, config.heartbeatTimeout().toNanos(), System::nanoTime);
    this.outcomes = new TxnOutcomes(cellId, records, config.peers(), txnId -> status(txnId, 0, false, true));
    this.resolver = new IntentResolver(store, stripes, clock, live);
    this.writer = new IntentWriter(store, counters, stripes, outcomes, resolver, watermark, live);
    this.validator = new ReadValidator(store, clock, outcomes, live);
    this.sweeper = new VersionSweeper(store, counters::mutations);
    for (int i = 0; i < markerStripes.length; i++) {
      markerStripes[i] = new java.util.concurrent.locks.ReentrantLock();
    }
    this.background = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cell-" + cellId + "-txn-resolver");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Data directories written before ADR 0022 hold a participant entry per intent in the txns
   * column family; nothing reads them any more (the key sets are rebuilt from the intents). One
   * DeleteRange over the whole range, only when an entry is there: not synced, since a lost
   * deletion is simply repeated at the next open.
   */
  static boolean dropLegacyParticipantEntries(String cellId, CellStore store) {
    byte[] start = TxnKeys.legacyParticipantsStart();
    byte[] end = TxnKeys.legacyParticipantsEnd();
    try (org.rocksdb.Slice bound = new org.rocksdb.Slice(end);
        org.rocksdb.ReadOptions bounded = new org.rocksdb.ReadOptions().setIterateUpperBound(bound);
        org.rocksdb.RocksIterator it = store.db().newIterator(store.txns(), bounded)) {
      it.seek(start);
      if (!it.isValid()) {
        return false;
      }
      store.db().deleteRange(store.txns(), store.bufferedWrite(), start, end);
      LOG.info("cell {}: deleted the participant entries of an older format (ADR 0022)", cellId);
      return true;
    } catch (org.rocksdb.RocksDBException e) {
      throw new IllegalStateException("cannot delete the old participant entries of the cell: " + e.getMessage(), e);
    }
  }

  public static TxnEngine open(String cellId, CellStore store, CellCounters counters, CommitClock clock,
      CellGate gate, TxnConfig config) {
    TxnEngine engine = new TxnEngine(cellId, store, counters, clock, gate, config);
    engine.records.loadStaging();
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
    return txnId == 0 ? null : new IntentOverlay(store, live, txnId, snapshotTs, outcomes, this::resolveLater);
  }

  public WriteResult writeIntents(ServedTable table, WriteBatch batch) {
    WriteResult written = writer.write(table, batch);
    // Every answer names the epoch, failures too, so compute notices a reopen on any call.
    WriteResult.Builder answer = written.toBuilder().setCellEpoch(epoch);
    if (batch.hasCommitWithWrite() && written.getStatus().getCode() == StatusCode.OK) {
      commitWithWrite(batch.getTxn().getTxnId(), batch.getCommitWithWrite(), written.getMinCommitTs(), answer);
    }
    return answer.build();
  }

  /**
   * ADR 0027: the transaction's last write also commits it, once its intents here are written and
   * this cell's min_commit_ts is known (read after them, as for any write). The coordinator writes
   * the record, a participant its prepare marker; each is the same synced write CommitTxn or
   * PrepareTxn would make, so records, markers and their decisions are unchanged (ADR 0018).
   */
  private void commitWithWrite(long txnId, io.heliosdb.hidb.proto.CommitWithWrite commit, long minCommitTs,
      WriteResult.Builder answer) {
    if (commit.getCoordinator()) {
      long proposed = Long.compareUnsigned(commit.getCommitTs(), minCommitTs) >= 0 ? commit.getCommitTs() : minCommitTs;
      answer.setCommitted(commit(io.heliosdb.hidb.proto.CommitTxnRequest.newBuilder().setTxnId(txnId)
          .setCommitTs(proposed).setCellEpoch(commit.getCellEpoch())
          .addAllStagedParticipants(commit.getStagedParticipantsList()).build()));
      return;
    }
    // A read above the proposed timestamp came first (it would see the transaction appear in its
    // past): no prepare; compute decides the record without it (aborted) and runs the statement
    // the two-round way.
    if (Long.compareUnsigned(minCommitTs, commit.getCommitTs()) > 0) {
      return;
    }
    PrepareTxnResult prepared = prepare(txnId, commit.getCellEpoch());
    answer.setPrepared(prepared.getStatus().getCode() == StatusCode.OK && prepared.getPrepared());
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
    return prepare(io.heliosdb.hidb.proto.PrepareTxnRequest.newBuilder().setTxnId(txnId).setCellEpoch(cellEpoch).build());
  }

  /**
   * Prepare (ADR 0018): after the epoch check, writes the transaction's prepare marker with one
   * WAL sync, which also makes every earlier write durable (its intents among them). A
   * {@code status_only} request (a STAGING record being decided) answers whether the marker is
   * there, and if it is not, durably writes a refusal first, so a prepare still on its way fails
   * and the answer never changes. Both run under the transaction's marker stripe.
   */
  public PrepareTxnResult prepare(io.heliosdb.hidb.proto.PrepareTxnRequest request) {
    long txnId = request.getTxnId();
    long cellEpoch = request.getCellEpoch();
    if (txnId == 0) {
      return PrepareTxnResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INVALID_REQUEST)
          .setErrorCode(ErrorCode.PROTOCOL_VIOLATION.name())
          .setMessage("PrepareTxn needs a txn_id")).build();
    }
    java.util.concurrent.locks.ReentrantLock lock = markerStripes[Math.floorMod(Long.hashCode(txnId),
        markerStripes.length)];
    lock.lock();
    try {
      byte[] marker = store.db().get(store.txns(), TxnKeys.prepareMarker(txnId));
      if (request.getStatusOnly()) {
        if (marker == null) {
          store.db().put(store.txns(), store.syncWrite(), TxnKeys.prepareMarker(txnId), new byte[] {REFUSED});
          refusals.increment();
        }
        boolean prepared = marker != null && marker[0] == PREPARED;
        return PrepareTxnResult.newBuilder().setStatus(HidbProtocol.ok()).setPrepared(prepared).build();
      }
      if (marker != null) {
        return marker[0] == PREPARED ? PrepareTxnResult.newBuilder().setStatus(HidbProtocol.ok()).setPrepared(true)
            .build() : conflict("could not serialize access: transaction " + Long.toUnsignedString(txnId)
            + " was decided without its prepare on storage cell " + cellId);
      }
      // cellEpoch 0: compute never got an answer from this cell, so no write of the transaction that
      // a statement kept is here (the failed statement was rolled back or failed the transaction).
      if (cellEpoch != 0 && cellEpoch != epoch) {
        return conflict("could not serialize access: storage cell " + cellId + " restarted during transaction "
            + Long.toUnsignedString(txnId));
      }
      // One synced write (RocksDB's write group shares the fsync with concurrent prepares and
      // commit records): the marker and, by the WAL prefix rule, every intent written before it.
      store.db().put(store.txns(), store.syncWrite(), TxnKeys.prepareMarker(txnId), new byte[] {PREPARED});
    } catch (org.rocksdb.RocksDBException e) {
      throw new IllegalStateException("cannot write the prepare of transaction " + Long.toUnsignedString(txnId)
          + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
    prepares.increment();
    return PrepareTxnResult.newBuilder().setStatus(HidbProtocol.ok()).setPrepared(true).build();
  }

  private static PrepareTxnResult conflict(String message) {
    return PrepareTxnResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.CONFLICT)
        .setErrorCode(ErrorCode.SERIALIZATION_FAILURE.name()).setMessage(message)).build();
  }

  /**
   * Decides a STAGING record this cell coordinates (ADR 0018): asks every listed participant
   * whether it holds a durable prepare (a participant without one durably refuses it first), then
   * writes COMMITTED if all do, else ABORTED. A participant that cannot be reached leaves the
   * record STAGING (unknown; nothing is guessed). Concurrent deciders, and compute's flip, reach
   * the same outcome: each participant's answer is final.
   */
  public TxnRecordResult decideStaging(long txnId) {
    TxnRecord record = records.read(txnId);
    if (record == null || record.getState() != TxnState.TXN_STAGING) {
      return withEpoch(records.status(txnId, 0, false));
    }
    boolean allPrepared = true;
    for (String participant : record.getStagedParticipantsList()) {
      io.heliosdb.hidb.proto.PrepareTxnRequest ask = io.heliosdb.hidb.proto.PrepareTxnRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setTxnId(txnId).setStatusOnly(true).build();
      PrepareTxnResult answer;
      try {
        answer = participant.equals(cellId) ? prepare(ask) : config.peers().prepareTxn(participant, ask);
      } catch (PeerCells.PeerUnavailableException e) {
        LOG.debug("cell {}: STAGING transaction {} stays undecided: {}", cellId, Long.toUnsignedString(txnId),
            e.getMessage());
        return withEpoch(records.status(txnId, 0, false));
      }
      if (answer.getStatus().getCode() != StatusCode.OK) {
        return withEpoch(records.status(txnId, 0, false));
      }
      if (!answer.getPrepared()) {
        allPrepared = false;
        break; // durably refused there: the transaction can never commit
      }
    }
    TxnRecordResult decided = records.decideStaging(txnId, allPrepared);
    LOG.info("cell {}: STAGING transaction {} decided {} from its participants' prepares", cellId,
        Long.toUnsignedString(txnId), decided.getRecord().getState());
    return withEpoch(decided);
  }

  /**
   * The record; a STAGING one, when {@code decide} is asked for, is answered decided: compute
   * normally flips it right after the commit round, so within the grace time this waits for that,
   * and after it decides from the participants.
   */
  public TxnRecordResult status(long txnId, long pushMinCommitTs, boolean abortIfExpired, boolean decide) {
    TxnRecordResult result = records.status(txnId, pushMinCommitTs, abortIfExpired);
    if (result.getRecord().getState() != TxnState.TXN_STAGING || !decide) {
      return result;
    }
    long left = STAGING_GRACE_NANOS - records.stagedFor(txnId);
    if (left > 0) {
      try {
        result = records.awaitDecision(txnId, false, Math.max(1, left / 1_000_000)).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
      if (result.getRecord().getState() != TxnState.TXN_STAGING) {
        return result;
      }
    }
    return decideStaging(txnId);
  }

  /** Decides, in the background, the STAGING records this opening wrote that outlived the grace time. */
  private void decideOldStaging() {
    for (long txnId : records.stagingNow()) {
      if (records.stagedFor(txnId) >= STAGING_GRACE_NANOS) {
        submit(() -> decideStaging(txnId));
      }
    }
  }

  /** STAGING records decided COMMITTED / ABORTED from their participants (metrics). */
  public long stagingCommitted() {
    return records.stagingCommitted();
  }

  public long stagingAborted() {
    return records.stagingAborted();
  }

  public TxnRecordResult status(long txnId, long pushMinCommitTs, boolean abortIfExpired) {
    return status(txnId, pushMinCommitTs, abortIfExpired, false);
  }

  /**
   * The record once decided, or as it is after waitMillis (lock waits of writers in other
   * transactions). A waiter that may abort an expired holder also decides a STAGING holder once
   * it is past the grace time (its compute did not flip it: crashed or cut off).
   */
  public java.util.concurrent.CompletableFuture<TxnRecordResult> awaitDecision(long txnId, boolean abortIfExpired,
      long waitMillis) {
    return records.awaitDecision(txnId, abortIfExpired, waitMillis).thenCompose(r ->
        abortIfExpired && r.getRecord().getState() == TxnState.TXN_STAGING
            && records.stagedFor(txnId) >= STAGING_GRACE_NANOS
            ? java.util.concurrent.CompletableFuture.supplyAsync(() -> decideStaging(txnId), background)
            : java.util.concurrent.CompletableFuture.completedFuture(r));
  }

  /** Keys holding a live intent on this cell (the in-memory index of ADR 0021), for metrics. */
  public long liveIntents() {
    return live.size();
  }

  /**
   * After a DeleteRange removed a dropped table's data (its intents among them) from RocksDB:
   * unindexes its keys, each under its stripe and only if RocksDB indeed holds no intent there
   * (a write racing the drop may have put one back after the DeleteRange).
   */
  public void tableDropped(long tableId) {
    byte[] start = io.heliosdb.storage.engine.RowKeys.tablePrefix(tableId);
    byte[] end = io.heliosdb.storage.engine.RowKeys.successorOfPrefix(start);
    for (byte[] key : live.keysIn(start, end)) {
      try (KeyStripes.Held held = stripes.lock(java.util.List.of(key))) {
        if (store.db().get(store.intents(), key) == null) {
          live.remove(key);
        }
      } catch (org.rocksdb.RocksDBException e) {
        throw new IllegalStateException("cannot read an intent of dropped table " + tableId, e);
      }
    }
  }

  /** For tests: the index as it is now. */
  java.util.Map<byte[], Long> liveIntentIndex() {
    return live.snapshot();
  }

  /** For tests: each transaction's keys with the intent bytes kept for resolution (ADR 0025). */
  java.util.Map<Long, java.util.List<java.util.Map.Entry<byte[], byte[]>>> liveKeptIntents() {
    return live.snapshotKeptIntents();
  }

  /** For tests: the per-transaction key sets as they are now (ADR 0022). */
  java.util.Map<Long, java.util.List<byte[]>> liveIntentsByTxn() {
    return live.snapshotByTxn();
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
    decideOldStaging();
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

  /** CommitTxn: with staged participants the STAGING write of a parallel commit (ADR 0018). */
  public TxnRecordResult commit(io.heliosdb.hidb.proto.CommitTxnRequest request) {
    boolean reopened = request.getCellEpoch() != 0 && request.getCellEpoch() != epoch;
    if (request.getStagedParticipantsCount() == 0) {
      return withEpoch(records.commit(request.getTxnId(), request.getCommitTs(), reopened));
    }
    if (request.getStagedParticipantsList().contains(cellId)) {
      return TxnRecordResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INVALID_REQUEST)
          .setErrorCode(ErrorCode.PROTOCOL_VIOLATION.name())
          .setMessage("the coordinator is not a staged participant of its own record")).build();
    }
    return withEpoch(records.stage(request.getTxnId(), request.getCommitTs(), reopened,
        request.getStagedParticipantsList()));
  }

  private TxnRecordResult withEpoch(TxnRecordResult result) {
    return result.toBuilder().setCellEpoch(epoch).build();
  }

  /**
   * Aborts a pending transaction. A STAGING one (compute's commit round failed somewhere) is
   * decided from its participants instead; if it turns out committed, the answer is CONFLICT with
   * the COMMITTED record, as for any abort of a committed transaction.
   */
  public TxnRecordResult abort(long txnId) {
    TxnRecordResult result = records.abort(txnId);
    if (result.getRecord().getState() != TxnState.TXN_STAGING) {
      return result;
    }
    TxnRecordResult decided = decideStaging(txnId);
    if (decided.getRecord().getState() == TxnState.TXN_STAGING) {
      // A participant could not be asked: the transaction may be committed, so nothing may be undone.
      return decided.toBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INTERNAL)
          .setErrorCode(ErrorCode.INTERNAL_ERROR.name()).setMessage("transaction " + Long.toUnsignedString(txnId)
              + " is STAGING and a participant cannot be asked now")).build();
    }
    return decided.getRecord().getState() == TxnState.TXN_COMMITTED ? records.abort(txnId) : decided;
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
    if (local != null && local.getState() == TxnState.TXN_STAGING) {
      local = decideStaging(request.getTxnId()).getRecord(); // never resolve against an undecided record
      if (local.getState() == TxnState.TXN_STAGING) {
        return ResolveIntentsResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INTERNAL)
            .setErrorCode(ErrorCode.UNAVAILABLE.name()).setMessage("transaction "
                + Long.toUnsignedString(request.getTxnId()) + " is STAGING and cannot be decided now")).build();
      }
    }
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
    for (long txnId : records.stagingRecords()) {
      decideStaging(txnId); // a STAGING record of before the restart: its compute is long past its commit
    }
    for (Map.Entry<Long, TxnMeta> entry : resolver.transactionsWithIntents().entrySet()) {
      TxnRecord outcome = outcomes.lookup(entry.getValue(), 0, false);
      if (outcome.getState() == TxnState.TXN_STAGING) {
        outcome = outcomes.decided(entry.getValue());
      }
      if (!TxnRecords.undecided(outcome)) {
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
