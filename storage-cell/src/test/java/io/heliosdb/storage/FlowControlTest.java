package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowControlTest {
  @TempDir Path dir;

  @Test
  void aSlowConsumerHoldsTheScanBack() throws Exception {
    try (CellHarness harness = CellHarness.open("flow", dir)) {
      harness.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
      List<Mutation> mutations = new ArrayList<>();
      for (long id = 0; id < 5000; id++) {
        mutations.add(mutation(MutationKind.PUT, id, "r", (int) id));
      }
      harness.write(batch(10, mutations.toArray(Mutation[]::new)));

      AtomicReference<ClientCallStreamObserver<PredicatePushdownRequest>> call = new AtomicReference<>();
      AtomicInteger rows = new AtomicInteger();
      CountDownLatch firstBatch = new CountDownLatch(1);
      CompletableFuture<Void> done = new CompletableFuture<>();
      harness.asyncStub().executePredicatePushdown(PredicatePushdownRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setTableId(TestTables.TABLE_ID).setBatchRows(100).build(),
          new ClientResponseObserver<PredicatePushdownRequest, FilteredResultSet>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<PredicatePushdownRequest> requestStream) {
              call.set(requestStream);
              requestStream.disableAutoRequestWithInitial(1);
            }

            @Override
            public void onNext(FilteredResultSet value) {
              rows.addAndGet(value.getRowsCount());
              firstBatch.countDown();
            }

            @Override
            public void onError(Throwable t) {
              done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
              done.complete(null);
            }
          });

      assertTrue(firstBatch.await(10, TimeUnit.SECONDS));
      Thread.sleep(300);
      long producedWhileStalled = harness.cell().stats().getRowsReturned();
      assertTrue(producedWhileStalled < 1000,
          "the cell produced " + producedWhileStalled + " rows for a consumer that asked for one batch");

      call.get().request(Integer.MAX_VALUE);
      done.get(20, TimeUnit.SECONDS);
      assertEquals(5000, rows.get());
    }
  }

  @Test
  void cancellingAScanReleasesItsCursor() throws Exception {
    try (CellHarness harness = CellHarness.open("cancel", dir)) {
      harness.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
      List<Mutation> mutations = new ArrayList<>();
      for (long id = 0; id < 2000; id++) {
        mutations.add(mutation(MutationKind.PUT, id, "r", (int) id));
      }
      harness.write(batch(10, mutations.toArray(Mutation[]::new)));
      var iterator = harness.stub().executePredicatePushdown(PredicatePushdownRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setTableId(TestTables.TABLE_ID).setBatchRows(10).build());
      iterator.next();
      harness.channel().shutdownNow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (harness.openCursors() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(0, harness.openCursors());
    }
  }
}
