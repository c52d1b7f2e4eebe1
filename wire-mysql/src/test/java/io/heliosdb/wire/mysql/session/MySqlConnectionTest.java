package io.heliosdb.wire.mysql.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.planner.api.Dialect;
import io.heliosdb.wire.mysql.MySqlFrontEnd;
import io.heliosdb.wire.mysql.auth.CachingSha2Password;
import io.heliosdb.wire.mysql.auth.NativePassword;
import io.heliosdb.wire.mysql.packet.Capabilities;
import io.heliosdb.wire.mysql.packet.ErrPacket;
import io.heliosdb.wire.mysql.packet.HandshakeResponse;
import io.heliosdb.wire.mysql.packet.HandshakeV10;
import io.heliosdb.wire.mysql.testing.FakeSessions;
import io.heliosdb.wire.mysql.testing.MySqlTestClient;
import io.heliosdb.wire.mysql.testing.MySqlTestClient.Frame;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import org.junit.jupiter.api.Test;

/** Handshake, both authentication plugins and commands through the real pipeline in an EmbeddedChannel. */
class MySqlConnectionTest {
  private static final int CLIENT = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
      | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB | Capabilities.TRANSACTIONS;
  private final MySqlFrontEnd frontEnd = new MySqlFrontEnd();

  private static HandshakeV10 greeting(MySqlTestClient client) {
    List<Frame> frames = client.read();
    assertEquals(1, frames.size());
    assertEquals(0, frames.get(0).sequenceId());
    return HandshakeV10.decode(frames.get(0).payload());
  }

  private static HandshakeResponse response(int caps, String password, byte[] scramble, String plugin, String db) {
    byte[] auth = switch (plugin) {
      case NativePassword.PLUGIN -> NativePassword.clientResponse(scramble, password);
      case CachingSha2Password.PLUGIN -> CachingSha2Password.clientResponse(scramble, password);
      default -> new byte[] {1, 2, 3};
    };
    return new HandshakeResponse(caps, 1 << 24, 255, FakeSessions.USER, auth, db, plugin);
  }

  /** Connects with caching_sha2_password: full authentication over RSA the first time. */
  private MySqlTestClient login(int caps) throws Exception {
    MySqlTestClient client = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(client);
    client.send(1, response(caps, FakeSessions.PASSWORD, hello.scramble(), CachingSha2Password.PLUGIN, "heliosdb"));
    List<Frame> answer = client.read();
    if (answer.get(0).payload()[1] == 3) { // fast path: 0x01 0x03 then OK
      assertEquals(0, answer.get(1).header());
      return client;
    }
    assertArrayEquals(new byte[] {1, 4}, answer.get(0).payload());
    assertEquals(2, answer.get(0).sequenceId());
    client.send(3, new byte[] {2});
    Frame keyFrame = client.read().get(0);
    String pem = new String(keyFrame.payload(), 1, keyFrame.payload().length - 1, StandardCharsets.US_ASCII);
    String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
    PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, key);
    byte[] pw = (FakeSessions.PASSWORD + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] scramble = hello.scramble();
    for (int i = 0; i < pw.length; i++) {
      pw[i] ^= scramble[i % scramble.length];
    }
    client.send(5, cipher.doFinal(pw));
    List<Frame> ok = client.read();
    assertEquals(0, ok.get(0).header(), "OK after full authentication");
    assertEquals(6, ok.get(0).sequenceId());
    return client;
  }

  @Test
  void greetingAdvertisesWhatIsImplemented() {
    MySqlTestClient client = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(client);
    assertEquals("8.0.36-HeliosDB", hello.serverVersion());
    assertEquals(CachingSha2Password.PLUGIN, hello.authPlugin());
    assertEquals(Capabilities.server(false), hello.capabilities(), "no TLS configured: SSL not advertised");
    assertEquals(2, hello.statusFlags());
  }

  @Test
  void cachingSha2FullAuthThenFastAuthAndASessionInTheMySqlDialect() throws Exception {
    MySqlTestClient first = login(CLIENT);
    assertEquals(Dialect.MYSQL, first.sessions.opened.get(0).dialect());
    assertEquals("heliosdb", first.sessions.opened.get(0).database());
    MySqlTestClient second = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(second);
    second.send(1, response(CLIENT, FakeSessions.PASSWORD, hello.scramble(), CachingSha2Password.PLUGIN, null));
    List<Frame> fast = second.read();
    assertEquals("0103", HexFormat.of().formatHex(fast.get(0).payload()));
    assertEquals("0000000200" + "0000", HexFormat.of().formatHex(fast.get(1).payload()));
    assertEquals(3, fast.get(1).sequenceId());
  }

  @Test
  void nativePasswordForClientsThatAskForIt() {
    MySqlTestClient client = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(client);
    client.send(1, response(CLIENT, FakeSessions.PASSWORD, hello.scramble(), NativePassword.PLUGIN, "heliosdb"));
    assertEquals(0, client.read().get(0).header());
  }

  @Test
  void otherPluginsAreSwitchedToCachingSha2() {
    MySqlTestClient client = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(client);
    client.send(1, response(CLIENT, FakeSessions.PASSWORD, hello.scramble(), "sha256_password", "heliosdb"));
    Frame switchRequest = client.read().get(0);
    assertEquals(0xFE, switchRequest.header());
    assertTrue(new String(switchRequest.payload(), 1, 22, StandardCharsets.US_ASCII).equals("caching_sha2_password\0"));
    client.send(3, CachingSha2Password.clientResponse(hello.scramble(), "wrong"));
    List<Frame> answer = client.read();
    // not cached yet: full authentication is requested even for a wrong scramble
    assertEquals("0104", HexFormat.of().formatHex(answer.get(0).payload()));
  }

  @Test
  void wrongPasswordIs1045AndCloses() {
    MySqlTestClient client = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(client);
    client.send(1, response(CLIENT, "bad", hello.scramble(), NativePassword.PLUGIN, "heliosdb"));
    Frame err = client.read().get(0);
    assertEquals(new ErrPacket(1045, "28000", "Access denied for user 'alice'@'localhost' (using password: YES)"),
        ErrPacket.decode(err.payload()));
    assertEquals(2, err.sequenceId());
    assertFalse(client.channel.isActive());
  }

  @Test
  void unknownDatabaseIs1049() {
    MySqlTestClient client = new MySqlTestClient(frontEnd, new FakeSessions());
    HandshakeV10 hello = greeting(client);
    client.send(1, response(CLIENT, FakeSessions.PASSWORD, hello.scramble(), NativePassword.PLUGIN, "nodb"));
    assertEquals(1049, ErrPacket.decode(client.read().get(0).payload()).errorCode());
  }

  @Test
  void textResultSetWithEofPackets() throws Exception {
    MySqlTestClient client = login(CLIENT);
    client.send(0, "\u0003SELECT".getBytes(StandardCharsets.US_ASCII));
    List<Frame> frames = client.read();
    // count, 2 column definitions, EOF, 2 rows, EOF
    assertEquals(7, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(i + 1, frames.get(i).sequenceId());
    }
    assertEquals("02", HexFormat.of().formatHex(frames.get(0).payload()));
    assertEquals("fe00000200", HexFormat.of().formatHex(frames.get(3).payload()));
    assertEquals("0131036f6e65", HexFormat.of().formatHex(frames.get(4).payload()));
    assertEquals("0132fb", HexFormat.of().formatHex(frames.get(5).payload()));
    assertEquals("fe00000200", HexFormat.of().formatHex(frames.get(6).payload()));
  }

  /** A row of 16 MiB or more goes out as a full frame and a continuation, sequence ids consecutive. */
  @Test
  void rowOverOneFrameIsSplit() throws Exception {
    MySqlTestClient client = login(CLIENT);
    client.send(0, "\u0003SELECT BIG".getBytes(StandardCharsets.US_ASCII));
    List<Frame> frames = client.read();
    // count, 2 column definitions, EOF, the row in two frames, EOF
    assertEquals(7, frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertEquals(i + 1, frames.get(i).sequenceId());
    }
    byte[] first = frames.get(4).payload();
    byte[] rest = frames.get(5).payload();
    assertEquals(0xFFFFFF, first.length);
    // "3", then the name with its 9-byte length (0xFE + 8 bytes little-endian)
    assertEquals("0133fe", HexFormat.of().formatHex(first, 0, 3));
    int nameLength = FakeSessions.BIG_VALUE.length();
    assertEquals(2 + 9 + nameLength, first.length + rest.length);
    assertEquals(nameLength, (first[3] & 0xFF) | (first[4] & 0xFF) << 8 | (first[5] & 0xFF) << 16 | (first[6] & 0xFF) << 24);
    assertEquals('x', rest[rest.length - 1]);
    assertEquals("fe00000200", HexFormat.of().formatHex(frames.get(6).payload()));
  }

  @Test
  void textResultSetWithDeprecateEof() throws Exception {
    MySqlTestClient client = login(CLIENT | Capabilities.DEPRECATE_EOF);
    client.send(0, "\u0003SELECT".getBytes(StandardCharsets.US_ASCII));
    List<Frame> frames = client.read();
    assertEquals(6, frames.size(), "no EOF after the column definitions");
    assertEquals("fe000002000000", HexFormat.of().formatHex(frames.get(5).payload()));
  }

  @Test
  void okErrPingAndUnsupportedCommands() throws Exception {
    MySqlTestClient client = login(CLIENT);
    client.send(0, "\u0003INSERT".getBytes(StandardCharsets.US_ASCII));
    assertEquals("00030002000000", HexFormat.of().formatHex(client.read().get(0).payload()));
    client.send(0, "\u0003FAIL".getBytes(StandardCharsets.US_ASCII));
    assertEquals(new ErrPacket(1146, "42S02", "Table 'heliosdb.t' doesn't exist"),
        ErrPacket.decode(client.read().get(0).payload()));
    client.send(0, new byte[] {0x0e});
    assertEquals(0, client.read().get(0).header());
    client.send(0, new byte[] {0x16, 'S'});
    assertEquals(1235, ErrPacket.decode(client.read().get(0).payload()).errorCode());
    client.send(0, new byte[] {0x03});
    assertEquals(1065, ErrPacket.decode(client.read().get(0).payload()).errorCode());
    client.send(0, new byte[] {(byte) 0x99});
    assertEquals(1047, ErrPacket.decode(client.read().get(0).payload()).errorCode());
    assertTrue(client.channel.isActive(), "errors keep the connection");
    client.send(0, new byte[] {0x01});
    assertFalse(client.channel.isActive(), "COM_QUIT closes");
  }
}
