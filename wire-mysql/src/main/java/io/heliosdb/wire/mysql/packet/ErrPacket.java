package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * ERR_Packet: a MySQL error number, a five-character SQLSTATE and a message.
 */
public record ErrPacket(int errorCode, String sqlState, String message) {

  public ErrPacket {
    if (sqlState.length() != 5) {
      throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
    }
  }

  public void encode(ByteBuf out) {
    out.writeByte(0xFF);
    out.writeShortLE(errorCode);
    out.writeByte('#');
    out.writeBytes(sqlState.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(message.getBytes(StandardCharsets.UTF_8));
  }

  public static ErrPacket decode(byte[] payload) {
    PayloadReader r = new PayloadReader(payload);
    if (r.u8() != 0xFF) {
      throw new MalformedPacket("not an ERR packet");
    }
    int code = r.u16();
    r.skip(1);
    String state = new String(r.bytes(5), StandardCharsets.US_ASCII);
    return new ErrPacket(code, state, new String(r.rest(), StandardCharsets.UTF_8));
  }
}
