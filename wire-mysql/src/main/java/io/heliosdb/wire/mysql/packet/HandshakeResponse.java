package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The client's answer to the handshake (Protocol::HandshakeResponse41), or its 32-byte prefix
 * alone, the SSL request, after which TLS starts and the full response follows encrypted.
 *
 * @param capabilities the client's capability flags
 * @param maxPacketSize the largest packet the client accepts
 * @param charset the collation id the client asked for
 * @param user user name; null for an SSL request
 * @param authResponse the plugin's first answer; empty for an SSL request
 * @param database the database asked for with CONNECT_WITH_DB, else null
 * @param authPlugin the plugin the client used for {@code authResponse}, or null when not told
 */
public record HandshakeResponse(int capabilities, long maxPacketSize, int charset, String user, byte[] authResponse,
    String database, String authPlugin) {

  /** Length of the fixed part, which is also the whole SSL request. */
  public static final int FIXED_LENGTH = 32;

  public HandshakeResponse {
    authResponse = authResponse.clone();
  }

  @Override
  public byte[] authResponse() {
    return authResponse.clone();
  }

  public boolean isSslRequest() {
    return user == null;
  }

  public boolean has(int capability) {
    return (capabilities & capability) != 0;
  }

  public static HandshakeResponse decode(byte[] payload) {
    PayloadReader r = new PayloadReader(payload);
    int capabilities = (int) r.u32();
    if ((capabilities & Capabilities.PROTOCOL_41) == 0) {
      throw new MalformedPacket("clients older than protocol 4.1 are not supported");
    }
    long maxPacket = r.u32();
    int charset = r.u8();
    r.skip(23);
    if (!r.hasRemaining()) {
      if ((capabilities & Capabilities.SSL) == 0) {
        throw new MalformedPacket("handshake response without a user name");
      }
      return new HandshakeResponse(capabilities, maxPacket, charset, null, new byte[0], null, null);
    }
    String user = r.nulTerminatedString();
    byte[] auth;
    if ((capabilities & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
      auth = r.lenencBytes();
    } else if ((capabilities & Capabilities.SECURE_CONNECTION) != 0) {
      auth = r.bytes(r.u8());
    } else {
      auth = r.nulTerminated();
    }
    String database = null;
    if ((capabilities & Capabilities.CONNECT_WITH_DB) != 0 && r.hasRemaining()) {
      database = r.nulTerminatedString();
    }
    String plugin = null;
    if ((capabilities & Capabilities.PLUGIN_AUTH) != 0 && r.hasRemaining()) {
      plugin = r.nulTerminatedString();
    }
    // CONNECT_ATTRS (never advertised) would follow; anything left is ignored
    return new HandshakeResponse(capabilities, maxPacket, charset, user, auth, database, plugin);
  }

  /** Encodes as a client would (tests and the fuzz corpus). */
  public void encode(ByteBuf out) {
    out.writeIntLE(capabilities);
    out.writeIntLE((int) maxPacketSize);
    out.writeByte(charset);
    out.writeZero(23);
    if (user == null) {
      return;
    }
    PayloadWriter.nulTerminated(out, user);
    if ((capabilities & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
      PayloadWriter.lenencBytes(out, authResponse);
    } else {
      out.writeByte(authResponse.length).writeBytes(authResponse);
    }
    if ((capabilities & Capabilities.CONNECT_WITH_DB) != 0) {
      PayloadWriter.nulTerminated(out, database == null ? "" : database);
    }
    if ((capabilities & Capabilities.PLUGIN_AUTH) != 0 && authPlugin != null) {
      out.writeBytes(authPlugin.getBytes(StandardCharsets.UTF_8)).writeByte(0);
    }
  }
}
