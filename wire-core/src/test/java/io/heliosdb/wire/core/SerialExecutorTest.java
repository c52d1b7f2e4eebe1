package io.heliosdb.wire.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

  @Test
  void runsTasksOneAtATimeInOrderOnASharedPool() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor serial = new SerialExecutor(pool);
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(500);
      for (int i = 0; i < 500; i++) {
        int n = i;
        serial.execute(() -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          order.add(n);
          running.decrementAndGet();
          done.countDown();
        });
      }
      assertTrue(done.await(10, TimeUnit.SECONDS));
      assertEquals(1, maxRunning.get(), "never two tasks of one connection at once");
      for (int i = 0; i < 500; i++) {
        assertEquals(i, order.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
