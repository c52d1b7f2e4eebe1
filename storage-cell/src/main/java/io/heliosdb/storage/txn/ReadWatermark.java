package io.heliosdb.storage.txn;

import io.heliosdb.storage.engine.RowKeys;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest snapshot timestamp this cell has served a read at (reads "at latest" excluded).
 * A transaction whose intents were written after such a read must commit above it, or the reader
 * could see the transaction appear in its past on a second look. Readers raise it before taking
 * their RocksDB view; intent writers read it after their write is durable, so every read either
 * sees the intent (and pushes the transaction's record) or is counted here. One value per cell
 * is coarse but cheap: commit timestamps only ever move up a little.
 */
public final class ReadWatermark {
  private final AtomicLong highest = new AtomicLong();

  /** Records a read at {@code snapshotTs} (unsigned; {@link RowKeys#LATEST} and 0 are ignored). */
  public void observe(long snapshotTs) {
    if (snapshotTs == 0 || snapshotTs == RowKeys.LATEST) {
      return;
    }
    highest.accumulateAndGet(snapshotTs, (prev, seen) -> Long.compareUnsigned(prev, seen) >= 0 ? prev : seen);
  }

  public long current() {
    return highest.get();
  }
}
