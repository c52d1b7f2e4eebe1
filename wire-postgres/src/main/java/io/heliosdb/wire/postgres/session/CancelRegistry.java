package io.heliosdb.wire.postgres.session;

import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backend keys of live sessions, so a CancelRequest arriving on another connection can find the
 * session by process id and secret. One registry per front end instance; thread-safe.
 */
public final class CancelRegistry {
  /** A session's backend key, as sent in BackendKeyData. */
  public record Key(int processId, int secretKey) {}

  private record Entry(int secretKey, Runnable cancel) {}

  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<Integer, Entry> byProcessId = new ConcurrentHashMap<>();

  /** Registers a cancel action under a fresh random key. */
  public Key register(Runnable cancel) {
    while (true) {
      int pid = 1 + random.nextInt(Integer.MAX_VALUE - 1);
      Entry entry = new Entry(random.nextInt(), cancel);
      if (byProcessId.putIfAbsent(pid, entry) == null) {
        return new Key(pid, entry.secretKey());
      }
    }
  }

  public void unregister(Key key) {
    byProcessId.computeIfPresent(key.processId(), (pid, e) -> e.secretKey() == key.secretKey() ? null : e);
  }

  /** Runs the cancel action when the key matches a live session; false otherwise (silently, as PostgreSQL). */
  public boolean cancel(int processId, int secretKey) {
    Entry entry = byProcessId.get(processId);
    if (entry == null || entry.secretKey() != secretKey) {
      return false;
    }
    entry.cancel().run();
    return true;
  }

  public int size() {
    return byProcessId.size();
  }
}
