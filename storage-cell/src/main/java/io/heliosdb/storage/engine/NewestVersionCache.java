package io.heliosdb.storage.engine;

import io.heliosdb.hidb.codec.KeyHash;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The newest committed version of recently read keys, in front of the rows column family, so a
 * point read that finds its key here skips RocksDB's iterator and memtable seek (ADR 0023).
 *
 * <p>Direct-mapped: one slot per key hash, a newer key evicts an older one, so memory is bounded by
 * the slot count and {@link #MAX_VALUE_BYTES}. An entry holds a key's newest version (or its
 * absence) and answers a read at any snapshot at or above that version's timestamp.
 *
 * <p>Why it cannot serve a stale version: every writer of the rows column family calls
 * {@link #beginWrite} for each key before its RocksDB batch and {@link #endWrite} after it. While a
 * key's slot counts a writer, reads miss and may not fill it. A read fills a slot only by
 * compare-and-set from the exact object it saw before reading RocksDB, and every begin and end
 * installs a new object, so a read that overlapped any write of the slot cannot fill it with what
 * it read. Dropping a table ({@link #beginRangeWrite}) moves a global epoch to an odd value for the
 * duration, and entries remember the epoch they were read in.
 */
public final class NewestVersionCache {
  /** Versions larger than this are not kept (a row with big text stays in RocksDB only). */
  public static final int MAX_VALUE_BYTES = 512;

  /** A key's newest version (kind byte + row) at {@code ts}, or its absence (value null, ts 0). */
  private record Entry(byte[] key, long ts, byte[] value, long epoch) {}

  /**
   * Writers of keys that hash to the slot are running. A reader that saw one never fills the slot,
   * so these need no identity of their own: counts up to {@link #SHARED_WRITING} are shared objects.
   */
  private record Writing(int writers) {}

  private static final int SHARED_WRITING = 64;
  private static final Writing[] WRITING = new Writing[SHARED_WRITING + 1];

  static {
    for (int i = 1; i <= SHARED_WRITING; i++) {
      WRITING[i] = new Writing(i);
    }
  }

  private static Writing writers(int writers) {
    return writers <= SHARED_WRITING ? WRITING[writers] : new Writing(writers);
  }

  /** The slot after its last writer ended: a new object each time, so no read's CAS can match it. */
  private static final class Empty {}

  private final AtomicReferenceArray<Object> slots;
  private final int mask;
  /** Odd while a range of keys (a dropped table) is being deleted. */
  private final AtomicLong epoch = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** {@code slots} is rounded up to a power of two; 0 turns the cache off. */
  public NewestVersionCache(int slots) {
    if (slots < 0) {
      throw new IllegalArgumentException("slots must not be negative, was " + slots);
    }
    int size = slots == 0 ? 0 : Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
    if (slots == 1) {
      size = 1;
    }
    this.slots = new AtomicReferenceArray<>(size);
    this.mask = size - 1;
  }

  public int size() {
    return slots.length();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  /**
   * What a read of one key found in the cache: a hit carries the answer, a miss what the slot held,
   * for {@link #read} to fill it.
   */
  public static final class Lookup {
    private final byte[] keyPrefix;
    private final int slot;
    private final Object seen;
    private final long epoch;
    private final boolean hit;
    private final byte[] value;

    private Lookup(byte[] keyPrefix, int slot, Object seen, long epoch, boolean hit, byte[] value) {
      this.keyPrefix = keyPrefix;
      this.slot = slot;
      this.seen = seen;
      this.epoch = epoch;
      this.hit = hit;
      this.value = value;
    }

    public boolean hit() {
      return hit;
    }

    /** A hit's answer: the version value (kind byte + row), or null when the key has none. */
    public byte[] value() {
      return value;
    }
  }

  /**
   * Looks {@code keyPrefix} up for a read at {@code snapshotTs} (unsigned; {@link RowKeys#LATEST}
   * for the newest). A hit answers when the cached newest version is at or below the snapshot.
   */
  public Lookup lookup(byte[] keyPrefix, long snapshotTs) {
    if (slots.length() == 0) {
      return new Lookup(keyPrefix, -1, null, 0, false, null);
    }
    int slot = slotOf(keyPrefix);
    Object seen = slots.get(slot);
    long epochNow = epoch.get();
    if (seen instanceof Entry e && e.epoch == epochNow && Arrays.equals(e.key, keyPrefix)
        && Long.compareUnsigned(e.ts, snapshotTs) <= 0) {
      hits.increment();
      return new Lookup(keyPrefix, slot, seen, epochNow, true, e.value);
    }
    misses.increment();
    return new Lookup(keyPrefix, slot, seen, epochNow, false, null);
  }

  /**
   * A miss's answer, read from {@code rows}, which must have been opened after the
   * {@link #lookup} (its implicit view must not predate what the slot held then); fills the slot
   * with the key's newest version when no write of the slot overlapped.
   */
  public byte[] read(Lookup miss, RocksIterator rows, long snapshotTs) {
    byte[] keyPrefix = miss.keyPrefix;
    if (miss.slot < 0) {
      return VersionReader.visibleVersion(rows, keyPrefix, snapshotTs);
    }
    // The newest version first: it answers this read when it is old enough, and it is what the
    // slot keeps.
    rows.seek(RowKeys.versionKey(keyPrefix, RowKeys.LATEST));
    byte[] newestValue = null;
    long newestTs = 0;
    if (rows.isValid()) {
      byte[] key = rows.key();
      if (RowKeys.isVersionOf(key, keyPrefix)) {
        newestTs = RowKeys.commitTs(key);
        newestValue = rows.value();
      }
    }
    if ((miss.epoch & 1) == 0 && !(miss.seen instanceof Writing)
        && (newestValue == null || newestValue.length <= MAX_VALUE_BYTES)) {
      slots.compareAndSet(miss.slot, miss.seen, new Entry(keyPrefix, newestTs, newestValue, miss.epoch));
    }
    if (newestValue == null || Long.compareUnsigned(newestTs, snapshotTs) <= 0) {
      return newestValue;
    }
    return VersionReader.visibleVersion(rows, keyPrefix, snapshotTs);
  }

  /** Called before a batch that writes a version of (or deletes versions of) {@code keyPrefix}. */
  public void beginWrite(byte[] keyPrefix) {
    if (slots.length() == 0) {
      return;
    }
    beginSlot(slotOf(keyPrefix));
  }

  private void beginSlot(int slot) {
    while (true) {
      Object now = slots.get(slot);
      Writing next = writers(now instanceof Writing w ? w.writers + 1 : 1);
      if (slots.compareAndSet(slot, now, next)) {
        return;
      }
    }
  }

  /** Called after that batch is written, or failed; once per {@link #beginWrite}. */
  public void endWrite(byte[] keyPrefix) {
    if (slots.length() == 0) {
      return;
    }
    endSlot(slotOf(keyPrefix));
  }

  private void endSlot(int slot) {
    while (true) {
      Object now = slots.get(slot);
      if (!(now instanceof Writing w)) {
        throw new IllegalStateException("endWrite without beginWrite");
      }
      // a fresh Empty: a read that began before the write must not find the object it saw
      Object next = w.writers > 1 ? writers(w.writers - 1) : new Empty();
      if (slots.compareAndSet(slot, now, next)) {
        return;
      }
    }
  }

  /** A RocksDB write of versions (of rows column family keys). */
  @FunctionalInterface
  public interface RowsWrite {
    void write() throws RocksDBException;
  }

  /**
   * Runs {@code write}, which writes versions of (or deletes versions of) {@code keyPrefixes},
   * between {@link #beginWrites} and {@link #endWrites}: how every writer of the rows column
   * family writes.
   */
  public void writing(List<byte[]> keyPrefixes, RowsWrite write) throws RocksDBException {
    if (slots.length() == 0) {
      write.write();
      return;
    }
    // each key hashed once for both ends
    int[] keySlots = new int[keyPrefixes.size()];
    for (int i = 0; i < keySlots.length; i++) {
      keySlots[i] = slotOf(keyPrefixes.get(i));
      beginSlot(keySlots[i]);
    }
    try {
      write.write();
    } finally {
      for (int slot : keySlots) {
        endSlot(slot);
      }
    }
  }

  /**
   * Called before a range deletion (a dropped table): until {@link #endRangeWrite}, every read
   * misses, and no entry read before it answers after it.
   */
  public void beginRangeWrite() {
    epoch.incrementAndGet();
  }

  public void endRangeWrite() {
    epoch.incrementAndGet();
  }

  int slotOf(byte[] keyPrefix) {
    return (int) KeyHash.of(keyPrefix) & mask;
  }
}
