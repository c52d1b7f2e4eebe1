package io.heliosdb.planner.session;

import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.calcite.ExecutionContext;
import java.util.List;

/**
 * A unique constraint that arbitrates INSERT conflicts (ON CONFLICT, ON DUPLICATE KEY UPDATE,
 * REPLACE, INSERT IGNORE): it finds, for proposed rows, the existing row each one collides with.
 * The primary key is one ({@link PrimaryKeyArbiter}); a unique secondary index plugs in as another
 * implementation through {@link ConflictArbiters}.
 *
 * <p>Contract: {@link #findConflicting} reads at the statement's snapshot including the
 * transaction's own writes. A row committed concurrently after the snapshot is not seen; the
 * constraint's own write path must then refuse the insert (the primary key's INSERT mutation does:
 * a write-write conflict, 40001), so two concurrent upserts never both insert one key.
 */
public interface ConflictArbiter {

  /** The constraint's name as PostgreSQL shows it (t_pkey, t_email_key). */
  String name();

  /** Column indexes of the constraint, in order. */
  List<Integer> columns();

  /** An existing row as stored, with its primary key (what an update or delete of it writes). */
  record Existing(byte[] primaryKey, Object[] row) {}

  /**
   * For each proposed full row, the existing row it collides with, or null.
   *
   * @return a list parallel to {@code proposed}
   */
  List<Existing> findConflicting(TableDescriptor table, List<Object[]> proposed, ExecutionContext ctx);

  /** The constraint's key of a full row (equal keys collide), or null when a NULL part means no collision. */
  default List<Object> keyOf(Object[] row) {
    List<Object> key = new java.util.ArrayList<>(columns().size());
    for (int c : columns()) {
      Object v = row[c];
      if (v == null) {
        return null;
      }
      key.add(v instanceof byte[] b ? java.nio.ByteBuffer.wrap(b)
          : v instanceof java.math.BigDecimal d ? d.stripTrailingZeros() : v);
    }
    return key;
  }
}
