package io.heliosdb.storage.txn;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lock stripes over intent keys, held while a key's intent is checked and written or resolved.
 * A set of keys is always locked in ascending stripe order, so two holders never deadlock.
 */
final class KeyStripes {
  private final ReentrantLock[] stripes;

  KeyStripes(int count) {
    stripes = new ReentrantLock[count];
    Arrays.setAll(stripes, i -> new ReentrantLock());
  }

  /** Locks the stripes of every key; close the result to unlock them. */
  Held lock(Collection<byte[]> keys) {
    // a bit set rather than a sorted set of boxed indexes: a 1000-row batch locks each key's stripe
    java.util.BitSet indexes = new java.util.BitSet(stripes.length);
    for (byte[] key : keys) {
      indexes.set(Math.floorMod(Arrays.hashCode(key), stripes.length));
    }
    for (int i = indexes.nextSetBit(0); i >= 0; i = indexes.nextSetBit(i + 1)) {
      stripes[i].lock();
    }
    return new Held(indexes);
  }

  final class Held implements AutoCloseable {
    private final java.util.BitSet indexes;

    private Held(java.util.BitSet indexes) {
      this.indexes = indexes;
    }

    @Override
    public void close() {
      for (int i = indexes.previousSetBit(stripes.length - 1); i >= 0; i = indexes.previousSetBit(i - 1)) {
        stripes[i].unlock();
      }
    }
  }
}
