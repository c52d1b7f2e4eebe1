package io.heliosdb.storage.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The slot arithmetic of the newest-version cache (ADR 0023); its reads and writes are tested through the Get RPC in VersionCacheTest. */
class NewestVersionCacheTest {
  @Test
  void sequentialIdsSpreadOverTheSlotsLikeRandomKeys() {
    NewestVersionCache cache = new NewestVersionCache(1 << 17);
    int keys = 100_000;
    BitSet used = new BitSet(cache.size());
    for (int id = 1; id <= keys; id++) {
      used.set(cache.slotOf(RowKeys.keyPrefix(TestTables.TABLE_ID, id % 4, TestTables.key(id))));
    }
    // Random keys would occupy size * (1 - e^(-keys/size)) ~ 70,100 slots; a polynomial hash
    // (Arrays.hashCode) put these ids into about 10,000.
    double expected = cache.size() * (1 - Math.exp(-(double) keys / cache.size()));
    assertTrue(used.cardinality() > 0.95 * expected, used.cardinality() + " slots used, expected ~" + (long) expected);
  }

  @Test
  void theSlotCountIsAPowerOfTwoAndZeroTurnsTheCacheOff() {
    assertEquals(1 << 17, new NewestVersionCache(100_000).size());
    assertEquals(1024, new NewestVersionCache(1024).size());
    assertEquals(0, new NewestVersionCache(0).size());
    assertThrows(IllegalArgumentException.class, () -> new NewestVersionCache(-1));
  }

  @Test
  void anEndWithoutABeginIsABug() {
    NewestVersionCache cache = new NewestVersionCache(16);
    byte[] key = RowKeys.keyPrefix(1, 0, new byte[] {1});
    cache.beginWrite(key);
    cache.beginWrite(key);
    cache.endWrite(key);
    cache.endWrite(key);
    assertThrows(IllegalStateException.class, () -> cache.endWrite(key));
  }
}
