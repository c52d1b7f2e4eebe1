package io.heliosdb.storage.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.storage.scan.ScanCursor;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a scan cursor to one gRPC call under flow control: batches are pulled from the cursor on
 * the cell executor only while the transport reports {@code isReady()}, and pulling resumes from
 * the on-ready handler, so a slow consumer holds back the scan instead of making the cell buffer
 * the whole result. Cancellation and errors close the cursor (its snapshot and iterators).
 */
final class ScanStream {
  private static final Logger LOG = LoggerFactory.getLogger(ScanStream.class);

  private final ServerCallStreamObserver<FilteredResultSet> observer;
  private final ScanCursor cursor;
  private final Executor executor;
  private final OpenCursors openCursors;
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile boolean cancelled;
  private volatile boolean done;

  ScanStream(ServerCallStreamObserver<FilteredResultSet> observer, ScanCursor cursor, Executor executor,
      OpenCursors openCursors) {
    this.observer = observer;
    this.cursor = cursor;
    this.executor = executor;
    this.openCursors = openCursors;
  }

  /** Installs the handlers and schedules the first pull; call from the RPC method itself. */
  void start() {
    observer.setOnCancelHandler(() -> {
      cancelled = true;
      schedule();
    });
    observer.setOnReadyHandler(this::schedule);
    schedule();
  }

  private void schedule() {
    if (done || !draining.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      draining.set(false);
      fail(Status.UNAVAILABLE.withDescription("storage cell is shutting down"));
    }
  }

  private void drain() {
    try {
      while (!done) {
        if (cancelled) {
          done = true;
          openCursors.close(cursor);
          return;
        }
        if (!observer.isReady()) {
          break;
        }
        FilteredResultSet batch = cursor.nextBatch();
        observer.onNext(batch);
        if (batch.getLast()) {
          if (LOG.isDebugEnabled()) {
            LOG.debug("scan finished with {}: {} rows / {} bytes scanned, {} rows / {} bytes returned",
                batch.getStatus().getCode(), batch.getStats().getRowsScanned(), batch.getStats().getBytesScanned(),
                batch.getStats().getRowsReturned(), batch.getStats().getBytesReturned());
          }
          done = true;
          openCursors.close(cursor);
          observer.onCompleted();
        }
      }
    } catch (RuntimeException e) {
      if (!cancelled) {
        LOG.warn("scan failed", e);
      }
      fail(Status.INTERNAL.withDescription("scan failed: " + e.getMessage()).withCause(e));
    } finally {
      draining.set(false);
    }
    // The transport may have turned ready (or the call been cancelled) after isReady() said no but
    // before draining was cleared, in which case its handler found draining set and did nothing.
    if (!done && (cancelled || observer.isReady())) {
      schedule();
    }
  }

  private void fail(Status status) {
    if (done) {
      return;
    }
    done = true;
    openCursors.close(cursor);
    if (!cancelled) {
      try {
        observer.onError(status.asRuntimeException());
      } catch (RuntimeException ignored) {
        // the call is already closed
      }
    }
  }
}
