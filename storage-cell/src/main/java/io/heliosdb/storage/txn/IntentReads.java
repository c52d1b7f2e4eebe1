package io.heliosdb.storage.txn;

import io.heliosdb.storage.engine.CellStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.rocksdb.RocksDBException;

/**
 * Reads the stored intents of some of a batch's keys: the writer reads only keys the live-intent
 * index has, the resolver only keys whose bytes its key set did not keep. One JNI crossing for all
 * of them (a multi-get; a get for one), never one per row.
 */
final class IntentReads {
  private IntentReads() {}

  /** Sets {@code out[i]} to the stored intent of {@code keys.get(i)} (null: none) for every i {@code wanted}. */
  static void fill(CellStore store, List<byte[]> keys, IntPredicate wanted, byte[][] out) throws RocksDBException {
    List<byte[]> read = null;
    int[] at = null;
    for (int i = 0; i < keys.size(); i++) {
      if (wanted.test(i)) {
        if (read == null) {
          read = new ArrayList<>();
          at = new int[keys.size()];
        }
        at[read.size()] = i;
        read.add(keys.get(i));
      }
    }
    if (read == null) {
      return;
    }
    if (read.size() == 1) {
      out[at[0]] = store.db().get(store.intents(), read.get(0));
      return;
    }
    List<byte[]> values = store.db().multiGetAsList(java.util.Collections.nCopies(read.size(), store.intents()), read);
    for (int j = 0; j < values.size(); j++) {
      out[at[j]] = values.get(j);
    }
  }
}
