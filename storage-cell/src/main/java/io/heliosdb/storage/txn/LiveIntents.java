package io.heliosdb.storage.txn;

import io.heliosdb.storage.engine.CellStore;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.rocksdb.RocksIterator;

/**
 * The keys that hold an intent in this cell's intents column family, with the owning transaction
 * id, in memory (ADR 0021): "is there an intent on this key / in this range?" is answered here,
 * and RocksDB is read only when the answer is yes. Nearly always it is no (only in-flight
 * transactions have intents), and the RocksDB answer costs a memtable search through the
 * put + delete pairs every resolved intent leaves.
 *
 * <p>The rule that keeps it exact enough: <b>every key with an intent in RocksDB is here</b>
 * (a superset). An entry is added before the RocksDB batch that writes the intent, and removed
 * only after the batch that deletes it was written, both under the key's {@link KeyStripes}
 * stripe, which every change of the key's intent holds. A key here without an intent in RocksDB
 * (a moment between remove and delete, a DeleteRange of a dropped table) costs a needless get,
 * never a wrong answer. So a reader that finds no entry may skip the intent; the intent it did
 * not see was deleted, with its resolution written in the same atomic batch, before it looked.
 *
 * <p>It also answers "which keys hold intents of transaction T" (ADR 0022), for resolution,
 * abort, savepoint rollback and recovery: the same entries by owner, which replaced the durable
 * participant entries. The rule for them: <b>every key with an intent of T in RocksDB is in T's
 * set</b>. A key joins T's set with {@link #add}; it leaves it when its intent is deleted
 * ({@link #remove}), when a writer's batch taking it over from T was written ({@link #written}),
 * or when a resolution of T finds no intent of T there ({@link #notOwnedBy}), all under the key's
 * stripe. Outside a stripe holder's critical section the sets are exactly the owner map inverted.
 *
 * <p>Each key of a transaction's set also carries the intent bytes the transaction last stored
 * there (ADR 0025), so resolution writes the versions without reading the intents back: every
 * change of T's intent on a key happens under the key's stripe and updates the bytes (a write,
 * a savepoint rollback) or takes the key out of T's set (a deletion, a take-over). Bytes are
 * kept up to {@link #RETAINED_BYTES_PER_TXN} per transaction; beyond that, and where a failed
 * write left them uncertain, the entry says "unknown" (null) and resolution reads RocksDB.
 *
 * <p>Derived state: {@link #load} rebuilds it at cell open from one scan of the intents column
 * family. About 80 bytes a key on a 64-bit JVM with compressed oops (skip-list node 24, its share
 * of index nodes ~8, the key array 16 + key length; the owner Long is shared by the keys of one
 * write batch; measured 72 bytes with a BIGINT key): a million-row transaction holds ~72 MB
 * until it is resolved.
 */
final class LiveIntents {
  private final ConcurrentSkipListMap<byte[], Long> owners = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  /** The map's size, kept beside it: ConcurrentSkipListMap.size() walks every entry. */
  private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
  /**
   * The same entries by owner (ADR 0022): transaction id -> its keys, in key order. Replaces the
   * participant index the txns column family held. Each set is changed and read only inside
   * {@code ConcurrentHashMap.compute} of its transaction (the bin lock), so a TreeMap suffices;
   * an emptied set is dropped.
   */
  private final java.util.concurrent.ConcurrentHashMap<Long, TxnKeys> byTxn =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Intent bytes kept per transaction for resolution without reads (about the size of its rows):
   * a bulk load's transaction keeps the first 32 MB and reads the rest back when it resolves.
   */
  static final long RETAINED_BYTES_PER_TXN = 32L << 20;

  /** One transaction's keys in key order, each with its intent bytes (null: not kept, read RocksDB). */
  private static final class TxnKeys {
    final java.util.TreeMap<byte[], byte[]> intents = new java.util.TreeMap<>(Arrays::compareUnsigned);
    long retainedBytes;

    void put(byte[] key, byte[] intent) {
      byte[] kept = intent != null && retainedBytes + intent.length <= RETAINED_BYTES_PER_TXN ? intent : null;
      byte[] before = intents.put(key, kept);
      retainedBytes += (kept == null ? 0 : kept.length) - (before == null ? 0 : before.length);
    }

    boolean remove(byte[] key) {
      int size = intents.size();
      byte[] before = intents.remove(key); // null also for a key kept without bytes: the size tells
      retainedBytes -= before == null ? 0 : before.length;
      return intents.size() != size;
    }

    /**
     * Whether {@code keys} (ascending, distinct) are exactly this set's keys: one ordered walk, so
     * a resolution that takes every key drops the set instead of unlinking keys one by one.
     */
    boolean isExactly(java.util.List<byte[]> keys) {
      if (keys.size() != intents.size()) {
        return false;
      }
      java.util.Iterator<byte[]> mine = intents.keySet().iterator();
      for (byte[] key : keys) {
        if (!Arrays.equals(mine.next(), key)) {
          return false;
        }
      }
      return true;
    }
  }

  /** The keys of every intent in the store, read by one scan (resolved ones are tombstones, skipped). */
  static LiveIntents load(CellStore store) {
    LiveIntents live = new LiveIntents();
    IntentBytes.View view = new IntentBytes.View();
    Map<Long, Long> shared = new java.util.HashMap<>();
    try (RocksIterator it = store.db().newIterator(store.intents())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        long txnId;
        try {
          txnId = view.read(it.value()).txnId;
        } catch (IllegalStateException corrupt) {
          txnId = 0; // indexed all the same (a superset is safe); its readers report the corruption as before
        }
        live.add(it.key(), shared.computeIfAbsent(txnId, Long::valueOf), it.value());
      }
      try {
        it.status();
      } catch (org.rocksdb.RocksDBException e) {
        throw new IllegalStateException("cannot load the intents of the cell: " + e.getMessage(), e);
      }
    }
    return live;
  }

  /** Whether {@code key} may hold an intent; false means it holds none. */
  boolean mayHold(byte[] key) {
    return owners.containsKey(key);
  }

  /** Whether a key in [start, end) may hold an intent ({@code end} null: no upper bound). */
  boolean mayHoldIn(byte[] start, byte[] end) {
    byte[] first = owners.ceilingKey(start);
    return first != null && (end == null || Arrays.compareUnsigned(first, end) < 0);
  }

  /** The transaction whose intent the key holds (or may still hold), or null. */
  Long owner(byte[] key) {
    return owners.get(key);
  }

  /**
   * Before the batch writing an intent of {@code txnId} on key (under its stripe); the previous
   * owner. The key joins txnId's set at once but stays in a different previous owner's set until
   * {@link #written}: until the batch is written RocksDB still holds that owner's intent there.
   */
  Long add(byte[] key, Long txnId, byte[] intent) {
    Long previous = index(key, txnId);
    joinTxn(txnId, java.util.List.of(key), java.util.Collections.singletonList(intent));
    return previous;
  }

  /**
   * {@link #add} for a write batch's keys, all of one transaction, with the intent bytes the batch
   * stores for each (parallel lists): each key indexed, then the transaction's set updated once
   * (one map operation per batch, not per key); the previous owners, parallel to {@code keys}.
   */
  Long[] addAll(java.util.List<byte[]> keys, java.util.List<byte[]> intents, Long txnId) {
    Long[] previous = new Long[keys.size()];
    for (int i = 0; i < previous.length; i++) {
      previous[i] = index(keys.get(i), txnId);
    }
    joinTxn(txnId, keys, intents);
    return previous;
  }

  private Long index(byte[] key, Long txnId) {
    Long previous = owners.put(key, txnId);
    if (previous == null) {
      count.incrementAndGet();
    }
    return previous;
  }

  /**
   * After the batch that {@link #add} preceded was written: a key taken over from another
   * transaction (its decided intent resolved in the same batch) leaves that transaction's set.
   */
  void written(byte[] key, Long txnId, Long previous) {
    if (previous != null && !previous.equals(txnId)) {
      removeFromTxn(previous, key);
    }
  }

  /** Puts back what {@link #add} replaced, when the batch was not written after all. */
  void restore(byte[] key, Long txnId, Long previous) {
    if (previous == null) {
      remove(key);
      return;
    }
    owners.put(key, previous);
    if (!previous.equals(txnId)) {
      removeFromTxn(txnId, key);
    } else {
      // the transaction's earlier intent is still stored, but its bytes were replaced: unknown now
      changed(key, txnId, null);
    }
  }

  /**
   * Under the key's stripe, after a written batch replaced txnId's intent on key with
   * {@code intent} (a savepoint rollback back to an older value; null: not known).
   */
  void changed(byte[] key, long txnId, byte[] intent) {
    byTxn.computeIfPresent(txnId, (id, keys) -> {
      if (keys.intents.containsKey(key)) {
        keys.put(key, intent);
      }
      return keys;
    });
  }

  /**
   * {@link #remove} for keys whose intents, all of {@code txnId}, a written batch deleted: one
   * update of the transaction's set for all of them.
   */
  void removeAll(java.util.List<byte[]> keys, long txnId) {
    for (byte[] key : keys) {
      if (owners.remove(key) != null) {
        count.decrementAndGet();
      }
    }
    byTxn.computeIfPresent(txnId, (id, set) -> {
      if (set.isExactly(keys)) {
        return null;
      }
      keys.forEach(set::remove);
      return set.intents.isEmpty() ? null : set;
    });
  }

  /** After the batch that deleted the key's intent was written (under its stripe). */
  void remove(byte[] key) {
    Long owner = owners.remove(key);
    if (owner != null) {
      count.decrementAndGet();
      removeFromTxn(owner, key);
    }
  }

  /**
   * Under the key's stripe, RocksDB holds no intent of txnId on key: it leaves txnId's set. When
   * it holds no intent at all ({@code none}), the key is a stale entry and is unindexed as well;
   * another transaction's intent keeps its entry.
   */
  void notOwnedBy(byte[] key, long txnId, boolean none) {
    if (none) {
      remove(key);
    }
    removeFromTxn(txnId, key);
  }

  /**
   * Up to {@code max} keys of txnId's set after {@code after} (null: from the first), in key
   * order: a copy, so the caller can lock their stripes and change them.
   */
  java.util.List<byte[]> keysOf(long txnId, byte[] after, int max) {
    java.util.List<byte[]> out = new java.util.ArrayList<>(Math.min(max, 1024));
    entriesOf(txnId, after, max, out, null);
    return out;
  }

  /**
   * {@link #keysOf} with each key's intent bytes as last stored by the transaction (null: not
   * kept) appended to {@code intents} (when not null), parallel to the keys. The bytes are those
   * of the moment of the copy: a caller trusts them only for a key it finds still owned by the
   * transaction under the key's stripe (only the transaction itself, while pending, changes them).
   */
  void entriesOf(long txnId, byte[] after, int max, java.util.List<byte[]> keys, java.util.List<byte[]> intents) {
    byTxn.computeIfPresent(txnId, (id, set) -> {
      java.util.Map<byte[], byte[]> from = after == null ? set.intents : set.intents.tailMap(after, false);
      int taken = 0;
      for (Map.Entry<byte[], byte[]> e : from.entrySet()) {
        if (taken++ == max) {
          break;
        }
        keys.add(e.getKey());
        if (intents != null) {
          intents.add(e.getValue());
        }
      }
      return set;
    });
  }

  /** Transactions with an entry, i.e. with intents here (or entries a resolution will find stale). */
  java.util.List<Long> transactions() {
    return new java.util.ArrayList<>(byTxn.keySet());
  }

  private void joinTxn(Long txnId, java.util.List<byte[]> keys, java.util.List<byte[]> intents) {
    byTxn.compute(txnId, (id, set) -> {
      TxnKeys out = set != null ? set : new TxnKeys();
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), intents.get(i));
      }
      return out;
    });
  }

  private void removeFromTxn(Long txnId, byte[] key) {
    byTxn.computeIfPresent(txnId, (id, keys) -> keys.remove(key) && keys.intents.isEmpty() ? null : keys);
  }

  /** The keys in [start, end), a view (for the clean-up after a DeleteRange). */
  java.util.NavigableSet<byte[]> keysIn(byte[] start, byte[] end) {
    return owners.subMap(start, true, end, false).navigableKeySet();
  }

  /** Keys that hold (or may still hold) an intent. */
  long size() {
    return count.get();
  }

  /** A copy of the keys and owners, for tests. */
  Map<byte[], Long> snapshot() {
    return new java.util.TreeMap<>(owners);
  }

  /** For tests: each transaction's keys with the intent bytes kept for them (null: not kept). */
  Map<Long, java.util.List<Map.Entry<byte[], byte[]>>> snapshotKeptIntents() {
    Map<Long, java.util.List<Map.Entry<byte[], byte[]>>> out = new java.util.TreeMap<>();
    for (Long txnId : transactions()) {
      java.util.List<byte[]> keys = new java.util.ArrayList<>();
      java.util.List<byte[]> intents = new java.util.ArrayList<>();
      entriesOf(txnId, null, Integer.MAX_VALUE, keys, intents);
      java.util.List<Map.Entry<byte[], byte[]>> entries = new java.util.ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        entries.add(new java.util.AbstractMap.SimpleImmutableEntry<>(keys.get(i), intents.get(i)));
      }
      if (!entries.isEmpty()) {
        out.put(txnId, entries);
      }
    }
    return out;
  }

  /** A copy of the per-transaction key sets, for tests. */
  Map<Long, java.util.List<byte[]>> snapshotByTxn() {
    Map<Long, java.util.List<byte[]>> out = new java.util.TreeMap<>();
    for (Long txnId : transactions()) {
      java.util.List<byte[]> keys = keysOf(txnId, null, Integer.MAX_VALUE);
      if (!keys.isEmpty()) {
        out.put(txnId, keys);
      }
    }
    return out;
  }
}
