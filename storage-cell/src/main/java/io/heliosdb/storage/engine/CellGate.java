package io.heliosdb.storage.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps the RocksDB handles alive while requests use them: each request enters the gate (shared),
 * and closing the cell takes it exclusively, waiting for requests in flight, and shuts it for good.
 */
public final class CellGate {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean shut;

  /** Enters for one request; false when the cell is closing or closed. Pair with {@link #exit()}. */
  public boolean enter() {
    if (shut) {
      return false;
    }
    lock.readLock().lock();
    if (shut) {
      lock.readLock().unlock();
      return false;
    }
    return true;
  }

  public void exit() {
    lock.readLock().unlock();
  }

  public boolean isShut() {
    return shut;
  }

  /** Waits for requests in flight, then refuses every later one. Returns false if already shut. */
  public boolean shut() {
    lock.writeLock().lock();
    try {
      boolean wasOpen = !shut;
      shut = true;
      return wasOpen;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
