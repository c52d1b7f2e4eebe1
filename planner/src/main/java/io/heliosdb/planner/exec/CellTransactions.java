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
 * Compute's side of the commit protocol (ADR 0007): begin the record on the coordinator before
 * the first intent, commit there (the commit point), then resolve the intents on every
 * participant in the background. Readers that get there first resolve lazily, so acknowledging
 * the commit does not wait for resolution.
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
        .setCoordinatorCell(txn.coordinator()).build();
  }

  /** Writes the transaction record (PENDING) on the coordinator; before any intent. */
  void begin(Catalog catalog, Txn txn, String coordinatorCell) {
    TxnRecordResult r = call(coordinatorCell, () -> cells.blocking(catalog, coordinatorCell).beginTxn(
        BeginTxnRequest.newBuilder().setHeader(HidbProtocol.header())
            .setTxn(TxnMeta.newBuilder().setTxnId(txn.id()).setStartTs(txn.startTs())
                .setCoordinatorCell(coordinatorCell))
            .build()));
    check(r, "begin");
    txn.began(coordinatorCell);
  }

  /**
   * Commits: the COMMITTED record on the coordinator is the commit point. Returns the commit
   * timestamp used; the clock is moved past it so the session's next snapshot sees the commit.
   */
  public long commit(Catalog catalog, Txn txn) {
    if (!txn.hasWrites()) {
      return 0;
    }
    long requested = Math.max(clock.next(), txn.minCommitTs());
    TxnRecordResult r = call(txn.coordinator(), () -> cells.blocking(catalog, txn.coordinator()).commitTxn(
        CommitTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txn.id()).setCommitTs(requested)
            .build()));
    check(r, "commit");
    long commitTs = r.getRecord().getCommitTs();
    clock.observe(commitTs);
    resolveLater(catalog, txn, TxnState.TXN_COMMITTED, commitTs);
    return commitTs;
  }

  /** Aborts (idempotent; a transaction that never wrote has nothing to undo). */
  public void abort(Catalog catalog, Txn txn) {
    if (!txn.hasWrites()) {
      return;
    }
    try {
      cells.blocking(catalog, txn.coordinator()).abortTxn(
          AbortTxnRequest.newBuilder().setHeader(HidbProtocol.header()).setTxnId(txn.id()).build());
    } catch (RuntimeException e) {
      // The record stays PENDING; its heartbeats stop, so the cells abort it after the timeout.
      LOG.warn("abort of transaction {} not confirmed: {}", txn.id(), e.toString());
      return;
    }
    resolveLater(catalog, txn, TxnState.TXN_ABORTED, 0);
  }

  private void resolveLater(Catalog catalog, Txn txn, TxnState state, long commitTs) {
    List<String> participants = List.copyOf(txn.participants());
    resolver.execute(() -> {
      for (String cellId : participants) {
        try {
          cells.blocking(catalog, cellId).resolveIntents(ResolveIntentsRequest.newBuilder()
              .setHeader(HidbProtocol.header()).setTxnId(txn.id()).setState(state).setCommitTs(commitTs).build());
        } catch (RuntimeException e) {
          // Readers and the cell's recovery resolve what is left (ADR 0007).
          LOG.debug("resolving transaction {} on {} deferred: {}", txn.id(), cellId, e.toString());
        }
      }
    });
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
    resolver.shutdown();
    try {
      resolver.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
