package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.exec.RowStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The full stored rows an UPDATE / DELETE's source plan read by primary key from the target
 * table, by encoded key. The statement then finds its old rows here instead of asking the cell
 * again: the source read them at the same snapshot in the same transaction, and nothing was
 * written in between, so a second read would return the same versions.
 */
public final class PointReadCapture {
  private final long tableId;
  private final Map<ByteBuffer, Object[]> rows = new HashMap<>(4);

  public PointReadCapture(long tableId) {
    this.tableId = tableId;
  }

  /** True when a scan reads every column of the target table in order (rows as the cell stores them). */
  boolean wants(TableDescriptor table, int[] projection) {
    return table.tableId() == tableId && projection != null
        && RowCodec.isIdentityProjection(projection, table.columns().size());
  }

  /** The stream, noting each row it returns under its key. */
  RowStream recording(RowStream stream) {
    return new RowStream() {
      @Override
      public Object[] next() {
        Object[] row = stream.next();
        byte[] key = row == null ? null : stream.key();
        if (key != null) {
          rows.put(ByteBuffer.wrap(key.clone()), row.clone());
        }
        return row;
      }

      @Override
      public byte[] key() {
        return stream.key();
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  /** The stored row read under {@code key}, or null when the source did not read it. */
  public Object[] row(byte[] key) {
    return rows.get(ByteBuffer.wrap(key));
  }
}
