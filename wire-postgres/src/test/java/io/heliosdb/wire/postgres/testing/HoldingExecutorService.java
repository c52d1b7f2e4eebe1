package io.heliosdb.wire.postgres.testing;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A statement pool for EmbeddedChannel tests that counts the tasks handed to it and runs them on
 * the calling thread, at once or, while held, when {@link #release()} is called: shows which
 * messages were handed off and that nothing overtakes a message still waiting for the pool.
 */
public final class HoldingExecutorService extends AbstractExecutorService {
  private final ArrayDeque<Runnable> held = new ArrayDeque<>();
  private boolean holding;
  private int handedOff;
  private volatile boolean shutdown;

  /** Tasks handed to the pool so far. */
  public int handedOff() {
    return handedOff;
  }

  /** From now on tasks wait until {@link #release()}. */
  public void hold() {
    holding = true;
  }

  /** Runs the held tasks in order and stops holding. */
  public void release() {
    holding = false;
    Runnable next;
    while ((next = held.poll()) != null) {
      next.run();
    }
  }

  @Override public void execute(Runnable command) {
    handedOff++;
    if (holding) {
      held.add(command);
    } else {
      command.run();
    }
  }

  @Override public void shutdown() { shutdown = true; }
  @Override public List<Runnable> shutdownNow() { shutdown = true; return List.of(); }
  @Override public boolean isShutdown() { return shutdown; }
  @Override public boolean isTerminated() { return shutdown; }
  @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
}
