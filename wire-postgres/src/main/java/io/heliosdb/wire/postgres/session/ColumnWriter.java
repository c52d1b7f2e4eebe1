package io.heliosdb.wire.postgres.session;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.wire.postgres.message.DataRow;
import io.heliosdb.planner.catalog.PgArrays;
import io.heliosdb.wire.postgres.types.PgArrayFormat;
import io.heliosdb.wire.postgres.types.PgBinaryFormat;
import io.heliosdb.wire.postgres.types.PgTextFormat;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes one result column's values (length-prefixed) straight into the output buffer in the
 * format the client asked for. Immutable; one per column per statement.
 */
final class ColumnWriter {
  private final DataType type;
  private final boolean binary;
  private final ZoneId zone;
  /** Array type OID when the column carries arrays in their text form (binary form made from it), else 0. */
  private final int arrayOid;

  ColumnWriter(DataType type, boolean binary, ZoneId zone) {
    this(type, binary, zone, 0);
  }

  ColumnWriter(DataType type, boolean binary, ZoneId zone, int arrayOid) {
    this.type = type;
    this.binary = binary;
    this.zone = zone;
    this.arrayOid = arrayOid;
  }

  void write(ByteBuf out, Object value) {
    if (value == null) {
      DataRow.writeNull(out);
      return;
    }
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    if (binary && arrayOid != 0) {
      PgArrayFormat.writeBinary(arrayOid, value instanceof String text ? text : PgArrays.text(value), out);
    } else if (binary) {
      PgBinaryFormat.write(type, value, out);
    } else {
      out.writeCharSequence(PgTextFormat.toText(type, value, zone), StandardCharsets.UTF_8);
    }
    out.setInt(lengthAt, out.writerIndex() - lengthAt - 4);
  }

  /** Writes one DataRow message for {@code row}. */
  static void writeRow(ByteBuf out, Object[] row, List<ColumnWriter> writers) {
    int at = DataRow.begin(out, writers.size());
    for (int i = 0; i < writers.size(); i++) {
      writers.get(i).write(out, row[i]);
    }
    DataRow.end(out, at);
  }
}
