package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** 'T': the columns of the rows that follow. */
public record RowDescription(List<Field> fields) implements BackendMessage {
  public RowDescription {
    fields = List.copyOf(fields);
  }

  /**
   * One column.
   *
   * @param tableOid table OID when the column is a plain table column, else 0
   * @param columnNumber attribute number in that table, else 0
   * @param typeSize pg_type.typlen (negative for variable length)
   * @param typeModifier pg_attribute.atttypmod (-1 when none)
   * @param format 0 text, 1 binary
   */
  public record Field(String name, int tableOid, short columnNumber, int typeOid, short typeSize, int typeModifier,
      short format) {}

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'T');
    out.writeShort(fields.size());
    for (Field f : fields) {
      Buffers.writeCString(out, f.name());
      out.writeInt(f.tableOid());
      out.writeShort(f.columnNumber());
      out.writeInt(f.typeOid());
      out.writeShort(f.typeSize());
      out.writeInt(f.typeModifier());
      out.writeShort(f.format());
    }
    Buffers.endFrame(out, at);
  }
}
