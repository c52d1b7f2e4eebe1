package io.heliosdb.storage.scan;

import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.expr.CompiledExpr;
import io.heliosdb.hidb.expr.ExprEvaluator;
import io.heliosdb.hidb.proto.AggregateCall;
import io.heliosdb.hidb.proto.AggregateFunction;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.ServedTable;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * What one PredicatePushdownRequest asks of a table, checked and compiled once: the predicate, the
 * projected columns, the columns that must be decoded, and the batching and limit rules.
 *
 * @param table the table as this cell serves it
 * @param predicate compiled predicate, or null for all rows
 * @param projection table column indexes to output (all columns when the request's list is empty)
 * @param neededColumns sorted table column indexes the predicate, projection or aggregate read
 * @param aggregate the aggregate spec, or null when rows are returned
 * @param snapshotTs MVCC read timestamp (unsigned; {@link RowKeys#LATEST} when the request said 0)
 * @param batchRows rows per message
 * @param maxBatchBytes bytes after which a batch is closed early
 * @param limit output rows after which the scan stops (0 = no limit)
 * @param includeKeys whether each row's primary key is returned too
 */
public record ScanPlan(
    ServedTable table,
    CompiledExpr predicate,
    int[] projection,
    int[] neededColumns,
    AggregateSpec aggregate,
    long snapshotTs,
    int batchRows,
    int maxBatchBytes,
    long limit,
    boolean includeKeys) {

  /**
   * Checks and compiles the request.
   *
   * @throws HeliosException when a column index is out of range or the predicate does not compile
   */
  public static ScanPlan of(ServedTable table, PredicatePushdownRequest request, int defaultBatchRows,
      int maxBatchBytes) {
    List<DataType> types = table.columnTypes();
    int columnCount = types.size();
    CompiledExpr predicate = request.hasPredicate()
        ? ExprEvaluator.compile(request.getPredicate(), types, List.of())
        : null;
    int[] projection = request.getProjectionCount() == 0
        ? allColumns(columnCount)
        : request.getProjectionList().stream().mapToInt(Integer::intValue).toArray();
    TreeSet<Integer> needed = new TreeSet<>();
    AggregateSpec aggregate = request.hasAggregate() ? request.getAggregate() : null;
    if (aggregate != null) {
      aggregate.getGroupColumnsList().forEach(c -> needed.add(checkColumn(c, columnCount, "group column")));
      for (AggregateCall call : aggregate.getCallsList()) {
        if (call.getFunction() != AggregateFunction.COUNT_STAR) {
          needed.add(checkColumn(call.getColumn(), columnCount, "aggregate argument"));
        }
      }
    } else {
      for (int column : projection) {
        needed.add(checkColumn(column, columnCount, "projected column"));
      }
    }
    if (predicate != null) {
      for (int column : predicate.referencedColumns()) {
        needed.add(checkColumn(column, columnCount, "predicate column"));
      }
    }
    long snapshot = request.getSnapshotTs() == 0 ? RowKeys.LATEST : request.getSnapshotTs();
    int batchRows = request.getBatchRows() == 0 ? defaultBatchRows : request.getBatchRows();
    long limit = aggregate == null ? Math.max(0, request.getLimit()) : 0;
    return new ScanPlan(table, predicate, projection, needed.stream().mapToInt(Integer::intValue).toArray(),
        aggregate, snapshot, batchRows, maxBatchBytes, limit, request.getIncludeKeys() && aggregate == null);
  }

  /** Types of the projected columns, in projection order. */
  public List<DataType> projectedTypes() {
    List<DataType> types = table.columnTypes();
    return Arrays.stream(projection).mapToObj(types::get).toList();
  }

  /** Whether stored row bytes can be returned as they are: no predicate, all columns in order. */
  public boolean passesRowsThrough() {
    return predicate == null && RowCodec.isIdentityProjection(projection, table.columnTypes().size());
  }

  private static int checkColumn(int column, int columnCount, String what) {
    if (column < 0 || column >= columnCount) {
      throw new HeliosException(ErrorCode.UNDEFINED_COLUMN,
          what + " index " + column + " is out of range: the table has " + columnCount + " columns");
    }
    return column;
  }

  private static int[] allColumns(int count) {
    int[] all = new int[count];
    Arrays.setAll(all, i -> i);
    return all;
  }
}
