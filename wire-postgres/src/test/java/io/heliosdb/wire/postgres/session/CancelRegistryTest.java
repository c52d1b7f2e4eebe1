package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancelRegistryTest {

  @Test
  void cancelsOnlyWithTheRightSecretAndOnlyWhileRegistered() {
    CancelRegistry registry = new CancelRegistry();
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    CancelRegistry.Key keyA = registry.register(a::incrementAndGet);
    CancelRegistry.Key keyB = registry.register(b::incrementAndGet);
    assertNotEquals(keyA.processId(), keyB.processId());
    assertTrue(keyA.processId() > 0);

    assertFalse(registry.cancel(keyA.processId(), keyA.secretKey() + 1));
    assertTrue(registry.cancel(keyA.processId(), keyA.secretKey()));
    assertEquals(1, a.get());
    assertEquals(0, b.get());

    registry.unregister(keyA);
    assertFalse(registry.cancel(keyA.processId(), keyA.secretKey()));
    assertEquals(1, registry.size());
  }
}
