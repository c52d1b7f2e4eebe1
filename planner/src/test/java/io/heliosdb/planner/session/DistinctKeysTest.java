package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HashSet;
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
}
