package io.heliosdb.wire.postgres.copy;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.CopyFormat;
import io.heliosdb.wire.postgres.message.Buffers;
import io.heliosdb.wire.postgres.types.PgTextFormat;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes COPY TO STDOUT rows as CopyData frames, one row per frame as PostgreSQL does, in the
 * text format (backslash escapes) or CSV (quoted when needed). Values use the same text forms as
 * query results. Immutable apart from a reused line builder; one per COPY.
 */
public final class CopyEncoder {
  private final CopyFormat format;
  private final DataType[] types;
  private final ZoneId zone;
  private final StringBuilder line = new StringBuilder(128);

  public CopyEncoder(CopyFormat format, List<ColumnMeta> columns, ZoneId zone) {
    this.format = format;
    this.types = new DataType[columns.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = columns.get(i).type();
    }
    this.zone = zone;
  }

  /** The header line (column names) as a CopyData frame. */
  public void writeHeader(ByteBuf out, List<ColumnMeta> columns) {
    line.setLength(0);
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        line.append(format.delimiter());
      }
      appendField(line, columns.get(i).name(), columns.size() == 1);
    }
    frame(out);
  }

  /** One row as a CopyData frame. */
  public void writeRow(ByteBuf out, Object[] row) {
    line.setLength(0);
    for (int i = 0; i < types.length; i++) {
      if (i > 0) {
        line.append(format.delimiter());
      }
      Object v = row[i];
      if (v == null) {
        line.append(format.nullString());
      } else {
        appendField(line, PgTextFormat.toText(types[i], v, zone), types.length == 1);
      }
    }
    frame(out);
  }

  private void frame(ByteBuf out) {
    line.append('\n');
    int at = Buffers.beginFrame(out, 'd');
    out.writeCharSequence(line, StandardCharsets.UTF_8);
    Buffers.endFrame(out, at);
  }

  /** Appends a non-null value spelled so the matching decoder reads it back unchanged. */
  void appendField(StringBuilder sb, String value, boolean onlyColumn) {
    if (format.csv()) {
      appendCsv(sb, value, onlyColumn);
    } else {
      appendText(sb, value);
    }
  }

  private void appendText(StringBuilder sb, String value) {
    char delimiter = format.delimiter();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case 11 -> sb.append("\\v");
        default -> {
          if (c == delimiter) {
            sb.append('\\');
          }
          sb.append(c);
        }
      }
    }
  }

  private void appendCsv(StringBuilder sb, String value, boolean onlyColumn) {
    char quote = format.quote();
    char escape = format.escape();
    char delimiter = format.delimiter();
    boolean needsQuotes = value.equals(format.nullString()) || onlyColumn && value.equals("\\.");
    for (int i = 0; i < value.length() && !needsQuotes; i++) {
      char c = value.charAt(i);
      needsQuotes = c == delimiter || c == quote || c == '\n' || c == '\r';
    }
    if (!needsQuotes) {
      sb.append(value);
      return;
    }
    sb.append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == quote || c == escape) {
        sb.append(escape);
      }
      sb.append(c);
    }
    sb.append(quote);
  }
}
