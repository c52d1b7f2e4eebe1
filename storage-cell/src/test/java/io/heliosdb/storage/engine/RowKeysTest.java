package io.heliosdb.storage.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RowKeysTest {

  @Property
  void newerVersionsOfAKeySortFirst(@ForAll long id, @ForAll long olderTs, @ForAll long newerTs) {
    if (Long.compareUnsigned(olderTs, newerTs) >= 0) {
      return;
    }
    byte[] pk = TestTables.key(id);
    byte[] older = RowKeys.versionKey(7, 3, pk, olderTs);
    byte[] newer = RowKeys.versionKey(7, 3, pk, newerTs);
    assertTrue(Arrays.compareUnsigned(newer, older) < 0);
    assertEquals(olderTs, RowKeys.commitTs(older));
    assertArrayEquals(pk, RowKeys.primaryKey(older));
  }

  @Property
  void versionKeysSortByPrimaryKeyWhateverTheTimestamps(@ForAll long a, @ForAll long b, @ForAll long tsA,
      @ForAll long tsB) {
    if (a == b) {
      return;
    }
    byte[] keyA = RowKeys.versionKey(7, 3, TestTables.key(a), tsA);
    byte[] keyB = RowKeys.versionKey(7, 3, TestTables.key(b), tsB);
    assertEquals(Long.signum(Long.compare(a, b)), Integer.signum(Arrays.compareUnsigned(keyA, keyB)));
  }

  @Test
  void shardPrefixIsBigEndianTableThenShard() {
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 5}, RowKeys.shardPrefix(0x0102, 5));
  }

  @Test
  void isVersionOfChecksTheWholePrimaryKeyNotJustItsPrefix() {
    byte[] pk = {1, 7};
    byte[] prefix = RowKeys.keyPrefix(1, 0, pk);
    assertTrue(RowKeys.isVersionOf(RowKeys.versionKey(1, 0, pk, 9), prefix));
    byte[] longer = {1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertFalse(RowKeys.isVersionOf(RowKeys.versionKey(1, 0, longer, 9), prefix));
    assertFalse(RowKeys.isVersionOf(RowKeys.versionKey(1, 1, pk, 9), prefix));
  }
}
