package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * ProtocolBinary::ResultsetRow: header 0x00, a NULL bitmap offset by two bits, then each non-NULL
 * value in its column type's binary form. Values are in the forms {@link StmtExecute} decodes:
 * Number for the integer and floating types, {@link MySqlTemporal} for dates and times, byte[]
 * (or String) for the length-encoded types.
 */
public final class BinaryRow {
  private static final int BITMAP_OFFSET = 2;

  private BinaryRow() {}

  public static void encode(ByteBuf out, int[] columnTypes, Object[] values) {
    out.writeByte(0x00);
    int bitmapStart = out.writerIndex();
    out.writeZero((values.length + 7 + BITMAP_OFFSET) / 8);
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v == null) {
        int bit = i + BITMAP_OFFSET;
        int at = bitmapStart + bit / 8;
        out.setByte(at, out.getByte(at) | (1 << (bit % 8)));
        continue;
      }
      switch (columnTypes[i]) {
        case FieldType.TINY -> out.writeByte(((Number) v).intValue());
        case FieldType.SHORT, FieldType.YEAR -> out.writeShortLE(((Number) v).intValue());
        case FieldType.LONG, FieldType.INT24 -> out.writeIntLE(((Number) v).intValue());
        case FieldType.LONGLONG -> out.writeLongLE(((Number) v).longValue());
        case FieldType.FLOAT -> out.writeFloatLE(((Number) v).floatValue());
        case FieldType.DOUBLE -> out.writeDoubleLE(((Number) v).doubleValue());
        case FieldType.DATE, FieldType.DATETIME, FieldType.TIMESTAMP, FieldType.TIME -> ((MySqlTemporal) v).write(out);
        default -> PayloadWriter.lenencBytes(out, v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** Decodes a row as a client would (tests): the same value forms as {@link StmtExecute}'s. */
  public static List<Object> decode(byte[] payload, int[] columnTypes) {
    PayloadReader r = new PayloadReader(payload);
    if (r.u8() != 0x00) {
      throw new MalformedPacket("not a binary row");
    }
    byte[] bitmap = r.bytes((columnTypes.length + 7 + BITMAP_OFFSET) / 8);
    int[] paramTypes = columnTypes.clone();
    for (int i = 0; i < columnTypes.length; i++) {
      int bit = i + BITMAP_OFFSET;
      if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0) {
        paramTypes[i] = FieldType.NULL; // NULL-typed parameters carry no bytes
      }
    }
    // reuse the parameter decoder: a row is a parameter list without the bitmap and types
    io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
    buf.writeIntLE(0).writeByte(0).writeIntLE(1);
    byte[] nulls = new byte[(columnTypes.length + 7) / 8];
    buf.writeBytes(nulls).writeByte(1);
    for (int t : paramTypes) {
      buf.writeShortLE(t);
    }
    buf.writeBytes(r.rest());
    byte[] argument = new byte[buf.readableBytes()];
    buf.readBytes(argument);
    buf.release();
    StmtExecute e = StmtExecute.decode(argument, columnTypes.length, null, new java.util.BitSet());
    return e.values();
  }
}
