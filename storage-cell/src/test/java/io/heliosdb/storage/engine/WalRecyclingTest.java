package io.heliosdb.storage.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;

/**
 * The cells reuse WAL files (ADR 0024). A reused file still holds records of its previous life
 * beyond the new tail; recovery after a crash must stop at the new tail, so that nothing
 * acknowledged is lost and nothing overwritten or deleted since comes back.
 */
class WalRecyclingTest {
  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void recoveryFromARecycledWalKeepsTheLatestAcknowledgedState() throws Exception {
    CellStore store = CellStore.open(dir);
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      // Several WAL generations, each filled with older values of the same keys, each retired by a
      // flush so its file goes to the recycle list.
      for (int generation = 0; generation < 6; generation++) {
        for (int i = 0; i < 500; i++) {
          store.db().put(store.rows(), store.syncWrite(), bytes("key-" + i), bytes("old-" + generation + "-" + i));
        }
        store.db().flush(flush, store.rows());
      }
      // The last generation, in a reused file: newer values, and deletions, acknowledged (synced)
      // but only in the WAL.
      for (int i = 0; i < 500; i++) {
        if (i % 5 == 0) {
          store.db().delete(store.rows(), store.syncWrite(), bytes("key-" + i));
        } else {
          store.db().put(store.rows(), store.syncWrite(), bytes("key-" + i), bytes("new-" + i));
        }
      }
    }
    store.closeWithoutFlush();
    String log = Files.readString(dir.resolve("LOG"));
    assertTrue(log.contains("reusing log"), "a WAL file was reused:\n" + log.lines().filter(l -> l.contains("ecycl")).toList());

    CellStore reopened = CellStore.open(dir);
    try {
      for (int i = 0; i < 500; i++) {
        byte[] value = reopened.db().get(reopened.rows(), bytes("key-" + i));
        if (i % 5 == 0) {
          assertNull(value, "key-" + i + " was deleted");
        } else {
          assertArrayEquals(bytes("new-" + i), value, "key-" + i);
        }
      }
    } finally {
      reopened.close();
    }
  }
}
