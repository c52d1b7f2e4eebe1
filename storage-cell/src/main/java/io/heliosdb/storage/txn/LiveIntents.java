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
        live.add(it.key(), shared.computeIfAbsent(txnId, Long::valueOf));
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

  /** Before the batch writing an intent of {@code txnId} on key (under its stripe); the previous owner. */
  Long add(byte[] key, Long txnId) {
    Long previous = owners.put(key, txnId);
    if (previous == null) {
      count.incrementAndGet();
    }
    return previous;
  }

  /** Puts back what {@link #add} replaced, when the batch was not written after all. */
  void restore(byte[] key, Long previous) {
    if (previous == null) {
      remove(key);
    } else {
      owners.put(key, previous);
    }
  }

  /** After the batch that deleted the key's intent was written (under its stripe). */
  void remove(byte[] key) {
    if (owners.remove(key) != null) {
      count.decrementAndGet();
    }
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
}
