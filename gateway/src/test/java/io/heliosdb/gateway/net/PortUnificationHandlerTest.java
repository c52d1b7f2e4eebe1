package io.heliosdb.gateway.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.gateway.net.TestFrontEnds.RecordingFrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.ProtocolMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PortUnificationHandlerTest {
  private static final Duration SILENCE = Duration.ofMillis(250);
  private static final FrontEndContext CONTEXT = new FrontEndContext(null, name -> java.util.Optional.empty(),
      null, ProtocolMetrics.NONE, null, "test");

  private RecordingFrontEnd postgres;
  private RecordingFrontEnd greeter;

  @BeforeEach
  void frontEnds() {
    postgres = new RecordingFrontEnd("postgres", false);
    greeter = new RecordingFrontEnd("greeter", true);
  }

  private EmbeddedChannel frontDoor(SslContext tls) {
    FrontEndRegistry registry = new FrontEndRegistry(List.of(postgres, greeter));
    return new EmbeddedChannel(new PortUnificationHandler(registry, CONTEXT, tls, false, SILENCE));
  }

  @Test
  void postgresStartupBytesSelectThePostgresFrontEndAndArePassedOnWhole() {
    EmbeddedChannel channel = frontDoor(null);
    ByteBuf startup = TestFrontEnds.postgresStartup();
    byte[] expected = ByteBufUtil.getBytes(startup);

    channel.writeInbound(startup);

    assertEquals(List.of(false), postgres.installs);
    assertEquals(1, postgres.activeEvents);
    assertTrue(greeter.installs.isEmpty());
    assertNull(channel.pipeline().get(PortUnificationHandler.class), "the sniffer removes itself");
    assertEquals(ByteBufUtil.hexDump(expected), ByteBufUtil.hexDump(postgres.received));
  }

  @Test
  void bytesArrivingInPiecesAreBufferedUntilAFrontEndDecides() {
    EmbeddedChannel channel = frontDoor(null);
    ByteBuf startup = TestFrontEnds.postgresStartup();
    int total = startup.readableBytes();

    channel.writeInbound(startup.readRetainedSlice(3));
    assertTrue(postgres.installs.isEmpty(), "3 bytes are not enough to decide");
    assertNotNull(channel.pipeline().get(PortUnificationHandler.class));

    channel.writeInbound(startup);
    assertEquals(List.of(false), postgres.installs);
    assertEquals(total, postgres.received.readableBytes());
  }

  @Test
  void bytesNoFrontEndRecognisesCloseTheConnection() {
    EmbeddedChannel channel = frontDoor(null);
    channel.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n\r\n", StandardCharsets.US_ASCII));
    assertFalse(channel.isOpen());
    assertTrue(postgres.installs.isEmpty());
    assertTrue(greeter.installs.isEmpty());
  }

  @Test
  void aSilentClientGetsTheServerSpeaksFirstFrontEndAfterTheTimeout() {
    EmbeddedChannel channel = frontDoor(null);
    channel.advanceTimeBy(SILENCE.toMillis() - 50, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(greeter.installs.isEmpty(), "still inside the silence window");

    channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();

    assertEquals(List.of(false), greeter.installs);
    assertEquals(1, greeter.activeEvents);
    ByteBuf greeting = channel.readOutbound();
    assertEquals("HELLO", greeting.toString(StandardCharsets.US_ASCII));
    greeting.release();
    assertNull(channel.pipeline().get(PortUnificationHandler.class));
  }

  @Test
  void aClientThatSpeaksBeforeTheTimeoutIsNotGreeted() {
    EmbeddedChannel channel = frontDoor(null);
    channel.writeInbound(TestFrontEnds.postgresStartup());
    channel.advanceTimeBy(SILENCE.toMillis() * 2, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertTrue(greeter.installs.isEmpty());
    assertNull(channel.readOutbound());
  }

  @Test
  void aTlsClientHelloIsTerminatedAndTheDecryptedBytesAreSniffedAgain() throws Exception {
    SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
    SslContext serverTls = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
    SslContext clientTls = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    EmbeddedChannel server = frontDoor(serverTls);
    EmbeddedChannel client = new EmbeddedChannel(clientTls.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT));

    ByteBuf clientHello = client.readOutbound();
    assertEquals(0x16, clientHello.getUnsignedByte(0), "a TLS handshake record");
    server.writeInbound(clientHello);

    assertNotNull(server.pipeline().get(SslHandler.class), "TLS terminated on the front door");
    assertNotNull(server.pipeline().get("sniff-tls"), "a second sniffer waits behind TLS");
    assertTrue(postgres.installs.isEmpty());

    pumpUntilQuiet(client, server);
    assertTrue(client.pipeline().get(SslHandler.class).handshakeFuture().isSuccess());

    client.writeOutbound(TestFrontEnds.postgresStartup());
    pumpUntilQuiet(client, server);

    assertEquals(List.of(true), postgres.installs, "chosen behind TLS, told that TLS is active");
    assertEquals(TestFrontEnds.postgresStartup().readableBytes(), postgres.received.readableBytes());
    assertNull(server.pipeline().get(PortUnificationHandler.class));
    certificate.delete();
  }

  /** Moves bytes between two embedded channels until neither has anything more to send. */
  private static void pumpUntilQuiet(EmbeddedChannel client, EmbeddedChannel server) {
    for (int round = 0; round < 50; round++) {
      boolean moved = move(client, server) | move(server, client);
      if (!moved) {
        return;
      }
    }
  }

  private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
    boolean moved = false;
    for (Object msg = from.readOutbound(); msg != null; msg = from.readOutbound()) {
      to.writeInbound(msg);
      moved = true;
    }
    to.runPendingTasks();
    return moved;
  }
}
