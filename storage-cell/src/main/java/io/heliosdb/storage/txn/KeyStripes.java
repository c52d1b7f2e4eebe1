package io.heliosdb.storage.txn;

import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;
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
    TreeSet<Integer> indexes = new TreeSet<>();
    for (byte[] key : keys) {
      indexes.add(Math.floorMod(Arrays.hashCode(key), stripes.length));
    }
    indexes.forEach(i -> stripes[i].lock());
    return new Held(indexes);
  }

  final class Held implements AutoCloseable {
    private final TreeSet<Integer> indexes;

    private Held(TreeSet<Integer> indexes) {
      this.indexes = indexes;
    }

    @Override
    public void close() {
      indexes.descendingSet().forEach(i -> stripes[i].unlock());
    }
  }
}
