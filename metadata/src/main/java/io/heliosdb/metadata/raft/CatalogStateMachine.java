package io.heliosdb.metadata.raft;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.proto.CacheInvalidationNotice;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.proto.CommandOutcome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft state machine of cluster metadata: each log entry is one serialized
 * {@link CatalogCommand}, applied with {@link CatalogTransition} to the current {@link CatalogState}.
 * Readers get the newest catalog from a volatile field and never block; a snapshot is the whole
 * catalog image in one file, and Ratis replays the log entries that follow it.
 */
public final class CatalogStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final List<Consumer<CacheInvalidationNotice>> listeners = new CopyOnWriteArrayList<>();
  /** Guards state together with the applied index, so a snapshot captures a matching pair. */
  private final Object lock = new Object();
  private volatile CatalogState state = CatalogState.initial();

  /** The newest applied catalog; never blocks. */
  public Catalog catalog() {
    return state.catalog();
  }

  CatalogState state() {
    return state;
  }

  /** Listeners run on the Raft apply thread after each accepted command; keep them short. */
  public void addInvalidationListener(Consumer<CacheInvalidationNotice> listener) {
    listeners.add(listener);
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    loadSnapshot(storage.getLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    // Called after a snapshot was installed from the leader: the files on disk are newer than memory.
    loadSnapshot(storage.loadLatestSnapshot());
  }

  @Override
  public SimpleStateMachineStorage getStateMachineStorage() {
    return storage;
  }

  private void loadSnapshot(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    Path file = snapshot.getFile().getPath();
    if (snapshot.hasMd5()) {
      MD5FileUtil.verifySavedMD5(file.toFile(), snapshot.getFile().getFileDigest());
    }
    CatalogState loaded = CatalogCodec.decodeState(Files.readAllBytes(file));
    synchronized (lock) {
      state = loaded;
      setLastAppliedTermIndex(snapshot.getTermIndex());
    }
    LOG.info("Loaded metadata snapshot {} (catalog version {})", snapshot.getTermIndex(),
        loaded.catalog().version());
  }

  @Override
  public long takeSnapshot() throws IOException {
    CatalogState captured;
    TermIndex last;
    synchronized (lock) {
      captured = state;
      last = getLastAppliedTermIndex();
    }
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    File target = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    // Write beside and rename, so a crash never leaves a half-written snapshot under the real name.
    Path tmp = target.toPath().resolveSibling(target.getName() + ".tmp");
    Files.write(tmp, CatalogCodec.encodeState(captured));
    Files.move(tmp, target.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    var digest = MD5FileUtil.computeAndSaveMd5ForFile(target);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), digest), last));
    LOG.info("Took metadata snapshot at {} (catalog version {})", last, captured.catalog().version());
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    byte[] data = entry.getStateMachineLogEntry().getLogData().toByteArray();
    CommandOutcome outcome;
    ApplyResult.Accepted accepted = null;
    synchronized (lock) {
      ApplyResult result;
      try {
        result = CatalogTransition.apply(state, CatalogCodec.decodeCommand(data));
      } catch (IllegalArgumentException e) {
        // Deterministic too: every peer refuses the same undecodable entry the same way.
        result = new ApplyResult.Refused(ErrorCode.INTERNAL_ERROR, "undecodable metadata command: " + e.getMessage());
      }
      if (result instanceof ApplyResult.Accepted a) {
        state = a.state();
        accepted = a;
      } else if (result instanceof ApplyResult.Counted counted) {
        state = counted.state();
      }
      outcome = outcomeOf(result, state.catalog().version());
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
      lock.notifyAll();
    }
    if (accepted != null) {
      notifyListeners(accepted);
    }
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(outcome.toByteArray())));
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    // Entries that are not commands (configuration, leader no-ops) also advance the applied index.
    synchronized (lock) {
      super.notifyTermIndexUpdated(term, index);
      lock.notifyAll();
    }
  }

  /**
   * Waits until this peer has applied the log entry at {@code index}.
   *
   * @return true when applied, false when the timeout passed first
   */
  boolean awaitApplied(long index, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    synchronized (lock) {
      while (appliedIndex() < index) {
        long leftMillis = (deadline - System.nanoTime()) / 1_000_000L;
        if (leftMillis <= 0) {
          return false;
        }
        lock.wait(leftMillis);
      }
      return true;
    }
  }

  long appliedIndex() {
    TermIndex last = getLastAppliedTermIndex();
    return last == null ? RaftLog.INVALID_LOG_INDEX : last.getIndex();
  }

  private static CommandOutcome outcomeOf(ApplyResult result, long version) {
    CommandOutcome.Builder b = CommandOutcome.newBuilder().setCatalogVersion(version);
    if (result instanceof ApplyResult.Refused r) {
      return b.setAccepted(false).setErrorCode(r.code().name()).setMessage(r.message()).build();
    }
    if (result instanceof ApplyResult.Counted c) {
      b.setFirstValue(c.values().first()).setValueCount(c.values().count()).setIncrement(c.values().increment());
    }
    return b.setAccepted(true).build();
  }

  private void notifyListeners(ApplyResult.Accepted accepted) {
    if (listeners.isEmpty()) {
      return;
    }
    CacheInvalidationNotice notice = CacheInvalidationNotice.newBuilder()
        .setCatalogVersion(accepted.state().catalog().version())
        .addAllTableIds(accepted.affectedTableIds())
        .setShardMapChanged(accepted.shardMapChanged())
        .build();
    for (Consumer<CacheInvalidationNotice> listener : listeners) {
      try {
        listener.accept(notice);
      } catch (RuntimeException e) {
        // A faulty listener must not stop the apply loop (that would halt this peer).
        LOG.warn("Invalidation listener failed", e);
      }
    }
  }
}
