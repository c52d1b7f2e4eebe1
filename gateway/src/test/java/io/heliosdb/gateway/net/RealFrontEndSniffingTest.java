package io.heliosdb.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.ProtocolMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front ends registered through ServiceLoader, as the server loads them. */
class RealFrontEndSniffingTest {
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final FrontEndContext context = new FrontEndContext(null, name -> Optional.empty(), null,
      ProtocolMetrics.NONE, executor, "test");

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void thePostgresFrontEndIsOnTheClassPath() {
    FrontEndRegistry registry = FrontEndRegistry.loadFromClassPath();
    assertTrue(registry.byName("postgres").isPresent(), "wire-postgres registers itself");
    assertEquals(5432, registry.byName("postgres").get().defaultPort());
  }

  @Test
  void postgresSslRequestOnTheFrontDoorIsHandedToThePostgresFrontEnd() {
    FrontEndRegistry registry = FrontEndRegistry.loadFromClassPath();
    EmbeddedChannel channel = new EmbeddedChannel(
        new PortUnificationHandler(registry, context, null, false, Duration.ofMillis(250)));
    ByteBuf sslRequest = Unpooled.buffer().writeInt(8).writeInt(TestFrontEnds.PG_SSL_REQUEST);

    channel.writeInbound(sslRequest);

    assertNull(channel.pipeline().get(PortUnificationHandler.class));
    assertNotNull(channel.pipeline().get("pg-handler"), channel.pipeline().names().toString());
    // Without a server TLS context PostgreSQL answers 'N' (no TLS) and waits for the startup message.
    ByteBuf answer = channel.readOutbound();
    assertNotNull(answer, "the postgres front end answered the SSLRequest");
    assertEquals('N', answer.readByte());
    answer.release();
    assertTrue(channel.isOpen());
  }
}
