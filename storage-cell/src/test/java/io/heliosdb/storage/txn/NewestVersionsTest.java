package io.heliosdb.storage.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.storage.engine.CellStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksIterator;

class NewestVersionsTest {

  /** Ascending targets skip seeks, yet every answer is what a fresh seek gives. */
  @Test
  void answersAsAFreshSeekDoes() throws Exception {
    Path dir = Files.createTempDirectory("nv");
    CellStore store = CellStore.open(dir);
    try {
      Random random = new Random(11);
      for (int i = 0; i < 300; i++) {
        byte[] key = {(byte) random.nextInt(4), (byte) random.nextInt(256), (byte) random.nextInt(3)};
        store.db().put(store.rows(), key, new byte[] {(byte) i});
      }
      for (int run = 0; run < 200; run++) {
        TreeSet<byte[]> targets = new TreeSet<>(Arrays::compareUnsigned);
        for (int i = random.nextInt(60); i > 0; i--) {
          targets.add(new byte[] {(byte) random.nextInt(5), (byte) random.nextInt(256)});
        }
        try (RocksIterator mine = store.db().newIterator(store.rows());
            RocksIterator fresh = store.db().newIterator(store.rows())) {
          IntentWriter.NewestVersions versions = new IntentWriter.NewestVersions(mine);
          for (byte[] target : targets) {
            versions.seek(target);
            fresh.seek(target);
            assertEquals(fresh.isValid(), versions.isValid());
            if (fresh.isValid()) {
              assertArrayEquals(fresh.key(), versions.key());
              assertArrayEquals(fresh.value(), versions.value());
            }
          }
        }
      }
    } finally {
      store.close();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
