package io.heliosdb.planner.exec;

import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.metadata.TableDescriptor;
import java.util.List;

/**
 * One table scan to run on the cells, with everything already bound (no parameter references).
 *
 * @param table the table
 * @param predicate pushed predicate, or null for all rows
 * @param projection table column indexes to return (ignored when aggregate is set)
 * @param aggregate partial aggregation to run in cells, or null
 * @param ranges primary-key ranges (empty = whole shards)
 * @param pointKeys when non-null, the exact encoded primary keys to fetch (no fan-out)
 * @param limit stop after this many rows (0 = all)
 * @param includeKeys also return each row's encoded key (for DML on tables without a primary key)
 */
public record ScanRequest(TableDescriptor table, Expr predicate, int[] projection, AggregateSpec aggregate,
    List<KeyRange> ranges, List<byte[]> pointKeys, long limit, boolean includeKeys) {

  /** The projection of every column of {@code table}: a full-row read. */
  public static int[] allColumns(TableDescriptor table) {
    int[] all = new int[table.columns().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }
}
