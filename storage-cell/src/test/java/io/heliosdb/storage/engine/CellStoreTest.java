package io.heliosdb.storage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;

/** The column family options a cell opens RocksDB with, observed through RocksDB's own properties. */
class CellStoreTest {
  @TempDir Path dir;

  /**
   * Resolved intents leave files of tombstones behind; every column family compacts such a file
   * on its own soon after it is flushed (CompactOnDeletionCollector), where without it a single L0
   * file of 20,000 tombstones stays until three more arrive (the L0 trigger).
   */
  @Test
  void aFlushedFileOfTombstonesIsCompactedAwayWithoutBeingAsked() throws Exception {
    try (CellStore store = CellStore.open(dir.resolve("cell"))) {
      for (ColumnFamilyHandle family : new ColumnFamilyHandle[] {store.intents(), store.txns()}) {
        for (int i = 0; i < 20_000; i++) {
          store.db().put(family, store.bufferedWrite(), key(i), new byte[40]);
        }
        flush(store, family);
        for (int i = 0; i < 20_000; i++) {
          store.db().delete(family, store.bufferedWrite(), key(i));
        }
        flush(store, family);
        String files = "";
        for (int wait = 0; wait < 200; wait++) {
          files = store.db().getProperty(family, "rocksdb.num-files-at-level0") + "/"
              + store.db().getProperty(family, "rocksdb.num-files-at-level1");
          if (files.equals("0/0") && store.db().getProperty(family, "rocksdb.total-sst-files-size").equals("0")) {
            break;
          }
          Thread.sleep(50);
        }
        assertEquals("0/0", files, "L0/L1 files left in " + new String(family.getName()));
      }
    }
  }

  private static void flush(CellStore store, ColumnFamilyHandle family) throws Exception {
    try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
      store.db().flush(wait, family);
    }
  }

  private static byte[] key(int i) {
    return String.format("key-%08d", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
