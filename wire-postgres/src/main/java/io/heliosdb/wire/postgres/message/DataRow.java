package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * 'D': one row of already-encoded column values (null = SQL NULL). The streaming path writes rows
 * straight into the output buffer with {@link #begin}/{@link #end} instead of building this object.
 */
public record DataRow(List<byte[]> values) implements BackendMessage {
  public DataRow {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** Starts a row of {@code columns} values; returns the index to pass to {@link #end}. */
  public static int begin(ByteBuf out, int columns) {
    int at = Buffers.beginFrame(out, 'D');
    out.writeShort(columns);
    return at;
  }

  public static void writeNull(ByteBuf out) {
    out.writeInt(-1);
  }

  public static void end(ByteBuf out, int at) {
    Buffers.endFrame(out, at);
  }

  @Override
  public void encode(ByteBuf out) {
    int at = begin(out, values.size());
    for (byte[] v : values) {
      if (v == null) {
        writeNull(out);
      } else {
        out.writeInt(v.length);
        out.writeBytes(v);
      }
    }
    end(out, at);
  }
}
