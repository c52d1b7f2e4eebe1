package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** The first SASL message: chosen mechanism and the client-first message (null when absent). */
public record SaslInitialResponse(String mechanism, byte[] data) {

  public static SaslInitialResponse decode(PasswordMessage message) {
    ByteBuf body = Unpooled.wrappedBuffer(message.body());
    String mechanism = Buffers.readCString(body);
    int length = Buffers.readInt(body);
    byte[] data = length == -1 ? null : Buffers.readBytes(body, length);
    if (body.isReadable()) {
      throw Buffers.malformed("invalid SASL initial response");
    }
    return new SaslInitialResponse(mechanism, data);
  }

  public String dataAsString() {
    return data == null ? "" : new String(data, StandardCharsets.UTF_8);
  }

  public PasswordMessage toMessage() {
    ByteBuf body = Unpooled.buffer();
    Buffers.writeCString(body, mechanism);
    if (data == null) {
      body.writeInt(-1);
    } else {
      body.writeInt(data.length);
      body.writeBytes(data);
    }
    byte[] bytes = new byte[body.readableBytes()];
    body.readBytes(bytes);
    return new PasswordMessage(bytes);
  }
}
