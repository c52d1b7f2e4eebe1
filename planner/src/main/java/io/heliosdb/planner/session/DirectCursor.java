package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.hidb.types.Values;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.calcite.DirectScanPlan;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.exec.RowStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * Runs a {@link DirectScanPlan}: streams the cells' rows, or when there is an ORDER BY collects
 * and sorts them with the value model's comparison (exact for every type), then applies
 * OFFSET/FETCH and the output column order.
 */
final class DirectCursor implements ResultCursor {
  private final RowStream stream;
  private final List<Object[]> sorted;
  private final int[] fields;
  /** Values of the constant result columns (where fields[i] is -1). */
  private final Object[] constants;
  private long toSkip;
  private long remaining;
  private int nextSorted;
  private Object[] row;

  private final java.util.concurrent.atomic.AtomicBoolean cancelFlag;

  private DirectCursor(RowStream stream, List<Object[]> sorted, int[] fields, Object[] constants, long offset,
      long fetch, java.util.concurrent.atomic.AtomicBoolean cancelFlag) {
    this.cancelFlag = cancelFlag;
    this.constants = constants;
    this.stream = stream;
    this.sorted = sorted;
    this.fields = fields;
    this.toSkip = offset;
    this.remaining = fetch;
  }

  static ResultCursor open(DirectScanPlan plan, ExecutionContext ctx) {
    long offset = plan.offset() == null ? 0 : count(plan.offset(), ctx, "OFFSET");
    long fetch = plan.fetch() == null ? Long.MAX_VALUE : count(plan.fetch(), ctx, "LIMIT");
    RowStream stream;
    try {
      stream = plan.scan().open(ctx);
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    if (plan.sortKeys().isEmpty()) {
      return new DirectCursor(stream, null, plan.outputFields(), plan.constantValues(ctx), offset, fetch,
          ctx.cancelFlag());
    }
    List<Object[]> rows = new ArrayList<>();
    try (stream) {
      Object[] r;
      while ((r = stream.next()) != null) {
        if (ctx.cancelFlag().get()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
        }
        rows.add(r);
      }
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    rows.sort(comparator(plan.sortKeys(), plan.scan().outputTypes()));
    return new DirectCursor(null, rows, plan.outputFields(), plan.constantValues(ctx), offset, fetch,
        ctx.cancelFlag());
  }

  static Comparator<Object[]> comparator(List<DirectScanPlan.SortKey> keys, List<DataType> types) {
    return (a, b) -> {
      for (DirectScanPlan.SortKey k : keys) {
        Object x = a[k.field()];
        Object y = b[k.field()];
        int c;
        if (x == null || y == null) {
          if (x == y) {
            continue;
          }
          c = (x == null) == k.nullsFirst() ? -1 : 1;
          return c;
        }
        c = Values.compare(types.get(k.field()), x, y);
        if (c != 0) {
          return k.descending() ? -c : c;
        }
      }
      return 0;
    };
  }

  static long count(RexNode n, ExecutionContext ctx, String what) {
    Object v = n instanceof RexDynamicParam p ? ctx.parameters().get(p.getIndex())
        : ((RexLiteral) n).getValueAs(Long.class);
    if (v == null) {
      return what.equals("LIMIT") ? Long.MAX_VALUE : 0;
    }
    long l = ((Number) v).longValue();
    if (l < 0) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, what + " must not be negative");
    }
    return l;
  }

  private Object[] nextSource() {
    if (cancelFlag.get()) {
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
    }
    if (sorted != null) {
      return nextSorted < sorted.size() ? sorted.get(nextSorted++) : null;
    }
    try {
      return stream.next();
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
  }

  @Override
  public boolean next() {
    while (toSkip > 0) {
      if (nextSource() == null) {
        return false;
      }
      toSkip--;
    }
    if (remaining <= 0) {
      return false;
    }
    Object[] r = nextSource();
    if (r == null) {
      return false;
    }
    remaining--;
    Object[] out = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      out[i] = fields[i] < 0 ? constants[i] : r[fields[i]];
    }
    row = out;
    return true;
  }

  @Override
  public Object[] row() {
    return row;
  }

  @Override
  public void close() {
    if (stream != null) {
      stream.close();
    }
  }
}
