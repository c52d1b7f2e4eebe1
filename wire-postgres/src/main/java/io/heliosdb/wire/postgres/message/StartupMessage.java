package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first message of a session (no type byte): protocol version and name/value parameters.
 *
 * @param protocolVersion major in the high 16 bits, minor in the low 16 (3.0 = 196608)
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {
  public static final int PROTOCOL_3_0 = 196608;

  public StartupMessage {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public int majorVersion() {
    return protocolVersion >>> 16;
  }

  public int minorVersion() {
    return protocolVersion & 0xffff;
  }

  /** Decodes the body after the length and version fields. */
  public static StartupMessage decode(int protocolVersion, ByteBuf body) {
    Map<String, String> parameters = new LinkedHashMap<>();
    while (true) {
      String name = Buffers.readCString(body);
      if (name.isEmpty()) {
        break;
      }
      parameters.put(name, Buffers.readCString(body));
    }
    if (body.isReadable()) {
      throw Buffers.malformed("invalid startup packet layout: expected terminator as last byte");
    }
    return new StartupMessage(protocolVersion, parameters);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = out.writerIndex();
    out.writeInt(0);
    out.writeInt(protocolVersion);
    parameters.forEach((k, v) -> {
      Buffers.writeCString(out, k);
      Buffers.writeCString(out, v);
    });
    out.writeByte(0);
    out.setInt(at, out.writerIndex() - at);
  }
}
