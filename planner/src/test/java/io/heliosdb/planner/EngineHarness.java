package io.heliosdb.planner;

import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.raft.MetadataConfig;
import io.heliosdb.metadata.raft.RaftMetadataService;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.storage.CellConfig;
import io.heliosdb.storage.StorageCell;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real engine for tests: Raft metadata, two RocksDB cells on in-process gRPC, no mocks. */
public final class EngineHarness implements AutoCloseable {
  final RaftMetadataService metadata;
  final List<StorageCell> cells = new ArrayList<>();
  final List<Server> servers = new ArrayList<>();
  public final HeliosEngine engine;
  /** Every HIDB call the cells received, in arrival order (see {@link Call}). */
  private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
  /** When set, ResolveIntents calls wait for it before the cell serves them. */
  private volatile java.util.concurrent.CountDownLatch resolutionGate;
  /** When set, calls of this method to this cell wait for the latch before the cell serves them. */
  private volatile HeldCalls heldCalls;

  private record HeldCalls(int cell, String method, java.util.concurrent.CountDownLatch gate) {}

  /** The transaction id of the last transactional write batch any cell received (0: none yet). */
  private volatile long lastWriteTxnId;

  /** One HIDB call as a cell received it, with every cell's WAL sync count at that moment. */
  public record Call(int cell, String method, List<Long> walSyncs) {}

  public EngineHarness(Path dir) throws Exception {
    metadata = RaftMetadataService.start(MetadataConfig.embedded(dir.resolve("metadata")));
    String prefix = "test-" + System.nanoTime() + "-";
    // Cells ask each other for transaction outcomes; servers here are named with a per-harness prefix.
    io.heliosdb.storage.txn.PeerCells peers =
        new io.heliosdb.storage.txn.InProcessPeerCells(id -> prefix + id.substring("cell-".length()));
    io.heliosdb.storage.txn.TxnConfig txnConfig = new io.heliosdb.storage.txn.TxnConfig(
        io.heliosdb.storage.txn.TxnConfig.DEFAULT_HEARTBEAT_TIMEOUT, true, peers);
    for (int i = 0; i < 2; i++) {
      StorageCell cell = StorageCell.open(CellConfig.defaults("cell-" + i, dir.resolve("cell-" + i)), txnConfig);
      cells.add(cell);
      servers.add(InProcessServerBuilder.forName(prefix + i)
          .addService(io.grpc.ServerInterceptors.intercept(cell.grpcService(), recorder(i))).build().start());
      metadata.submit(new CatalogCommand.RegisterCell("cell-" + i, "inprocess:" + prefix + i));
    }
    engine = HeliosEngine.create(metadata,
        address -> InProcessChannelBuilder.forName(address.substring("inprocess:".length())).directExecutor().build(),
        PlannerConfig.defaults());
  }

  private io.grpc.ServerInterceptor recorder(int cellIndex) {
    return new io.grpc.ServerInterceptor() {
      @Override
      public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call,
          io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        calls.add(new Call(cellIndex, method, walSyncs()));
        java.util.concurrent.CountDownLatch gate = resolutionGate;
        HeldCalls held = heldCalls;
        if (held != null && held.cell() == cellIndex && held.method().equals(method)) {
          gate = held.gate();
        } else if (!method.equals("ResolveIntents")) {
          gate = null;
        }
        if (gate != null) {
          try {
            gate.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        io.grpc.ServerCall.Listener<Q> listener = next.startCall(call, headers);
        return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<Q>(listener) {
          @Override
          public void onMessage(Q message) {
            if (message instanceof io.heliosdb.hidb.proto.WriteBatch batch && batch.hasTxn()) {
              lastWriteTxnId = batch.getTxn().getTxnId();
            }
            super.onMessage(message);
          }
        };
      }
    };
  }

  /** The transaction id of the last transactional write batch a cell received. */
  public long lastWriteTxnId() {
    return lastWriteTxnId;
  }

  public List<StorageCell> storageCells() {
    return List.copyOf(cells);
  }

  /** WAL syncs of each cell since it opened. */
  public List<Long> walSyncs() {
    return cells.stream().map(c -> c.stats().getWalSyncs()).toList();
  }

  /** The calls recorded since the last {@link #clearCalls()}. */
  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public void clearCalls() {
    calls.clear();
  }

  /** ResolveIntents waits until the returned latch is counted down (null: no waiting). */
  public void holdResolutions(java.util.concurrent.CountDownLatch gate) {
    this.resolutionGate = gate;
  }

  /** Calls of {@code method} to cell {@code cellIndex} wait until the latch is counted down (null: none). */
  public void holdCalls(int cellIndex, String method, java.util.concurrent.CountDownLatch gate) {
    this.heldCalls = gate == null ? null : new HeldCalls(cellIndex, method, gate);
  }

  /**
   * From now on the engine calls the cells' services in this JVM directly, as the embedded node
   * does, instead of through in-process gRPC (the recorded {@link #calls()} then stay empty).
   */
  public void callCellsDirectly() {
    for (int i = 0; i < cells.size(); i++) {
      engine.registerLocalCell(metadata.catalog().cells().get("cell-" + i).address(), cells.get(i).localService());
    }
  }

  public Session session() {
    return engine.open(new SessionOptions("heliosdb", "heliosdb", "test", Dialect.POSTGRES, Map.of()));
  }

  public static List<List<Object>> rows(StatementResult r) {
    List<List<Object>> out = new ArrayList<>();
    while (r.rows().next()) {
      out.add(new ArrayList<>(java.util.Arrays.asList(r.rows().row().clone())));
    }
    r.rows().close();
    return out;
  }

  /**
   * Waits until compute's flips and resolutions are done and no HIDB call or WAL sync happened for
   * 50 ms (a loaded machine can delay them past that).
   */
  public void awaitQuiet() throws InterruptedException {
    for (int i = 0; i < 200 && !engine.transactions().backgroundIdle(); i++) {
      Thread.sleep(25);
    }
    List<Long> last = walSyncs();
    int callsSeen = calls().size();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(50);
      int now = calls().size();
      if (now == callsSeen && walSyncs().equals(last)) {
        return;
      }
      callsSeen = now;
      last = walSyncs();
    }
  }

  /** The index of the first call of {@code method} to cell {@code cell} (any cell if negative) after {@code after}; -1 if none. */
  public static int indexAfter(List<Call> calls, String method, int cell, int after) {
    for (int i = after + 1; i < calls.size(); i++) {
      if (calls.get(i).method().equals(method) && (cell < 0 || calls.get(i).cell() == cell)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first call of {@code method} to cell {@code cell} (any cell if negative); -1 if none. */
  public static int indexOf(List<Call> calls, String method, int cell) {
    return indexAfter(calls, method, cell, -1);
  }

  /** The index of the last call of {@code method} to cell {@code cell} before {@code before}; -1 if none. */
  public static int lastIndexBefore(List<Call> calls, String method, int cell, int before) {
    for (int i = before - 1; i >= 0; i--) {
      if (calls.get(i).method().equals(method) && calls.get(i).cell() == cell) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    engine.close();
    servers.forEach(Server::shutdownNow);
    cells.forEach(StorageCell::close);
    metadata.close();
  }
}
