package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** COM_FIELD_LIST's argument: a table name (NUL-terminated) and a column-name wildcard. */
public record FieldListRequest(String table, String wildcard) {

  /** Decodes a command's argument (the bytes after the command byte). */
  public static FieldListRequest decode(byte[] argument) {
    PayloadReader r = new PayloadReader(argument);
    String table = r.nulTerminatedString();
    if (table.isEmpty()) {
      throw new MalformedPacket("COM_FIELD_LIST without a table");
    }
    return new FieldListRequest(table, new String(r.rest(), StandardCharsets.UTF_8));
  }

  public void encode(ByteBuf out) {
    PayloadWriter.nulTerminated(out, table);
    out.writeBytes(wildcard.getBytes(StandardCharsets.UTF_8));
  }
}
