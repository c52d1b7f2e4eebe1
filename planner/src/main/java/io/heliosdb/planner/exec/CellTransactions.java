package io.heliosdb.planner.exec;

import io.grpc.StatusRuntimeException;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.AbortTxnRequest;
import io.heliosdb.hidb.proto.BeginTxnRequest;
import io.heliosdb.hidb.proto.CommitTxnRequest;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.metadata.Catalog;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Compute's side of the commit protocol (ADR 0007, ADR 0013, ADR 0018): begin the record on the
 * coordinator before the first intent (neither is WAL-synced). At commit, a single-cell
 * transaction writes the COMMITTED record (synced); a multi-cell one makes every other
 * participant durable (PrepareTxn: a synced prepare marker) and writes the STAGING record on the
 * coordinator (synced), all in one parallel round, after which it is committed; the flip to
 * COMMITTED and the resolution of the intents on every participant follow in the background. Readers that get there first resolve lazily,
 * so acknowledging the commit does not wait for resolution.
 */
public final class CellTransactions implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CellTransactions.class);

  private final CellClients cells;
  private final TimestampOracle clock;
  private final ExecutorService resolver = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "heliosdb-intent-resolver");
    t.setDaemon(true);
    return t;
  });

  public CellTransactions(CellClients cells, TimestampOracle clock) {
    this.cells = cells;
    this.clock = clock;
  }

  TxnMeta meta(Txn txn, long statementSnapshot) {
    return TxnMeta.newBuilder().setTxnId(txn.id()).setStartTs(statementSnapshot)
        .setCoordinatorCell(txn.coordinator()).setSeq(Math.max(1, txn.seq()))
        .setSavepointFloorSeq(Math.max(1, txn.savepointFloor())).build();
  }

  /**
   * Takes back the transaction's writes and locks made by statements with seq >= fromSeq on every
   * participant (ROLLBACK TO SAVEPOINT, a failed or restarted statement).
   */
  public void rollbackTo(Catalog catalog, Txn txn, int fromSeq) {
    if (!txn.hasWrites()) {
      return;
    }
    List<com.google.common.util.concurrent.ListenableFuture<io.heliosdb.hidb.proto.ResolveIntentsResult>> calls =
        new java.util.ArrayList<>();
    List<String> ids = List.copyOf(txn.participants());
    for (String cellId : ids) {
      calls.add(cells.rollbackIntents(catalog, cellId, io.heliosdb.hidb.proto.RollbackIntentsRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setTxnId(txn.id()).setFromSeq(fromSeq).build()));
    }
    for (int i = 0; i < calls.size(); i++) {
      io.heliosdb.hidb.proto.ResolveIntentsResult r;
      try {
        r = calls.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HeliosException(ErrorCode.QUERY_CANCELED, "rollback interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + ids.get(i) + " failed: "
            + e.getCause().getMessage());
      }
      if (r.getStatus().getCode() != StatusCode.OK) {
        throw new HeliosException(ErrorCode.INTERNAL_ERROR, "rollback to savepoint failed on " + ids.get(i) + ": "
            + r.getStatus().getMessage());
      }
    }
  }

  // ---------------------------------------------------------------- garbage collection

  /** Start timestamps of the open transaction blocks of this compute node. */
  private final java.util.Map<Long, Long> openSnapshots = new java.util.concurrent.ConcurrentHashMap<>();
  /** Single statements outside blocks are not registered; versions this young are always kept. */
  private static final long GC_MARGIN_MICROS = Long.getLong("heliosdb.gc.margin.seconds", 30) * 1_000_000L;
  private final java.util.Map<String, io.heliosdb.hidb.proto.CollectGarbageResult> gcTotals =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A transaction block opened: its snapshot must stay readable until it ends. */
  public void opened(Txn txn) {
    openSnapshots.put(txn.id(), txn.startTs());
  }

  /** The oldest snapshot any transaction of this node may still read at. */
  public long lowWater() {
    long mark = clock.snapshot() - GC_MARGIN_MICROS;
    for (long start : openSnapshots.values()) {
      mark = Math.min(mark, start);
    }
    return mark;
  }

  /** Reports the low-water mark to every cell every {@code interval}; the cells sweep in the background. */
  public void startGarbageCollection(java.util.function.Supplier<Catalog> catalog, java.time.Duration interval) {
    heartbeats.scheduleWithFixedDelay(() -> collectGarbage(catalog.get()), interval.toMillis(), interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * One round: the mark to each cell (which also syncs its WAL when records wait to be
   * forgotten), remembers each cell's totals, then record GC.
   */
  public void collectGarbage(Catalog catalog) {
    long mark = lowWater();
    // Taken before the syncs below: only resolutions answered before them are sure to be durable.
    List<ResolvedRecord> resolved = takeResolvedRecords();
    boolean recordsWaiting = !resolved.isEmpty();
    boolean synced = true;
    List<String> cellIds = List.copyOf(catalog.cells().keySet());
    for (String cellId : cellIds) {
      try {
        io.heliosdb.hidb.proto.CollectGarbageResult r = cells.blocking(catalog, cellId).collectGarbage(
            io.heliosdb.hidb.proto.CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header())
                .setLowWaterTs(mark).setSyncWal(recordsWaiting).build());
        if (r.getStatus().getCode() == StatusCode.OK) {
          gcTotals.put(cellId, r);
        } else {
          synced = false;
        }
      } catch (RuntimeException e) {
        synced = false;
        LOG.debug("garbage collection on {} skipped: {}", cellId, e.toString());
      }
    }
    if (recordsWaiting) {
      forgetResolvedRecords(catalog, resolved, synced);
    }
  }

  /** MVCC versions the cells' sweepers removed, as of their last answers. */
  public long gcVersionsRemoved() {
    return gcTotals.values().stream().mapToLong(io.heliosdb.hidb.proto.CollectGarbageResult::getVersionsRemoved).sum();
  }

  /** Bytes (keys and values) of those versions. */
  public long gcBytesRemoved() {
    return gcTotals.values().stream().mapToLong(io.heliosdb.hidb.proto.CollectGarbageResult::getBytesRemoved).sum();
  }

  // ---------------------------------------------------------------- SERIALIZABLE

  /** What each SERIALIZABLE transaction read, per cell: keys exactly, scans as whole tables. */
  private final java.util.Map<Long, ReadSet> readSets = new java.util.concurrent.ConcurrentHashMap<>();
  /** Validation and the commit point of SERIALIZABLE transactions happen one at a time. */
  private final java.util.concurrent.locks.ReentrantLock serializableCommits = new java.util.concurrent.locks.ReentrantLock();
  private static final int MAX_KEYS_PER_TABLE = 10_000;

  private static final class ReadSet {
    final java.util.Map<String, java.util.Set<Long>> wholeTables = new java.util.HashMap<>();
    final java.util.Map<String, java.util.Map<java.nio.ByteBuffer, io.heliosdb.hidb.proto.ReadSpan>> keys =
        new java.util.HashMap<>();
    final java.util.Map<Long, Integer> keysPerTable = new java.util.HashMap<>();
  }

  /** Starts recording the reads of a SERIALIZABLE transaction (idempotent). */
  public void serializable(Txn txn) {
    readSets.computeIfAbsent(txn.id(), id -> new ReadSet());
  }

  /** A transactional scan ran: remember what it read if its transaction is SERIALIZABLE. */
  public void recordRead(long txnId, ScanRequest request) {
    ReadSet set = readSets.get(txnId);
    if (set == null) {
      return;
    }
    io.heliosdb.metadata.TableDescriptor table = request.table();
    synchronized (set) {
      int count = set.keysPerTable.getOrDefault(table.tableId(), 0);
      if (request.pointKeys() == null || count + request.pointKeys().size() > MAX_KEYS_PER_TABLE) {
        for (String cellId : new java.util.LinkedHashSet<>(table.shardToCell())) {
          set.wholeTables.computeIfAbsent(cellId, c -> new java.util.HashSet<>()).add(table.tableId());
        }
        return;
      }
      set.keysPerTable.put(table.tableId(), count + request.pointKeys().size());
      for (byte[] key : request.pointKeys()) {
        int shard = io.heliosdb.hidb.sharding.ShardHash.shardOf(key, table.virtualShards());
        String cellId = table.shardToCell().get(shard);
        java.nio.ByteBuffer slot = java.nio.ByteBuffer.allocate(12 + key.length).putLong(table.tableId())
            .putInt(shard).put(key).flip();
        set.keys.computeIfAbsent(cellId, c -> new java.util.HashMap<>()).putIfAbsent(slot,
            io.heliosdb.hidb.proto.ReadSpan.newBuilder().setTableId(table.tableId()).setShardId(shard)
                .setKey(com.google.protobuf.ByteString.copyFrom(key)).build());
      }
    }
  }

  /**
   * Fails with 40001 if a transaction committed, after this one's snapshot, a change to anything
   * this one read (first committer wins on read-write dependencies, a conservative form of
   * PostgreSQL's serializable snapshot isolation).
   */
  private void validateReads(Catalog catalog, Txn txn, ReadSet set) {
    java.util.Map<String, io.heliosdb.hidb.proto.ValidateReadsRequest.Builder> byCell = new java.util.LinkedHashMap<>();
    synchronized (set) {
      set.wholeTables.forEach((cellId, tableIds) -> tableIds.forEach(id -> request(byCell, cellId, txn)
          .addSpans(io.heliosdb.hidb.proto.ReadSpan.newBuilder().setTableId(id).setWholeTable(true))));
      set.keys.forEach((cellId, spans) -> spans.values().forEach(span -> {
        if (!set.wholeTables.getOrDefault(cellId, java.util.Set.of()).contains(span.getTableId())) {
          request(byCell, cellId, txn).addSpans(span);
        }
      }));
    }
    List<String> ids = new java.util.ArrayList<>(byCell.keySet());
    List<com.google.common.util.concurrent.ListenableFuture<io.heliosdb.hidb.proto.ValidateReadsResult>> calls =
        new java.util.ArrayList<>();
    for (String cellId : ids) {
      calls.add(cells.future(catalog, cellId).validateReads(byCell.get(cellId).build()));
    }
    for (int i = 0; i < calls.size(); i++) {
      io.heliosdb.hidb.proto.ValidateReadsResult r;
      try {
        r = calls.get(i).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HeliosException(ErrorCode.QUERY_CANCELED, "commit interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + ids.get(i) + " failed: "
            + e.getCause().getMessage());
      }
      if (r.getStatus().getCode() == StatusCode.CONFLICT) {
        throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE,
            "could not serialize access due to read/write dependencies among transactions");
      }
      if (r.getStatus().getCode() != StatusCode.OK) {
        throw new HeliosException(ErrorCode.INTERNAL_ERROR, "read validation failed on " + ids.get(i) + ": "
            + r.getStatus().getMessage());
      }
    }
  }

  private static io.heliosdb.hidb.proto.ValidateReadsRequest.Builder request(
      java.util.Map<String, io.heliosdb.hidb.proto.ValidateReadsRequest.Builder> byCell, String cellId, Txn txn) {
    return byCell.computeIfAbsent(cellId, c -> io.heliosdb.hidb.proto.ValidateReadsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTxnId(txn.id()).setStartTs(txn.startTs()));
  }

  /** Transactions of this compute node waiting for another one: waiter id -> holder id. */
  private final java.util.concurrent.ConcurrentHashMap<Long, Long> waitsFor = new java.util.concurrent.ConcurrentHashMap<>();
  /** How long one wait RPC lasts before the waiter looks at cancellation and deadlocks again. */
  private static final int WAIT_SLICE_MILLIS = 500;

  /**
   * Waits until {@code holder} is decided and returns its record: the coordinator answers when the
   * decision is written (no polling), in slices so cancellation and the deadline are seen.
   * Deadlocks: before waiting, and after every slice, the wait-for chain starting at the holder is
   * followed; if it leads back to the waiter, the waiter fails with 40P01 (the transaction closing
   * the cycle is the one told, as PostgreSQL tells the one whose check finds it).
   *
   * @param deadlineNanos System.nanoTime() after which the wait fails with 55P03; Long.MAX_VALUE: none
   */
  public io.heliosdb.hidb.proto.TxnRecord waitFor(Catalog catalog, Txn waiter, TxnMeta holder, long deadlineNanos,
      java.util.concurrent.atomic.AtomicBoolean cancel) {
    waitsFor.put(waiter.id(), holder.getTxnId());
    try {
      while (true) {
        if (closesCycle(waiter.id())) {
          throw new HeliosException(ErrorCode.DEADLOCK_DETECTED, "deadlock detected");
        }
        if (cancel != null && cancel.get()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        }
        long remaining = deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          throw new HeliosException(ErrorCode.LOCK_NOT_AVAILABLE, "canceling statement due to lock timeout");
        }
        int slice = (int) Math.max(1, Math.min(WAIT_SLICE_MILLIS, remaining / 1_000_000));
        TxnRecordResult r = call(holder.getCoordinatorCell(), () -> cells.blocking(catalog, holder.getCoordinatorCell())
            .getTxnStatus(io.heliosdb.hidb.proto.GetTxnStatusRequest.newBuilder().setHeader(HidbProtocol.header())
                .setTxnId(holder.getTxnId()).setAbortIfExpired(true).setWaitMillis(slice).build()));
        // STAGING (ADR 0018) is still being committed: wait for the flip (or the coordinator's decision).
        if (r.getStatus().getCode() == StatusCode.OK && r.getRecord().getState() != TxnState.TXN_PENDING
            && r.getRecord().getState() != TxnState.TXN_STAGING) {
          return r.getRecord();
        }
      }
    } finally {
      waitsFor.remove(waiter.id());
    }
  }

  private boolean closesCycle(long waiter) {
    Long next = waitsFor.get(waiter);
    for (int hops = 0; next != null && hops < 10_000; hops++) {
      if (next == waiter) {
        return true;
      }
      next = waitsFor.get(next);
    }
    return false;
  }

  /** Transactions with writes, kept alive by heartbeats to their coordinators. */
  private final java.util.Map<Long, Txn> live = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heliosdb-txn-heartbeat");
        t.setDaemon(true);
        return t;
      });
  private volatile Catalog lastCatalog;

  {
    heartbeats.scheduleWithFixedDelay(this::heartbeatAll, 2, 2, TimeUnit.SECONDS);
  }

  /**
   * A transaction that is open but idle (a client between statements) must not look dead to the
   * cells, which abort a pending transaction when its heartbeats stop (ADR 0007).
   */
  private void heartbeatAll() {
    Catalog catalog = lastCatalog;
    if (catalog == null) {
      return;
    }
    for (Txn t : live.values()) {
      try {
        cells.blocking(catalog, t.coordinator()).heartbeatTxn(io.heliosdb.hidb.proto.HeartbeatTxnRequest.newBuilder()
            .setHeader(HidbProtocol.header()).setTxnId(t.id()).build());
      } catch (RuntimeException e) {
        LOG.debug("heartbeat of transaction {} failed: {}", t.id(), e.toString());
      }
    }
  }

  /** Writes the transaction record (PENDING) on the coordinator; before any intent. */
  void begin(Catalog catalog, Txn txn, String coordinatorCell) {
    TxnRecordResult r = call(coordinatorCell, () -> cells.beginTxn(catalog, coordinatorCell,
        BeginTxnRequest.newBuilder().setHeader(HidbProtocol.header())
            .setTxn(TxnMeta.newBuilder().setTxnId(txn.id()).setStartTs(txn.startTs())
                .setCoordinatorCell(coordinatorCell))
            .build()));
    check(r, "begin");
    txn.began(coordinatorCell, r.getCellEpoch());
    lastCatalog = catalog;
    live.put(txn.id(), txn);
  }

  /**
   * Commits: the COMMITTED record on the coordinator is the commit point. Returns the commit
   * timestamp used; the clock is moved past it so the session's next snapshot sees the commit.
   */
  public long commit(Catalog catalog, Txn txn) {
    openSnapshots.remove(txn.id());
    ReadSet reads = readSets.remove(txn.id());
    if (!txn.hasWrites()) {
      return 0;
    }
    live.remove(txn.id());
    long started = System.nanoTime();
    long commitTs;
    if (reads == null) {
      commitTs = commitRecord(catalog, txn);
    } else {
      serializableCommits.lock();
      try {
        validateReads(catalog, txn, reads);
        commitTs = commitRecord(catalog, txn);
      } finally {
        serializableCommits.unlock();
      }
    }
    commits.increment();
    commitLatency.accept(System.nanoTime() - started);
    return commitTs;
  }

  /** Transactions with writes committed by this compute node. */
  private final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
  /** Commits' sequential rounds of synced requests (ADR 0018: one per commit, single- or multi-cell). */
  private final java.util.concurrent.atomic.LongAdder commitRounds = new java.util.concurrent.atomic.LongAdder();
  /** Runs a parallel commit's prepares beside the STAGING write (in-JVM cells answer on the caller's thread). */
  private final ExecutorService commitRound = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "heliosdb-commit-prepare");
    t.setDaemon(true);
    return t;
  });

  /** Sequential rounds of synced requests commits waited for (one per commit with writes). */
  public long commitRounds() {
    return commitRounds.sum();
  }

  /** PrepareTxn requests sent (participants made durable before a commit point). */
  private final java.util.concurrent.atomic.LongAdder prepares = new java.util.concurrent.atomic.LongAdder();
  private volatile java.util.function.LongConsumer commitLatency = nanos -> { };

  public long commits() {
    return commits.sum();
  }

  public long prepares() {
    return prepares.sum();
  }

  /** Receives the duration (nanoseconds) of every successful commit of a transaction with writes. */
  public void onCommitLatency(java.util.function.LongConsumer listener) {
    this.commitLatency = listener;
  }

  private long commitRecord(Catalog catalog, Txn txn) {
    if (txn.reopenedCell() != null) {
      throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE, "could not serialize access: storage cell "
          + txn.reopenedCell() + " restarted during the transaction");
    }
    List<String> others = new java.util.ArrayList<>();
    for (String cellId : txn.participants()) {
      if (!cellId.equals(txn.coordinator())) {
        others.add(cellId);
      }
    }
    long requested = Math.max(clock.next(), txn.minCommitTs());
    if (others.isEmpty()) {
      // Single-cell transaction: the synced COMMITTED record covers everything (ADR 0013).
      commitRounds.increment();
      TxnRecordResult r = call(txn.coordinator(), () -> cells.commitTxn(catalog, txn.coordinator(),
          CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txn.id()).setCommitTs(requested)
              .setCellEpoch(txn.epochOf(txn.coordinator())).build()));
      check(r, "commit");
      long commitTs = r.getRecord().getCommitTs();
      clock.observe(commitTs);
      resolveLater(catalog, txn, TxnState.TXN_COMMITTED, commitTs, false);
      return commitTs;
    }
    return parallelCommit(catalog, txn, others, requested);
  }

  /**
   * Parallel commit (ADR 0018): every other participant's PrepareTxn (a synced prepare marker)
   * and the coordinator's STAGING record (synced, naming those participants) in one round. When
   * all are durable the transaction is committed; the flip to COMMITTED and the resolution follow
   * in the background. If anything failed, the coordinator decides the STAGING record from the
   * participants' prepares (AbortTxn does that), and the commit succeeds if that says COMMITTED.
   */
  private long parallelCommit(Catalog catalog, Txn txn, List<String> others, long requested) {
    commitRounds.increment();
    List<java.util.concurrent.Future<io.heliosdb.hidb.proto.PrepareTxnResult>> calls =
        new java.util.ArrayList<>(others.size());
    for (String cellId : others) {
      io.heliosdb.hidb.proto.PrepareTxnRequest request = io.heliosdb.hidb.proto.PrepareTxnRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setTxnId(txn.id()).setCellEpoch(txn.epochOf(cellId)).build();
      // On a pool: in-JVM cells (and in-process gRPC with direct executors) answer on the calling
      // thread, and the prepares must overlap the STAGING write below.
      calls.add(commitRound.submit(() -> cells.prepareTxn(catalog, cellId, request)));
    }
    prepares.add(others.size());
    TxnRecordResult staged = null;
    HeliosException failure = null;
    try {
      staged = call(txn.coordinator(), () -> cells.commitTxn(catalog, txn.coordinator(),
          CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txn.id()).setCommitTs(requested)
              .setCellEpoch(txn.epochOf(txn.coordinator())).addAllStagedParticipants(others).build()));
      check(staged, "commit");
    } catch (HeliosException e) {
      failure = e;
    }
    for (int i = 0; i < calls.size(); i++) {
      io.heliosdb.hidb.proto.PrepareTxnResult r;
      try {
        // Not interruptible: once the STAGING record may exist, the outcome is the prepares'; a
        // cancel now must not tell the client "failed" about a transaction that committed.
        r = com.google.common.util.concurrent.Uninterruptibles.getUninterruptibly(calls.get(i));
      } catch (java.util.concurrent.ExecutionException e) {
        if (failure == null) {
          failure = new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + others.get(i) + " failed: "
              + e.getCause().getMessage());
        }
        continue;
      }
      if (failure == null && r.getStatus().getCode() == StatusCode.CONFLICT) {
        failure = new HeliosException(ErrorCode.SERIALIZATION_FAILURE, r.getStatus().getMessage());
      } else if (failure == null && r.getStatus().getCode() != StatusCode.OK) {
        failure = new HeliosException(ErrorCode.INTERNAL_ERROR, "prepare failed on " + others.get(i) + ": "
            + r.getStatus().getMessage());
      }
    }
    if (failure == null) {
      long commitTs = staged.getRecord().getCommitTs();
      clock.observe(commitTs);
      resolveLater(catalog, txn, TxnState.TXN_COMMITTED, commitTs, true);
      return commitTs;
    }
    if (staged != null && staged.hasRecord() && staged.getRecord().getState() == TxnState.TXN_ABORTED) {
      throw failure; // the record is ABORTED: nothing can have committed
    }
    // STAGING (or unknown): the outcome is whatever the participants' prepares say; decide it now.
    TxnRecordResult decided;
    try {
      decided = abortOnCoordinator(catalog, txn);
    } catch (RuntimeException e) {
      throw failure; // the record stays for a reader or the cell's GC round to decide
    }
    if (decided.hasRecord() && decided.getRecord().getState() == TxnState.TXN_COMMITTED) {
      long commitTs = decided.getRecord().getCommitTs();
      clock.observe(commitTs);
      resolveLater(catalog, txn, TxnState.TXN_COMMITTED, commitTs, false);
      return commitTs;
    }
    throw failure;
  }

  // ---------------------------------------------------------------- commit with the last write (ADR 0027)

  /** Transactions committed by their write round (ADR 0027), and such rounds that did not commit. */
  private final java.util.concurrent.atomic.LongAdder commitsWithWrite = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder commitsWithWriteRefused =
      new java.util.concurrent.atomic.LongAdder();

  public long commitsWithWrite() {
    return commitsWithWrite.sum();
  }

  public long commitsWithWriteRefused() {
    return commitsWithWriteRefused.sum();
  }

  /** The commit timestamp a write round that commits proposes to every cell (ADR 0027), as a commit would. */
  long proposedCommitTs(Txn txn) {
    return Math.max(clock.next(), txn.minCommitTs());
  }

  /**
   * The answers of a write round that carried the commit (ADR 0027). Committed when the
   * coordinator wrote its record (COMMITTED as the only participant, else STAGING) and every other
   * cell its prepare: then the flip and resolution follow in the background, as after a parallel
   * commit's round. Otherwise the coordinator decides the record (AbortTxn: ABORTED, unless every
   * prepare had landed after all, e.g. only an answer was lost). If aborted and undone: after a
   * conflict, or a participant that could not prepare, {@link CommitWithWriteRefused} (the caller
   * runs the statement again in a new transaction); after any other error, that error.
   *
   * @param failure what went wrong in the round (a cell's error or a lost answer), or null
   */
  void afterCommitWithWrite(Catalog catalog, Txn txn, List<String> cellIds,
      io.heliosdb.hidb.proto.WriteResult[] results, HeliosException failure) {
    long commitTs = 0;
    boolean staged = false;
    boolean committed = failure == null;
    for (int i = 0; committed && i < cellIds.size(); i++) {
      if (!cellIds.get(i).equals(txn.coordinator())) {
        committed = results[i].getPrepared();
        continue;
      }
      TxnRecordResult r = results[i].getCommitted();
      TxnState state = r.getRecord().getState();
      committed = r.getStatus().getCode() == StatusCode.OK
          && (state == TxnState.TXN_COMMITTED || state == TxnState.TXN_STAGING);
      staged = state == TxnState.TXN_STAGING;
      commitTs = r.getRecord().getCommitTs();
    }
    if (!committed) {
      TxnRecordResult decided;
      try {
        decided = abortOnCoordinator(catalog, txn);
      } catch (RuntimeException e) {
        live.remove(txn.id());
        // Undecided: the cells decide it later (heartbeats stop; a STAGING record is decided by its GC round).
        throw failure != null ? failure : new HeliosException(ErrorCode.UNAVAILABLE, "storage cell "
            + txn.coordinator() + " failed: " + e.getMessage());
      }
      TxnState state = decided.hasRecord() ? decided.getRecord().getState() : TxnState.TXN_STATE_UNSPECIFIED;
      if (state != TxnState.TXN_COMMITTED) {
        live.remove(txn.id());
        openSnapshots.remove(txn.id());
        commitsWithWriteRefused.increment();
        if (state != TxnState.TXN_ABORTED) {
          // Still STAGING (a participant cannot be asked now): it may commit, so it must not run again.
          throw failure != null ? failure : new HeliosException(ErrorCode.UNAVAILABLE,
              "transaction " + Long.toUnsignedString(txn.id()) + " is undecided: " + decided.getStatus().getMessage());
        }
        txn.abortedWithWrite();
        resolveLater(catalog, txn, TxnState.TXN_ABORTED, 0);
        // a conflict (LockConflict, WriteConflict and a refused prepare all carry 40001) or a late read
        if (failure == null || failure.code() == ErrorCode.SERIALIZATION_FAILURE) {
          throw new CommitWithWriteRefused(failure);
        }
        throw failure; // a duplicate key, a cancel, ...: the statement's own error
      }
      staged = false; // decided COMMITTED: no flip
      commitTs = decided.getRecord().getCommitTs();
    }
    live.remove(txn.id());
    openSnapshots.remove(txn.id());
    readSets.remove(txn.id());
    clock.observe(commitTs);
    txn.markCommittedWithWrite();
    resolveLater(catalog, txn, TxnState.TXN_COMMITTED, commitTs, staged);
    commits.increment();
    commitsWithWrite.increment();
  }

  /**
   * AbortTxn on the coordinator: aborts a PENDING record, decides a STAGING one from its
   * participants (ADR 0018), answers a decided one as it is (a COMMITTED one with CONFLICT).
   */
  private TxnRecordResult abortOnCoordinator(Catalog catalog, Txn txn) {
    return cells.blocking(catalog, txn.coordinator()).abortTxn(
        AbortTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txn.id()).build());
  }

  /** Aborts (idempotent; a transaction that never wrote has nothing to undo). */
  public void abort(Catalog catalog, Txn txn) {
    openSnapshots.remove(txn.id());
    readSets.remove(txn.id());
    if (!txn.hasWrites() || txn.isAbortedWithWrite()) {
      return;
    }
    live.remove(txn.id());
    TxnRecordResult r;
    try {
      r = abortOnCoordinator(catalog, txn);
    } catch (RuntimeException e) {
      // The record stays PENDING; its heartbeats stop, so the cells abort it after the timeout.
      LOG.warn("abort of transaction {} not confirmed: {}", txn.id(), e.toString());
      return;
    }
    if (r.hasRecord() && r.getRecord().getState() == TxnState.TXN_COMMITTED) {
      // The commit point was passed (its answer was lost): the participants must keep the writes.
      LOG.warn("abort of transaction {} refused: it is already committed", txn.id());
      resolveLater(catalog, txn, TxnState.TXN_COMMITTED, r.getRecord().getCommitTs());
      return;
    }
    if (!(r.hasRecord() && r.getRecord().getState() == TxnState.TXN_ABORTED)) {
      // Not decided ABORTED (e.g. a STAGING record whose participant cannot be asked, ADR 0018):
      // it may still commit, so nothing is undone; the coordinator decides it later.
      LOG.warn("abort of transaction {} not confirmed: {}", txn.id(), r.getStatus().getMessage());
      return;
    }
    resolveLater(catalog, txn, TxnState.TXN_ABORTED, 0);
  }

  private void resolveLater(Catalog catalog, Txn txn, TxnState state, long commitTs) {
    resolveLater(catalog, txn, state, commitTs, false);
  }

  /**
   * @param flip the record is STAGING: flip it to COMMITTED first (ADR 0018; unsynced). Only if
   *     that succeeds does the transaction go to record GC (the flip must be durable before the
   *     participants' prepare markers may go, and GC's sync round makes it so).
   */
  private void resolveLater(Catalog catalog, Txn txn, TxnState state, long commitTs, boolean flip) {
    List<String> participants = List.copyOf(txn.participants());
    String coordinator = txn.coordinator();
    if (flip) {
      // At once, not behind other transactions' resolutions on the resolver thread: writers
      // waiting for this transaction's intents are released by the flip. An in-JVM coordinator
      // flips on this thread (an unsynced put, microseconds; no thread hand-off before the
      // waiters wake); a remote one from the pool, so the client does not wait for a round trip.
      Runnable flipThenResolve = () -> {
        boolean flipped;
        try {
          TxnRecordResult r = cells.commitTxn(catalog, coordinator, CommitTxnRequest.newBuilder()
              .setHeader(HidbProtocol.header()).setTxnId(txn.id()).setCommitTs(commitTs).build());
          flipped = r.getStatus().getCode() == StatusCode.OK && r.getRecord().getState() == TxnState.TXN_COMMITTED;
        } catch (RuntimeException e) {
          flipped = false; // readers, waiters or the coordinator's GC round decide the STAGING record
          LOG.debug("flipping transaction {} to COMMITTED deferred: {}", txn.id(), e.toString());
        }
        if (flipped) {
          resolveLater(catalog, txn, state, commitTs, false);
        }
      };
      if (cells.isLocal(catalog, coordinator)) {
        flipThenResolve.run();
      } else {
        backgroundWork.incrementAndGet();
        commitRound.execute(() -> {
          try {
            flipThenResolve.run();
          } finally {
            backgroundWork.decrementAndGet();
          }
        });
      }
      return;
    }
    backgroundWork.incrementAndGet();
    resolver.execute(() -> {
      try {
        resolveEverywhere(catalog, txn, state, commitTs, participants, coordinator);
      } finally {
        backgroundWork.decrementAndGet();
      }
    });
  }

  /** Flips and resolutions queued or running (what tests wait for before looking at record GC). */
  private final java.util.concurrent.atomic.AtomicInteger backgroundWork = new java.util.concurrent.atomic.AtomicInteger();

  /** No flip or resolution of a committed or aborted transaction is queued or running. */
  public boolean backgroundIdle() {
    return backgroundWork.get() == 0;
  }

  private void resolveEverywhere(Catalog catalog, Txn txn, TxnState state, long commitTs, List<String> participants,
      String coordinator) {
    boolean everywhere = true;
    for (String cellId : participants) {
      try {
        io.heliosdb.hidb.proto.ResolveIntentsResult r = cells.resolveIntents(catalog, cellId,
            ResolveIntentsRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txn.id()).setState(state)
                .setCommitTs(commitTs).build());
        everywhere &= r.getStatus().getCode() == StatusCode.OK;
      } catch (RuntimeException e) {
        // Readers and the cell's recovery resolve what is left (ADR 0007).
        everywhere = false;
        LOG.debug("resolving transaction {} on {} deferred: {}", txn.id(), cellId, e.toString());
      }
    }
    if (everywhere && coordinator != null) {
      resolvedRecords.add(new ResolvedRecord(coordinator, txn.id()));
      for (String cellId : participants) {
        if (!cellId.equals(coordinator)) {
          resolvedRecords.add(new ResolvedRecord(cellId, txn.id())); // its prepare marker
        }
      }
    }
  }

  // ---------------------------------------------------------------- record GC (ADR 0013)

  /**
   * A decided transaction every participant answered ResolveIntents for (not yet known durable),
   * once for its coordinator (the record) and once for every other participant (its prepare marker).
   */
  private record ResolvedRecord(String coordinator, long txnId) {}

  private final java.util.concurrent.ConcurrentLinkedQueue<ResolvedRecord> resolvedRecords =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private static final int FORGET_BATCH = 10_000;

  /**
   * Deletes the records of transactions resolved everywhere before this round: first every cell
   * syncs its WAL (the unsynced resolutions answered before are then durable), then each
   * coordinator drops its records. A record must outlive its intents: a stray intent of a
   * forgotten committed transaction would read as aborted. Anything that fails waits for the next round.
   */
  private List<ResolvedRecord> takeResolvedRecords() {
    List<ResolvedRecord> batch = new java.util.ArrayList<>();
    for (ResolvedRecord r; batch.size() < 50 * FORGET_BATCH && (r = resolvedRecords.poll()) != null; ) {
      batch.add(r);
    }
    return batch;
  }

  private void forgetResolvedRecords(Catalog catalog, List<ResolvedRecord> batch, boolean synced) {
    if (!synced) {
      resolvedRecords.addAll(batch);
      return;
    }
    java.util.Map<String, List<Long>> byCoordinator = new java.util.LinkedHashMap<>();
    for (ResolvedRecord r : batch) {
      byCoordinator.computeIfAbsent(r.coordinator(), c -> new java.util.ArrayList<>()).add(r.txnId());
    }
    for (java.util.Map.Entry<String, List<Long>> e : byCoordinator.entrySet()) {
      List<Long> ids = e.getValue();
      for (int from = 0; from < ids.size(); from += FORGET_BATCH) {
        List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + FORGET_BATCH));
        try {
          io.heliosdb.hidb.proto.CollectGarbageResult r = cells.blocking(catalog, e.getKey()).collectGarbage(
              io.heliosdb.hidb.proto.CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header())
                  .addAllForgetTxnIds(chunk).build());
          if (r.getStatus().getCode() == StatusCode.OK) {
            gcTotals.put(e.getKey(), r);
            continue;
          }
        } catch (RuntimeException ex) {
          LOG.debug("forgetting records on {} deferred: {}", e.getKey(), ex.toString());
        }
        for (long id : chunk) {
          resolvedRecords.add(new ResolvedRecord(e.getKey(), id));
        }
      }
    }
  }

  /** Transaction records the coordinators deleted, as of their last answers. */
  public long recordsForgotten() {
    return gcTotals.values().stream().mapToLong(io.heliosdb.hidb.proto.CollectGarbageResult::getRecordsForgotten)
        .sum();
  }

  private static void check(TxnRecordResult r, String what) {
    if (r.getStatus().getCode() == StatusCode.OK) {
      return;
    }
    if (r.getStatus().getCode() == StatusCode.CONFLICT) {
      throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE,
          "could not serialize access due to concurrent update");
    }
    throw new HeliosException(ErrorCode.INTERNAL_ERROR, "transaction " + what + " failed: " + r.getStatus().getMessage());
  }

  private interface Call {
    TxnRecordResult run();
  }

  private static TxnRecordResult call(String cellId, Call call) {
    try {
      return call.run();
    } catch (StatusRuntimeException e) {
      throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + cellId + " failed: " + e.getStatus());
    }
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    commitRound.shutdown();
    resolver.shutdown();
    try {
      resolver.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
