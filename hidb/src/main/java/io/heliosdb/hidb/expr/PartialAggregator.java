package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.AggregateCall;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.hidb.types.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Partial aggregation of one AggregateSpec over rows: GROUP BY group_columns; COUNT_STAR, COUNT,
 * SUM, MIN, MAX. Output row = group column values then one partial per call. With no group columns
 * it always yields exactly one row (COUNT 0, SUM/MIN/MAX NULL on empty input). Result types:
 * COUNT/COUNT_STAR -> BIGINT; SUM(SMALLINT/INTEGER) -> BIGINT; SUM(BIGINT/NUMERIC) -> NUMERIC;
 * SUM(REAL/DOUBLE) -> DOUBLE; MIN/MAX -> the argument type. Memory grows with the number of groups only.
 *
 * <p>Groups compare with {@link Values#compare} (so NULLs form one group, 1.0 and 1.00 are one group,
 * -0.0 and 0.0 are one group); results come out in first-seen group order. Adding a row of an existing
 * group allocates nothing (a reusable probe key looks the group up). Not thread-safe.
 */
public final class PartialAggregator {
  private final int[] groupColumns;
  private final List<DataType> groupTypes;
  private final AggregateCall[] calls;
  private final DataType[] argumentTypes;
  private final List<DataType> outputTypes;
  private final Map<GroupKey, Accumulator[]> groups = new HashMap<>();
  private final List<GroupKey> order = new ArrayList<>();
  private final GroupKey probe;
  private final Accumulator[] single; // the one group when there are no group columns

  public PartialAggregator(AggregateSpec spec, List<DataType> columnTypes) {
    groupColumns = new int[spec.getGroupColumnsCount()];
    List<DataType> groupTypeList = new ArrayList<>();
    for (int i = 0; i < groupColumns.length; i++) {
      groupColumns[i] = checkColumn(spec.getGroupColumns(i), columnTypes);
      groupTypeList.add(columnTypes.get(groupColumns[i]));
    }
    groupTypes = List.copyOf(groupTypeList);
    calls = spec.getCallsList().toArray(new AggregateCall[0]);
    argumentTypes = new DataType[calls.length];
    List<DataType> out = new ArrayList<>(groupTypes);
    for (int i = 0; i < calls.length; i++) {
      AggregateCall call = calls[i];
      if (call.getFunction() != io.heliosdb.hidb.proto.AggregateFunction.COUNT_STAR) {
        argumentTypes[i] = columnTypes.get(checkColumn(call.getColumn(), columnTypes));
      }
      out.add(resultType(call, argumentTypes[i]));
    }
    outputTypes = List.copyOf(out);
    probe = new GroupKey(groupTypes, null, groupColumns);
    single = groupColumns.length == 0 ? newAccumulators() : null;
  }

  private static int checkColumn(int column, List<DataType> columnTypes) {
    if (column < 0 || column >= columnTypes.size()) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
          "aggregate column " + column + " out of range (table has " + columnTypes.size() + " columns)");
    }
    return column;
  }

  private static DataType resultType(AggregateCall call, DataType argument) {
    return switch (call.getFunction()) {
      case COUNT_STAR, COUNT -> DataType.BIGINT;
      case SUM -> switch (argument.id()) {
        case SMALLINT, INTEGER -> DataType.BIGINT;
        case BIGINT, NUMERIC -> DataType.NUMERIC;
        case REAL, DOUBLE -> DataType.DOUBLE;
        default -> throw new HeliosException(ErrorCode.UNDEFINED_FUNCTION,
            "function sum(" + argument.sqlName().toLowerCase() + ") does not exist");
      };
      case MIN, MAX -> {
        if (argument.id() == io.heliosdb.hidb.proto.TypeId.VECTOR) {
          throw new HeliosException(ErrorCode.UNDEFINED_FUNCTION,
              "function " + call.getFunction().name().toLowerCase() + "(vector) does not exist");
        }
        yield argument;
      }
      default -> throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
          "unsupported aggregate function " + call.getFunction());
    };
  }

  /** Adds one row, indexed by table column. */
  public void add(Object[] row) {
    Accumulator[] accumulators = single;
    if (accumulators == null) {
      probe.reset(row);
      accumulators = groups.get(probe);
      if (accumulators == null) {
        GroupKey key = probe.copy();
        accumulators = newAccumulators();
        groups.put(key, accumulators);
        order.add(key);
      }
    }
    for (Accumulator accumulator : accumulators) {
      accumulator.add(row);
    }
  }

  public List<DataType> outputTypes() {
    return outputTypes;
  }

  /** Number of groups so far (1 without group columns). */
  public int groupCount() {
    return single != null ? 1 : order.size();
  }

  /** One output row per group: group values then one partial per call. */
  public Iterator<Object[]> results() {
    if (single != null) {
      return Collections.singletonList(output(new Object[0], single)).iterator();
    }
    Iterator<GroupKey> keys = order.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return keys.hasNext();
      }

      @Override
      public Object[] next() {
        GroupKey key = keys.next();
        return output(key.values, groups.get(key));
      }
    };
  }

  private Object[] output(Object[] groupValues, Accumulator[] accumulators) {
    Object[] row = new Object[groupValues.length + accumulators.length];
    System.arraycopy(groupValues, 0, row, 0, groupValues.length);
    for (int i = 0; i < accumulators.length; i++) {
      row[groupValues.length + i] = accumulators[i].result();
    }
    return row;
  }

  private Accumulator[] newAccumulators() {
    Accumulator[] accumulators = new Accumulator[calls.length];
    for (int i = 0; i < calls.length; i++) {
      accumulators[i] = newAccumulator(calls[i], argumentTypes[i]);
    }
    return accumulators;
  }

  private static Accumulator newAccumulator(AggregateCall call, DataType argument) {
    int column = call.getColumn();
    return switch (call.getFunction()) {
      case COUNT_STAR -> new CountStar();
      case COUNT -> new Count(column);
      case SUM -> switch (argument.id()) {
        case SMALLINT, INTEGER, BIGINT -> new LongSum(column, argument.id() == io.heliosdb.hidb.proto.TypeId.BIGINT);
        case NUMERIC -> new DecimalSum(column);
        default -> new DoubleSum(column);
      };
      case MIN -> new Extreme(column, argument, -1);
      case MAX -> new Extreme(column, argument, 1);
      default -> throw new IllegalStateException(call.getFunction().name());
    };
  }

  /** Group values, or (as the probe) a view of the group columns of the current row. */
  private static final class GroupKey {
    private final List<DataType> types;
    private final int[] columns; // where value i lives in `values`
    private Object[] values;
    private int hash;

    GroupKey(List<DataType> types, Object[] values, int[] columns) {
      this.types = types;
      this.columns = columns;
      this.values = values;
      if (values != null) {
        hash = computeHash();
      }
    }

    void reset(Object[] row) {
      values = row;
      hash = computeHash();
    }

    GroupKey copy() {
      Object[] own = new Object[columns.length];
      int[] identity = new int[columns.length];
      for (int i = 0; i < columns.length; i++) {
        own[i] = values[columns[i]];
        identity[i] = i;
      }
      return new GroupKey(types, own, identity);
    }

    private Object value(int i) {
      return values[columns[i]];
    }

    private int computeHash() {
      int h = 1;
      for (int i = 0; i < columns.length; i++) {
        h = 31 * h + Values.hash(types.get(i), value(i));
      }
      return h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof GroupKey other) || other.hash != hash) {
        return false;
      }
      for (int i = 0; i < columns.length; i++) {
        if (Values.compare(types.get(i), value(i), other.value(i)) != 0) {
          return false;
        }
      }
      return true;
    }
  }

  private abstract static class Accumulator {
    abstract void add(Object[] row);

    abstract Object result();
  }

  private static final class CountStar extends Accumulator {
    private long count;

    @Override
    void add(Object[] row) {
      count++;
    }

    @Override
    Object result() {
      return count;
    }
  }

  private static final class Count extends Accumulator {
    private final int column;
    private long count;

    Count(int column) {
      this.column = column;
    }

    @Override
    void add(Object[] row) {
      if (row[column] != null) {
        count++;
      }
    }

    @Override
    Object result() {
      return count;
    }
  }

  /** SUM of integers in a long, spilling to BigInteger on overflow; BIGINT sums are reported as NUMERIC. */
  private static final class LongSum extends Accumulator {
    private final int column;
    private final boolean asNumeric;
    private long sum;
    private BigInteger overflow = BigInteger.ZERO;
    private boolean seen;

    LongSum(int column, boolean asNumeric) {
      this.column = column;
      this.asNumeric = asNumeric;
    }

    @Override
    void add(Object[] row) {
      Object v = row[column];
      if (v == null) {
        return;
      }
      seen = true;
      long x = ((Number) v).longValue();
      long r = sum + x;
      if (((sum ^ r) & (x ^ r)) < 0) { // signed overflow: move the running sum to the BigInteger part
        overflow = overflow.add(BigInteger.valueOf(sum));
        r = x;
      }
      sum = r;
    }

    @Override
    Object result() {
      if (!seen) {
        return null;
      }
      BigInteger total = overflow.add(BigInteger.valueOf(sum));
      if (asNumeric) {
        return new BigDecimal(total);
      }
      if (total.bitLength() > 63) {
        throw Casts.outOfRange(DataType.BIGINT);
      }
      return total.longValue();
    }
  }

  private static final class DecimalSum extends Accumulator {
    private final int column;
    private BigDecimal sum;

    DecimalSum(int column) {
      this.column = column;
    }

    @Override
    void add(Object[] row) {
      Object v = row[column];
      if (v != null) {
        sum = sum == null ? (BigDecimal) v : sum.add((BigDecimal) v);
      }
    }

    @Override
    Object result() {
      return sum;
    }
  }

  private static final class DoubleSum extends Accumulator {
    private final int column;
    private double sum;
    private boolean seen;

    DoubleSum(int column) {
      this.column = column;
    }

    @Override
    void add(Object[] row) {
      Object v = row[column];
      if (v != null) {
        sum += ((Number) v).doubleValue();
        seen = true;
      }
    }

    @Override
    Object result() {
      return seen ? sum : null;
    }
  }

  /** MIN (direction -1) or MAX (direction 1) in SQL order; NULLs are ignored. */
  private static final class Extreme extends Accumulator {
    private final int column;
    private final DataType type;
    private final int direction;
    private Object best;

    Extreme(int column, DataType type, int direction) {
      this.column = column;
      this.type = type;
      this.direction = direction;
    }

    @Override
    void add(Object[] row) {
      Object v = row[column];
      if (v != null && (best == null || Values.compare(type, v, best) * direction > 0)) {
        best = v;
      }
    }

    @Override
    Object result() {
      return best;
    }
  }
}
