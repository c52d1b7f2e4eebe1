package io.heliosdb.wire.mysql.session;

import io.heliosdb.wire.mysql.packet.Capabilities;
import io.heliosdb.wire.mysql.testing.MySqlTestClient;
import io.heliosdb.wire.mysql.testing.MySqlTestClient.Frame;
import java.nio.charset.StandardCharsets;

/** For the fuzz test in the packet package: one logged-in connection with a prepared statement. */
public final class PreparedStatementsFuzzSupport {
  private PreparedStatementsFuzzSupport() {}

  /**
   * Sends a prepare of a 2-parameter statement, then {@code payload}: true when no exception
   * escaped and the server answered only OK, ERR or result packets (a malformed header closes).
   */
  public static boolean survives(byte[] payload) {
    MySqlTestClient client = PreparedStatementsTest.login(Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
        | Capabilities.PLUGIN_AUTH | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB);
    client.send(0, "\u0016SELECT a FROM t WHERE b = ? AND c = ?".getBytes(StandardCharsets.UTF_8));
    client.read();
    client.send(0, payload);
    client.channel.checkException();
    for (Frame f : client.read()) {
      if (f.header() == 0xFF && !client.channel.isActive()) {
        return true; // malformed command header: ERR then close, as before
      }
    }
    client.send(0, new byte[] {0x0e});
    client.channel.checkException();
    return !client.channel.isActive() || client.read().get(0).header() == 0x00;
  }
}
