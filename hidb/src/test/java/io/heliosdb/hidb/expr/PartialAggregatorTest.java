package io.heliosdb.hidb.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.AggregateCall;
import io.heliosdb.hidb.proto.AggregateFunction;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialAggregatorTest {
  /** Columns: 0 region TEXT, 1 qty INTEGER, 2 amount NUMERIC, 3 big BIGINT, 4 score DOUBLE. */
  private static final List<DataType> TABLE =
      List.of(DataType.TEXT, DataType.INTEGER, DataType.NUMERIC, DataType.BIGINT, DataType.DOUBLE);

  private static AggregateCall agg(AggregateFunction f, int column) {
    return AggregateCall.newBuilder().setFunction(f).setColumn(column).build();
  }

  private static AggregateSpec spec(List<Integer> groups, AggregateCall... calls) {
    return AggregateSpec.newBuilder().addAllGroupColumns(groups).addAllCalls(List.of(calls)).build();
  }

  private static List<Object[]> drain(Iterator<Object[]> it) {
    List<Object[]> rows = new ArrayList<>();
    it.forEachRemaining(rows::add);
    return rows;
  }

  private static Object[] r(String region, Integer qty, String amount, Long big, Double score) {
    return new Object[] {region, qty, amount == null ? null : new BigDecimal(amount), big, score};
  }

  @Test
  void groupsAndIgnoresNullsInArguments() {
    PartialAggregator a = new PartialAggregator(spec(List.of(0),
        agg(AggregateFunction.COUNT_STAR, 0), agg(AggregateFunction.COUNT, 1), agg(AggregateFunction.SUM, 1),
        agg(AggregateFunction.MIN, 2), agg(AggregateFunction.MAX, 4)), TABLE);
    a.add(r("eu", 2, "1.50", 1L, 1.0));
    a.add(r("us", 5, "3.00", 1L, null));
    a.add(r("eu", null, "0.25", 1L, 7.5));
    a.add(r(null, 1, null, 1L, null));
    a.add(r(null, 3, null, 1L, null));
    assertEquals(List.of(DataType.TEXT, DataType.BIGINT, DataType.BIGINT, DataType.BIGINT, DataType.NUMERIC,
        DataType.DOUBLE), a.outputTypes());
    List<Object[]> rows = drain(a.results());
    assertEquals(3, rows.size());
    assertArrayEquals(new Object[] {"eu", 2L, 1L, 2L, new BigDecimal("0.25"), 7.5}, rows.get(0));
    assertArrayEquals(new Object[] {"us", 1L, 1L, 5L, new BigDecimal("3.00"), null}, rows.get(1));
    assertArrayEquals(new Object[] {null, 2L, 2L, 4L, null, null}, rows.get(2)); // NULL keys form one group
  }

  @Test
  void emptyInputWithoutGroupsYieldsOneRow() {
    PartialAggregator a = new PartialAggregator(spec(List.of(),
        agg(AggregateFunction.COUNT_STAR, 0), agg(AggregateFunction.COUNT, 1), agg(AggregateFunction.SUM, 1),
        agg(AggregateFunction.MIN, 0), agg(AggregateFunction.MAX, 2)), TABLE);
    List<Object[]> rows = drain(a.results());
    assertEquals(1, rows.size());
    assertArrayEquals(new Object[] {0L, 0L, null, null, null}, rows.get(0));
  }

  @Test
  void emptyInputWithGroupsYieldsNoRows() {
    PartialAggregator a = new PartialAggregator(spec(List.of(0), agg(AggregateFunction.COUNT_STAR, 0)), TABLE);
    assertFalse(a.results().hasNext());
  }

  @Test
  void sumTypesAndOverflow() {
    PartialAggregator a = new PartialAggregator(spec(List.of(),
        agg(AggregateFunction.SUM, 3), agg(AggregateFunction.SUM, 2), agg(AggregateFunction.SUM, 4),
        agg(AggregateFunction.SUM, 1)), TABLE);
    a.add(r("x", Integer.MAX_VALUE, "1.1", Long.MAX_VALUE, 0.5));
    a.add(r("x", Integer.MAX_VALUE, "2.25", Long.MAX_VALUE, 0.25));
    a.add(r("x", null, null, null, null));
    assertEquals(List.of(DataType.NUMERIC, DataType.NUMERIC, DataType.DOUBLE, DataType.BIGINT), a.outputTypes());
    Object[] row = a.results().next();
    assertEquals(new BigDecimal(Long.MAX_VALUE).multiply(BigDecimal.valueOf(2)), row[0]); // no overflow into wrap
    assertEquals(new BigDecimal("3.35"), row[1]);
    assertEquals(0.75, row[2]);
    assertEquals(2L * Integer.MAX_VALUE, row[3]);
  }

  @Test
  void numericGroupKeysIgnoreScaleAndDoubleZeroSign() {
    PartialAggregator a = new PartialAggregator(spec(List.of(2, 4), agg(AggregateFunction.COUNT_STAR, 0)), TABLE);
    a.add(r("a", 1, "1.0", 1L, 0.0));
    a.add(r("b", 1, "1.00", 1L, -0.0));
    a.add(r("c", 1, "2", 1L, 0.0));
    List<Object[]> rows = drain(a.results());
    assertEquals(2, rows.size());
    assertEquals(2L, rows.get(0)[2]);
    assertEquals(new BigDecimal("1.0"), rows.get(0)[0]); // the first value seen represents the group
  }

  @Test
  void rejectsBadSpecs() {
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, assertThrows(HeliosException.class,
        () -> new PartialAggregator(spec(List.of(9), agg(AggregateFunction.COUNT_STAR, 0)), TABLE)).code());
    assertEquals(ErrorCode.UNDEFINED_FUNCTION, assertThrows(HeliosException.class,
        () -> new PartialAggregator(spec(List.of(), agg(AggregateFunction.SUM, 0)), TABLE)).code());
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, assertThrows(HeliosException.class,
        () -> new PartialAggregator(spec(List.of(), agg(AggregateFunction.AGG_UNSPECIFIED, 0)), TABLE)).code());
  }
}
