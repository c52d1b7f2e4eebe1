package io.heliosdb.planner.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plans keyed by normalized statement text (literals lifted to parameters) and search path,
 * valid for one catalog version; least recently used entries are evicted.
 */
public final class PlanCache {
  private final int capacity;
  private final Map<String, Object> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private long catalogVersion = -1;

  public PlanCache(int capacity) {
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > PlanCache.this.capacity;
      }
    };
  }

  public synchronized Object get(String key, long version) {
    if (version != catalogVersion) {
      entries.clear();
      catalogVersion = version;
    }
    Object plan = entries.get(key);
    if (plan == null) {
      misses.increment();
    } else {
      hits.increment();
    }
    return plan;
  }

  /** Looks up without counting a hit or miss (for cheap pre-checks). */
  public synchronized Object peek(String key, long version) {
    return version == catalogVersion ? entries.get(key) : null;
  }

  public synchronized void put(String key, long version, Object plan) {
    if (version == catalogVersion) {
      entries.put(key, plan);
    }
  }

  public synchronized void clear() {
    entries.clear();
  }

  public synchronized void clearIfOlder(long version) {
    if (version != catalogVersion) {
      entries.clear();
      catalogVersion = version;
    }
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }
}
