package io.heliosdb.wire.core;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs a connection's tasks one at a time, in submission order, on the shared statement pool: every
 * front end handles a connection's messages in order off the event loop while connections still run
 * in parallel.
 */
public final class SerialExecutor implements Executor {
  private final Executor pool;
  private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  public SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (queue) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    schedule();
  }

  /** True when no task is queued or running (then a caller on the submitting thread may run one itself). */
  public boolean isIdle() {
    synchronized (queue) {
      return !running && queue.isEmpty();
    }
  }

  private void schedule() {
    try {
      pool.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (queue) {
        queue.clear();
        running = false;
      }
      throw e;
    }
  }

  private void drain() {
    while (true) {
      Runnable next;
      synchronized (queue) {
        next = queue.poll();
        if (next == null) {
          running = false;
          return;
        }
      }
      next.run();
    }
  }
}
