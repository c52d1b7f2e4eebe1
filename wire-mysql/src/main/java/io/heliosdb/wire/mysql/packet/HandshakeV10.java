package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The server's greeting (Protocol::HandshakeV10).
 *
 * @param serverVersion e.g. "8.0.36-HeliosDB"
 * @param connectionId the connection's id (CONNECTION_ID())
 * @param scramble the 20-byte nonce for the authentication plugins
 * @param capabilities the server's capability flags
 * @param charset the server's default collation id (255 = utf8mb4_0900_ai_ci)
 * @param statusFlags server status (autocommit)
 * @param authPlugin the default authentication plugin
 */
public record HandshakeV10(String serverVersion, long connectionId, byte[] scramble, int capabilities, int charset,
    int statusFlags, String authPlugin) {

  public static final int SCRAMBLE_LENGTH = 20;

  public HandshakeV10 {
    if (scramble.length != SCRAMBLE_LENGTH) {
      throw new IllegalArgumentException("scramble must be 20 bytes");
    }
    scramble = scramble.clone();
  }

  @Override
  public byte[] scramble() {
    return scramble.clone();
  }

  public void encode(ByteBuf out) {
    out.writeByte(10);
    PayloadWriter.nulTerminated(out, serverVersion);
    out.writeIntLE((int) connectionId);
    out.writeBytes(scramble, 0, 8);
    out.writeByte(0);
    out.writeShortLE(capabilities & 0xFFFF);
    out.writeByte(charset);
    out.writeShortLE(statusFlags);
    out.writeShortLE(capabilities >>> 16);
    out.writeByte(SCRAMBLE_LENGTH + 1);
    out.writeZero(10);
    out.writeBytes(scramble, 8, SCRAMBLE_LENGTH - 8);
    out.writeByte(0);
    PayloadWriter.nulTerminated(out, authPlugin);
  }

  public static HandshakeV10 decode(byte[] payload) {
    PayloadReader r = new PayloadReader(payload);
    if (r.u8() != 10) {
      throw new MalformedPacket("not a v10 handshake");
    }
    String version = r.nulTerminatedString();
    long id = r.u32();
    byte[] first = r.bytes(8);
    r.skip(1);
    int capabilities = r.u16();
    int charset = r.u8();
    int status = r.u16();
    capabilities |= r.u16() << 16;
    int dataLength = r.u8();
    r.skip(10);
    byte[] second = r.bytes(Math.max(13, dataLength - 8));
    byte[] scramble = Arrays.copyOf(first, SCRAMBLE_LENGTH);
    System.arraycopy(second, 0, scramble, 8, SCRAMBLE_LENGTH - 8);
    return new HandshakeV10(version, id, scramble, capabilities, charset, status, r.nulTerminatedString());
  }
}
