package io.heliosdb.storage.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.storage.engine.RowKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class IntentWriterSlotsTest {

  /** Whatever the shards and key order of a batch: each distinct key once, in unsigned key order. */
  @Property
  void slotsComeInKeyOrder(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 5) Integer> shards,
      @ForAll @Size(max = 60) List<@IntRange(min = -300, max = 300) Integer> ids, @ForAll boolean ascendingIds) {
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < Math.min(shards.size(), ids.size()); i++) {
      int id = ascendingIds ? i : ids.get(i);
      keys.add(RowKeys.keyPrefix(7, shards.get(i) == 5 ? -1 : shards.get(i), new byte[] {(byte) (id >> 8), (byte) id}));
    }
    IntentWriter.Slots slots = IntentWriter.Slots.of(keys);
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(keys.get(i), slots.keys().get(slots.slotOf()[i]));
    }
    int[] order = slots.inKeyOrder();
    assertEquals(slots.keys().size(), order.length);
    assertEquals(order.length, Arrays.stream(order).distinct().count());
    for (int i = 1; i < order.length; i++) {
      assertTrue(Arrays.compareUnsigned(slots.keys().get(order[i - 1]), slots.keys().get(order[i])) < 0);
    }
  }
}
