package io.heliosdb.storage.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

class SerializedWriteBatchTest {
  private Path dir;
  private CellStore store;

  @BeforeEach
  void open() throws Exception {
    dir = Files.createTempDirectory("swb");
    store = CellStore.open(dir);
  }

  @AfterEach
  void close() throws Exception {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** The same operations give the same bytes as RocksDB's own batch, on every column family. */
  @Test
  void bytesAreRocksDbsOwn() throws Exception {
    List<ColumnFamilyHandle> families = List.of(store.rows(), store.intents(), store.txns(), store.meta(),
        store.db().getDefaultColumnFamily());
    Random random = new Random(3);
    for (int run = 0; run < 50; run++) {
      SerializedWriteBatch ours = new SerializedWriteBatch(random.nextInt(100));
      try (WriteBatch theirs = new WriteBatch()) {
        for (int op = random.nextInt(40); op > 0; op--) {
          ColumnFamilyHandle cf = families.get(random.nextInt(families.size()));
          byte[] key = bytes(random, 1 + random.nextInt(300));
          if (random.nextBoolean()) {
            byte[] value = bytes(random, random.nextInt(400));
            int from = value.length == 0 ? 0 : random.nextInt(value.length);
            int length = random.nextInt(value.length - from + 1);
            ours.put(cf, key, value, from, length);
            theirs.put(cf, key, java.util.Arrays.copyOfRange(value, from, from + length));
          } else {
            ours.delete(cf, key);
            theirs.delete(cf, key);
          }
        }
        assertArrayEquals(theirs.data(), ours.data());
      }
    }
  }

  @Test
  void writesAtomicallyWhatItHolds() throws Exception {
    store.db().put(store.intents(), new byte[] {9}, new byte[] {1});
    SerializedWriteBatch batch = new SerializedWriteBatch(0);
    batch.put(store.rows(), new byte[] {1, 2}, new byte[] {0, 7, 8, 0}, 1, 2);
    batch.delete(store.intents(), new byte[] {9});
    try (WriteOptions options = new WriteOptions()) {
      batch.writeTo(store.db(), options);
      new SerializedWriteBatch(0).writeTo(store.db(), options); // empty: nothing to write
    }
    assertArrayEquals(new byte[] {7, 8}, store.db().get(store.rows(), new byte[] {1, 2}));
    assertNull(store.db().get(store.intents(), new byte[] {9}));
  }

  private static byte[] bytes(Random random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
