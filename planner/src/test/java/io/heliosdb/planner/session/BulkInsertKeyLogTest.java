package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkInsertKeyLogTest {

  @Test
  void keysComeBackInOrderAcrossPages() {
    BulkInsert.KeyLog log = new BulkInsert.KeyLog();
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      byte[] key = new byte[1 + i % 13];
      key[0] = (byte) i;
      key[key.length - 1] = (byte) (i >>> 8);
      keys.add(key);
      log.add(key);
    }
    List<byte[]> back = new ArrayList<>();
    log.forEach(back::add);
    assertEquals(keys.size(), back.size());
    for (int i = 0; i < keys.size(); i++) {
      assertArrayEquals(keys.get(i), back.get(i));
    }
    log.clear();
    List<byte[]> none = new ArrayList<>();
    log.forEach(none::add);
    assertEquals(0, none.size());
  }
}
