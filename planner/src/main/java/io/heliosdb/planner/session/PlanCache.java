package io.heliosdb.planner.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plans keyed by normalized statement text (literals lifted to parameters) and search path,
 * valid for one catalog version. Lock-free reads (every statement of every session looks here);
 * when full, the cache starts over, which is cheap next to planning and rare with the few
 * statement shapes applications send.
 */
public final class PlanCache {
  private final int capacity;
  private final ConcurrentHashMap<String, Object> entries = new ConcurrentHashMap<>();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private volatile long catalogVersion = -1;

  public PlanCache(int capacity) {
    this.capacity = capacity;
  }

  private void checkVersion(long version) {
    if (version != catalogVersion) {
      synchronized (this) {
        if (version != catalogVersion) {
          entries.clear();
          catalogVersion = version;
        }
      }
    }
  }

  public Object get(String key, long version) {
    checkVersion(version);
    Object plan = entries.get(key);
    if (plan == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return plan;
  }

  /** Looks up without counting a hit or miss (for cheap pre-checks). */
  public Object peek(String key, long version) {
    return version == catalogVersion ? entries.get(key) : null;
  }

  public void put(String key, long version, Object plan) {
    if (version != catalogVersion) {
      return;
    }
    if (entries.size() >= capacity) {
      entries.clear();
    }
    entries.put(key, plan);
  }

  public void clear() {
    entries.clear();
  }

  public void clearIfOlder(long version) {
    checkVersion(version);
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }
}
