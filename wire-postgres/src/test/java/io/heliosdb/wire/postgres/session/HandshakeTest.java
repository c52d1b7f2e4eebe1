package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.core.tls.TlsContexts;
import io.heliosdb.wire.postgres.PostgresFrontEnd;
import io.heliosdb.wire.postgres.message.CancelRequest;
import io.heliosdb.wire.postgres.message.EncryptionRequest;
import io.heliosdb.wire.postgres.message.StartupMessage;
import io.heliosdb.wire.postgres.testing.BackendFrames;
import io.heliosdb.wire.postgres.testing.BackendFrames.Frame;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HandshakeTest {

  @Test
  void scramLoginReportsSettingsKeyAndReadyForQuery() {
    PgTestClient client = new PgTestClient();
    List<Frame> frames = client.login();
    String types = BackendFrames.types(frames);
    assertTrue(types.matches("RRS+KZ"), types);
    ByteBuf saslFinal = frames.get(0).buf();
    assertEquals(12, saslFinal.readInt());
    assertTrue(saslFinal.toString(StandardCharsets.UTF_8).startsWith("v="));
    assertEquals(0, frames.get(1).buf().readInt(), "AuthenticationOk");

    Map<String, String> status = new HashMap<>();
    frames.stream().filter(f -> f.type() == 'S').forEach(f -> status.put(f.strings().get(0), f.strings().get(1)));
    assertEquals("16.4", status.get("server_version"));
    assertEquals("UTF8", status.get("client_encoding"));
    assertEquals("UTF8", status.get("server_encoding"));
    assertEquals("ISO, MDY", status.get("DateStyle"));
    assertEquals("UTC", status.get("TimeZone"));
    assertEquals("on", status.get("integer_datetimes"));
    assertEquals("on", status.get("standard_conforming_strings"));
    assertEquals("on", status.get("is_superuser"));
    assertEquals("alice", status.get("session_authorization"));
    assertEquals("tests", status.get("application_name"));
    assertEquals("off", status.get("default_transaction_read_only"));
    assertEquals("off", status.get("in_hot_standby"));
    assertEquals("postgres", status.get("IntervalStyle"));

    Frame key = frames.get(frames.size() - 2);
    assertEquals(8, key.body().length);
    assertEquals("I", new String(frames.get(frames.size() - 1).body(), StandardCharsets.US_ASCII));
    assertEquals("alice", client.session().options.user());
    assertEquals("heliosdb", client.session().options.database());
    assertEquals("postgres", client.session().options.protocol());
    assertEquals("tests", client.session().options.startupSettings().get("application_name"));
    assertEquals(1, client.frontEnd.cancelRegistry().size());
    assertEquals(1, client.opened.get());
  }

  private static void assertFatal(PgTestClient client, List<Frame> frames, String sqlState, String message) {
    assertEquals("E", BackendFrames.types(frames));
    assertEquals("FATAL", frames.get(0).field('S'));
    assertEquals("FATAL", frames.get(0).field('V'));
    assertEquals(sqlState, frames.get(0).field('C'));
    if (message != null) {
      assertEquals(message, frames.get(0).field('M'));
    }
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen(), "connection closed after FATAL");
  }

  @Test
  void wrongPasswordIsFatal28P01() {
    PgTestClient client = new PgTestClient();
    assertFatal(client, client.login("alice", "wrong", "heliosdb"), "28P01",
        "password authentication failed for user \"alice\"");
    assertTrue(client.sessions.isEmpty());
    assertEquals(1, client.closed.get());
  }

  @Test
  void unknownUserGetsTheSameAnswer() {
    PgTestClient client = new PgTestClient();
    assertFatal(client, client.login("bob", "secret", "heliosdb"), "28P01",
        "password authentication failed for user \"bob\"");
  }

  @Test
  void unknownDatabaseIsFatal3D000AndDefaultsToUserName() {
    PgTestClient client = new PgTestClient();
    assertFatal(client, client.login("alice", "secret", null), "3D000", "database \"alice\" does not exist");
  }

  @Test
  void missingUserIsFatal() {
    PgTestClient client = new PgTestClient();
    client.send(new StartupMessage(StartupMessage.PROTOCOL_3_0, Map.of("database", "heliosdb")));
    assertFatal(client, client.read(), "28000", null);
  }

  @Test
  void unknownProtocolOptionsAreNegotiated() {
    PgTestClient client = new PgTestClient();
    client.send(new StartupMessage(StartupMessage.PROTOCOL_3_0 + 2,
        Map.of("user", "alice", "database", "heliosdb", "_pq_.compression", "on")));
    List<Frame> frames = client.read();
    assertEquals("vR", BackendFrames.types(frames));
    ByteBuf v = frames.get(0).buf();
    assertEquals(0, v.readInt());
    assertEquals(1, v.readInt());
    assertEquals("_pq_.compression\0", v.toString(StandardCharsets.UTF_8));
  }

  @Test
  void saslMechanismListOffersOnlyScram() {
    PgTestClient client = new PgTestClient();
    client.send(PgTestClient.startup("alice", "heliosdb"));
    Frame sasl = client.read().get(0);
    ByteBuf body = sasl.buf();
    assertEquals(10, body.readInt());
    assertEquals("SCRAM-SHA-256\0\0", body.toString(StandardCharsets.UTF_8));
  }

  @Test
  void sslRequestIsRefusedWithoutTlsAndGssEncAlways() {
    PgTestClient client = new PgTestClient();
    client.send(EncryptionRequest.SSL);
    assertEquals("4e", ByteBufUtil.hexDump(client.output()));
    client.send(EncryptionRequest.GSSENC);
    assertEquals("4e", ByteBufUtil.hexDump(client.output()));
    assertEquals("RRSSSSSSSSSSSSSKZ".length(), BackendFrames.types(client.login()).length(),
        "startup still works after refusals");
  }

  @Test
  void sslRequestIsAcceptedAndSslHandlerGoesFirst(@TempDir Path dir) {
    Path[] files = TlsContexts.ensureSelfSigned(dir);
    PgTestClient client = new PgTestClient(new PostgresFrontEnd(), TlsContexts.server(files[0], files[1]));
    client.send(EncryptionRequest.SSL);
    assertEquals("53", ByteBufUtil.hexDump(client.output()));
    assertInstanceOf(SslHandler.class, client.channel.pipeline().first());
  }

  @Test
  void cancelRequestOnAnotherConnectionCancelsTheSession() {
    PostgresFrontEnd frontEnd = new PostgresFrontEnd();
    PgTestClient client = new PgTestClient(frontEnd, null);
    List<Frame> frames = client.login();
    ByteBuf key = frames.get(frames.size() - 2).buf();
    int pid = key.readInt();
    int secret = key.readInt();

    PgTestClient wrongSecret = new PgTestClient(frontEnd, null);
    wrongSecret.send(new CancelRequest(pid, secret + 1));
    assertEquals(0, client.session().cancels.get());
    assertFalse(wrongSecret.channel.isOpen());

    PgTestClient canceller = new PgTestClient(frontEnd, null);
    canceller.send(new CancelRequest(pid, secret));
    assertEquals(1, client.session().cancels.get());
    assertFalse(canceller.channel.isOpen());
    assertEquals(0, canceller.output().readableBytes(), "a cancel request gets no answer");
  }

  @Test
  void closingReleasesSessionAndCancelKey() {
    PgTestClient client = new PgTestClient();
    client.login();
    client.channel.close();
    client.channel.runPendingTasks();
    assertTrue(client.session().closed);
    assertEquals(0, client.frontEnd.cancelRegistry().size());
    assertEquals(1, client.closed.get());
  }
}
