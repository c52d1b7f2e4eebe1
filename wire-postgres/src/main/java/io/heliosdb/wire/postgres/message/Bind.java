package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * 'B': bind parameter values to a prepared statement, creating a portal.
 *
 * @param parameterFormats none (all text), one (applies to all) or one per parameter; 0 text, 1 binary
 * @param parameters raw values, null for SQL NULL
 * @param resultFormats none (all text), one (applies to all) or one per result column
 */
public record Bind(String portalName, String statementName, List<Short> parameterFormats, List<byte[]> parameters,
    List<Short> resultFormats) implements FrontendMessage {
  public Bind {
    parameterFormats = List.copyOf(parameterFormats);
    parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    resultFormats = List.copyOf(resultFormats);
  }

  public static Bind decode(ByteBuf body) {
    String portal = Buffers.readCString(body);
    String statement = Buffers.readCString(body);
    List<Short> parameterFormats = readShorts(body);
    int n = Buffers.readShort(body) & 0xffff;
    List<byte[]> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int length = Buffers.readInt(body);
      values.add(length == -1 ? null : Buffers.readBytes(body, length));
    }
    return new Bind(portal, statement, parameterFormats, values, readShorts(body));
  }

  private static List<Short> readShorts(ByteBuf body) {
    int n = Buffers.readShort(body) & 0xffff;
    if (n <= 1) { // the usual: all text, or one format for all (immutable already: no copy in the constructor)
      return n == 0 ? List.of() : List.of(Buffers.readShort(body));
    }
    List<Short> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(Buffers.readShort(body));
    }
    return list;
  }

  /** Format of parameter {@code i} (0 text, 1 binary) per the protocol's none/one/each rule. */
  public short parameterFormat(int i) {
    return formatAt(parameterFormats, i);
  }

  /** Format of result column {@code i} per the protocol's none/one/each rule. */
  public short resultFormat(int i) {
    return formatAt(resultFormats, i);
  }

  private static short formatAt(List<Short> formats, int i) {
    return formats.isEmpty() ? 0 : formats.size() == 1 ? formats.get(0) : formats.get(i);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'B');
    Buffers.writeCString(out, portalName);
    Buffers.writeCString(out, statementName);
    out.writeShort(parameterFormats.size());
    parameterFormats.forEach(f -> out.writeShort(f));
    out.writeShort(parameters.size());
    for (byte[] value : parameters) {
      if (value == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(value.length);
        out.writeBytes(value);
      }
    }
    out.writeShort(resultFormats.size());
    resultFormats.forEach(f -> out.writeShort(f));
    Buffers.endFrame(out, at);
  }
}
