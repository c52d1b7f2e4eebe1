package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/**
 * Protocol::ColumnDefinition41 of a text or binary result set.
 *
 * @param schema database of the column's table ("" for expressions)
 * @param table table alias, {@code orgTable} its real name
 * @param name column label, {@code orgName} the column's real name
 * @param charset collation id of the values (63 = binary for numbers and blobs)
 * @param length maximum display length
 * @param type MySQL type code (MYSQL_TYPE_*)
 * @param flags column flags (NOT_NULL, PRI_KEY, UNSIGNED, BINARY ...)
 * @param decimals shown decimals (0x1f for "not fixed" floats and strings)
 */
public record ColumnDefinition(String schema, String table, String orgTable, String name, String orgName,
    int charset, long length, int type, int flags, int decimals) {

  public void encode(ByteBuf out) {
    PayloadWriter.lenencString(out, "def");
    PayloadWriter.lenencString(out, schema);
    PayloadWriter.lenencString(out, table);
    PayloadWriter.lenencString(out, orgTable);
    PayloadWriter.lenencString(out, name);
    PayloadWriter.lenencString(out, orgName);
    PayloadWriter.lenencInt(out, 0x0c);
    out.writeShortLE(charset);
    out.writeIntLE((int) length);
    out.writeByte(type);
    out.writeShortLE(flags);
    out.writeByte(decimals);
    out.writeZero(2);
  }

  /** COM_FIELD_LIST's form: the definition followed by the column's default value (NULL: none told). */
  public void encodeWithDefault(ByteBuf out) {
    encode(out);
    out.writeByte(0xFB);
  }
}
