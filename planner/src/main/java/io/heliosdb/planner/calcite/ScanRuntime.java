package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.expr.Literals;
import io.heliosdb.hidb.proto.Call;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;

/**
 * The run-time half of a {@link HeliosTableScan}: binds parameters into the pushed expression,
 * builds the {@link ScanRequest} and streams the cells' rows, converted to Calcite's internal
 * values for the generated code above it (or left in the value model for the direct path).
 */
public final class ScanRuntime {
  private final TableDescriptor table;
  private final ScanSpec spec;
  private final List<DataType> outputTypes;

  private ScanRuntime(TableDescriptor table, ScanSpec spec, List<DataType> outputTypes) {
    this.table = table;
    this.spec = spec;
    this.outputTypes = outputTypes;
  }

  static ScanRuntime of(TableDescriptor table, ScanSpec spec, RelDataType rowType) {
    List<DataType> types = new ArrayList<>();
    if (spec.hasAggregate()) {
      rowType.getFieldList().forEach(f -> types.add(CalciteTypes.toDataType(f.getType())));
    } else {
      for (int c : spec.projection()) {
        types.add(table.columns().get(c).type());
      }
    }
    return new ScanRuntime(table, spec, types);
  }

  /** True when each execution reads one key of one shard. */
  public boolean isPointLookup() {
    return spec.pointKey() != null && !spec.hasAggregate();
  }

  public TableDescriptor table() {
    return table;
  }

  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Called from generated code. */
  /**
   * {@link #execute} for a one-column scan: each row as its only value, the form Calcite's
   * operators use for one-field rows (JavaRowFormat.SCALAR). EnumerableLimit and friends re-derive
   * the row format from the row type, so a one-column scan handing them Object[] rows made them
   * cast an array to the column's type.
   */
  public Enumerable<Object> executeScalar(DataContext root) {
    return execute(root).select(row -> row[0]);
  }

  public Enumerable<Object[]> execute(DataContext root) {
    ExecutionContext ctx = (ExecutionContext) root.get(ExecutionContext.KEY);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        RowStream stream = open(ctx);
        return new Enumerator<>() {
          Object[] current;

          @Override
          public Object[] current() {
            return current;
          }

          @Override
          public boolean moveNext() {
            if (ctx.cancelFlag().get()) {
              throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
            }
            Object[] row = stream.next();
            if (row == null) {
              return false;
            }
            // A scan projecting no columns (SELECT 1 FROM t) still gets a value per row from the cell.
            Object[] out = new Object[outputTypes.size()];
            for (int i = 0; i < out.length; i++) {
              out[i] = CalciteTypes.toCalcite(outputTypes.get(i), row[i]);
            }
            current = out;
            return true;
          }

          @Override
          public void reset() {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {
            stream.close();
          }
        };
      }
    };
  }

  /** Opens the scan; rows come back in the value model's form. */
  public RowStream open(ExecutionContext ctx) {
    if (spec.indexLookup() != null) {
      RowStream indexed = IndexScanRuntime.open(table, spec, ctx);
      if (indexed != null) {
        return indexed;
      }
    }
    RowStream rows = ctx.scanner().scan(ctx.catalog(), request(ctx, false), ctx.snapshotTs(), ctx.txnId(), ctx.stats());
    PointReadCapture capture = ctx.capture();
    return capture != null && isPointLookup() && capture.wants(table, spec.projection()) ? capture.recording(rows)
        : rows;
  }

  /**
   * The index reads an index scan starts with (empty for other scans); the base rows are then
   * fetched by the primary keys the entries hold.
   */
  public List<ScanRequest> indexRequests(ExecutionContext ctx) {
    if (spec.indexLookup() == null) {
      return List.of();
    }
    io.heliosdb.metadata.IndexDescriptor index = table.index(spec.indexLookup().indexName()).orElseThrow();
    return IndexScanRuntime.indexRequests(new io.heliosdb.planner.constraint.IndexEntries(table, index), spec, ctx);
  }

  /** The request this scan sends for the given parameters (also used by DML to fetch keys). */
  public ScanRequest request(ExecutionContext ctx, boolean includeKeys) {
    List<byte[]> pointKeys = null;
    if (spec.pointKey() != null && !includeKeys && !spec.hasAggregate()) {
      List<DataType> keyTypes = new ArrayList<>();
      Object[] keyValues = new Object[spec.pointKey().size()];
      for (int i = 0; i < keyValues.length; i++) {
        DataType t = table.columns().get(table.primaryKey().get(i)).type();
        keyTypes.add(t);
        keyValues[i] = ValueCoercion.coerce(t, valueOf(spec.pointKey().get(i), ctx));
      }
      boolean hasNull = false;
      for (Object v : keyValues) {
        hasNull |= v == null;
      }
      // "pk = NULL" matches nothing.
      pointKeys = hasNull ? List.of() : List.of(KeyCodec.encode(keyTypes, keyValues));
    }
    // A point lookup reads its key and nothing else (CellScanner.pointLookup and read tracking
    // never look at the predicate): binding it would only cost allocations.
    Expr predicate = spec.predicate() == null || pointKeys != null ? null : bind(spec.predicate(), ctx);
    return new ScanRequest(table, predicate, spec.projection(), spec.aggregate(), List.of(), pointKeys, 0,
        includeKeys);
  }

  private static Object valueOf(Expr e, ExecutionContext ctx) {
    if (e.hasParameter()) {
      return ctx.parameters().get(e.getParameter().getIndex());
    }
    return Literals.value(e.getLiteral());
  }

  /** Replaces parameter references with literals of the parameters' values. */
  static Expr bind(Expr e, ExecutionContext ctx) {
    switch (e.getNodeCase()) {
      case PARAMETER -> {
        int i = e.getParameter().getIndex();
        return Expr.newBuilder().setLiteral(Literals.of(ctx.parameterTypes().get(i), ctx.parameters().get(i))).build();
      }
      case CALL -> {
        Call c = e.getCall();
        boolean changed = false;
        List<Expr> operands = new ArrayList<>(c.getOperandsCount());
        for (Expr o : c.getOperandsList()) {
          Expr b = bind(o, ctx);
          changed |= b != o;
          operands.add(b);
        }
        if (!changed) {
          return e;
        }
        return Expr.newBuilder().setCall(c.toBuilder().clearOperands().addAllOperands(operands)).build();
      }
      default -> {
        return e;
      }
    }
  }
}
