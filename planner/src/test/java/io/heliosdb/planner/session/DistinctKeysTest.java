package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.types.DataType;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistinctKeysTest {

  /** Answers as a set of the keys' contents does, whatever the expected size was (the table never fills). */
  @Test
  void findsRepeatedKeysByContent() {
    Random random = new Random(3);
    for (int run = 0; run < 300; run++) {
      int n = random.nextInt(200);
      DistinctKeys keys = new DistinctKeys(n);
      Set<ByteBuffer> reference = new HashSet<>();
      for (int i = 0; i < n; i++) {
        byte[] key = new byte[random.nextInt(3)];
        random.nextBytes(key);
        assertEquals(reference.add(ByteBuffer.wrap(key.clone())), keys.add(key));
      }
    }
  }

  /** Encoded keys of consecutive integers (an executemany batch): each new once, each repeat found. */
  @Test
  void consecutiveIntegerKeys() {
    DistinctKeys keys = new DistinctKeys(1000);
    for (int id = 40_001; id <= 41_000; id++) {
      assertEquals(true, keys.add(KeyCodec.encode(List.of(DataType.INTEGER), new Object[] {id})), "id " + id);
    }
    for (int id = 40_001; id <= 41_000; id += 37) {
      assertEquals(false, keys.add(KeyCodec.encode(List.of(DataType.INTEGER), new Object[] {id})), "id " + id);
    }
  }
}
