package io.heliosdb.hidb.expr;

import static io.heliosdb.hidb.expr.E.bool;
import static io.heliosdb.hidb.expr.E.call;
import static io.heliosdb.hidb.expr.E.cast;
import static io.heliosdb.hidb.expr.E.col;
import static io.heliosdb.hidb.expr.E.i;
import static io.heliosdb.hidb.expr.E.lit;
import static io.heliosdb.hidb.expr.E.param;
import static io.heliosdb.hidb.expr.E.s;
import static io.heliosdb.hidb.expr.E.typed;
import static io.heliosdb.hidb.proto.Operator.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprEvaluatorTest {
  /** Columns: 0 id BIGINT, 1 name TEXT, 2 price NUMERIC(10,2), 3 flag BOOLEAN, 4 score DOUBLE, 5 day DATE, 6 n INTEGER. */
  private static final List<DataType> TABLE = List.of(DataType.BIGINT, DataType.TEXT, DataType.numeric(10, 2),
      DataType.BOOLEAN, DataType.DOUBLE, DataType.DATE, DataType.INTEGER);

  private static Object eval(Expr e, Object... row) {
    return ExprEvaluator.compile(e, TABLE, List.of()).evaluate(row.length == 0 ? new Object[TABLE.size()] : row);
  }

  private static Object[] row(Long id, String name, String price, Boolean flag, Double score, Integer day, Integer n) {
    return new Object[] {id, name, price == null ? null : new BigDecimal(price), flag, score, day, n};
  }

  private static ErrorCode errorOf(Runnable r) {
    return assertThrows(HeliosException.class, r::run).code();
  }

  @ParameterizedTest(name = "{0} AND {1} = {2}; {0} OR {1} = {3}")
  @CsvSource(nullValues = "N", value = {
      "true,true,true,true", "true,false,false,true", "true,N,N,true",
      "false,false,false,false", "false,N,false,N", "N,N,N,N", "false,true,false,true", "N,false,false,N"})
  void threeValuedAndOr(Boolean a, Boolean b, Boolean and, Boolean or) {
    Object[] r = row(1L, null, null, a, null, null, null);
    // the second operand comes from a column so no constant folding hides the runtime path
    Expr second = call(IS_NOT_DISTINCT_FROM, col(3), bool(a));
    assertEquals(and, eval(call(AND, col(3), bool(b)), r));
    assertEquals(or, eval(call(OR, col(3), bool(b)), r));
    assertEquals(Boolean.TRUE, eval(second, r));
    assertEquals(a == null ? null : !a, eval(call(NOT, col(3)), r));
  }

  @Test
  void isPredicatesNeverReturnNull() {
    Object[] nullRow = new Object[TABLE.size()];
    assertEquals(true, eval(call(IS_NULL, col(1)), nullRow));
    assertEquals(false, eval(call(IS_NOT_NULL, col(1)), nullRow));
    assertEquals(false, eval(call(IS_TRUE, col(3)), nullRow));
    assertEquals(true, eval(call(IS_NOT_TRUE, col(3)), nullRow));
    assertEquals(true, eval(call(IS_NOT_FALSE, col(3)), nullRow));
    assertEquals(false, eval(call(IS_FALSE, col(3)), nullRow));
    Object[] falseRow = row(1L, "x", null, false, null, null, null);
    assertEquals(true, eval(call(IS_FALSE, col(3)), falseRow));
    assertEquals(false, eval(call(IS_NOT_FALSE, col(3)), falseRow));
  }

  @Test
  void comparisonsPromoteAcrossNumericTypes() {
    Object[] r = row(5L, "b", "5.00", true, 5.0, 0, 5);
    assertEquals(true, eval(call(EQ, col(0), col(2)), r));           // BIGINT = NUMERIC(10,2)
    assertEquals(true, eval(call(EQ, col(2), lit(DataType.NUMERIC, new BigDecimal("5"))), r));
    assertEquals(true, eval(call(EQ, col(4), col(6)), r));           // DOUBLE = INTEGER
    assertEquals(true, eval(call(LT, col(6), lit(DataType.DOUBLE, 5.5)), r));
    assertEquals(false, eval(call(GT, col(2), lit(DataType.NUMERIC, new BigDecimal("5.001"))), r));
    assertEquals(true, eval(call(GE, col(0), i(5)), r));
    assertEquals(true, eval(call(NE, col(1), s("a")), r));
    assertNull(eval(call(EQ, col(0), lit(DataType.BIGINT, null)), r));
  }

  @Test
  void nanIsGreatestAndNegativeZeroEqualsZero() {
    Object[] r = row(1L, null, null, null, Double.NaN, null, null);
    assertEquals(true, eval(call(GT, col(4), lit(DataType.DOUBLE, Double.POSITIVE_INFINITY)), r));
    assertEquals(true, eval(call(EQ, col(4), lit(DataType.DOUBLE, Double.NaN)), r));
    Object[] zero = row(1L, null, null, null, -0.0, null, null);
    assertEquals(true, eval(call(EQ, col(4), lit(DataType.DOUBLE, 0.0)), zero));
  }

  @Test
  void stringsCompareByCodePoint() {
    List<DataType> types = List.of(DataType.TEXT, DataType.TEXT);
    CompiledExpr lt = ExprEvaluator.compile(call(LT, col(0), col(1)), types, List.of());
    // U+1F600 (surrogate pair in UTF-16) is above U+FFFD in code point order, below it in UTF-16 order
    assertEquals(true, lt.evaluate(new Object[] {"\uFFFD", "\uD83D\uDE00"}));
    assertEquals(true, lt.evaluate(new Object[] {"ab", "abc"}));
    assertEquals(false, lt.evaluate(new Object[] {"b", "abc"}));
  }

  @Test
  void temporalAndOtherComparisons() {
    List<DataType> types = List.of(DataType.DATE, DataType.TIMESTAMP, DataType.UUID, DataType.BYTEA);
    UUID high = UUID.fromString("ffffffff-0000-0000-0000-000000000000");
    Object[] r = {1, 86_400_000_000L, high, new byte[] {(byte) 0x80}};
    assertEquals(true, ExprEvaluator.compile(call(EQ, col(0), col(1)), types, List.of()).evaluate(r));
    // a constant string is read as the other side's type
    assertEquals(true, ExprEvaluator.compile(call(EQ, col(0), s("1970-01-02")), types, List.of()).evaluate(r));
    assertEquals(true, ExprEvaluator.compile(call(GT, col(2), lit(DataType.UUID,
        UUID.fromString("00000000-0000-0000-0000-000000000001"))), types, List.of()).evaluate(r));
    assertEquals(true, ExprEvaluator.compile(call(GT, col(3), lit(DataType.BYTEA, new byte[] {0x7f})),
        types, List.of()).evaluate(r));
  }

  @Test
  void inFollowsSqlNullRules() {
    Object[] r = row(3L, "b", null, null, null, null, 3);
    assertEquals(true, eval(call(IN, col(0), i(1), i(3)), r));
    assertEquals(false, eval(call(IN, col(0), i(1), i(2)), r));
    assertNull(eval(call(IN, col(0), i(1), lit(DataType.INTEGER, null)), r));
    assertEquals(true, eval(call(IN, col(0), lit(DataType.INTEGER, null), i(3)), r));
    assertNull(eval(call(IN, col(2), i(1)), r));
    assertEquals(true, eval(call(IN, col(1), s("a"), s("b")), r));
    assertNull(eval(call(IN, col(1), s("a"), lit(DataType.TEXT, null)), r));
    // non-constant list and mixed types take the generic path
    assertEquals(true, eval(call(IN, col(0), col(6), i(9)), r));
    assertEquals(true, eval(call(IN, col(0), lit(DataType.NUMERIC, new BigDecimal("3.0"))), r));
  }

  @Test
  void betweenIsInclusiveAndThreeValued() {
    assertEquals(true, eval(call(BETWEEN, col(0), i(1), i(3)), row(3L, null, null, null, null, null, null)));
    assertEquals(false, eval(call(BETWEEN, col(0), i(1), i(3)), row(4L, null, null, null, null, null, null)));
    assertNull(eval(call(BETWEEN, col(0), i(1), lit(DataType.INTEGER, null)),
        row(2L, null, null, null, null, null, null)));
    assertEquals(false, eval(call(BETWEEN, col(0), i(1), lit(DataType.INTEGER, null)),
        row(0L, null, null, null, null, null, null)));
  }

  @ParameterizedTest(name = "''{0}'' LIKE ''{1}'' = {2}")
  @CsvSource(delimiter = '|', value = {
      "abc|abc|true", "abc|a%|true", "abc|%c|true", "abc|%b%|true", "abc|a_c|true", "abc|a_|false",
      "abc|%|true", "''|%|true", "''|_|false", "abc|ABC|false", "a%c|a\\%c|true", "abc|a\\%c|false",
      "a_c|a\\_c|true", "abbbc|a%b%c|true", "abbbc|a%bb%bc|true", "ab|a%b%c|false", "mississippi|%iss%pi|true",
      "\uD83D\uDE00x|_x|true"})
  void likeMatches(String text, String pattern, boolean expected) {
    Object[] r = row(1L, text, null, null, null, null, null);
    assertEquals(expected, eval(call(LIKE, col(1), s(pattern)), r));
    assertEquals(!expected, eval(call(NOT_LIKE, col(1), s(pattern)), r));
  }

  @Test
  void likeEscapeIlikeAndErrors() {
    Object[] r = row(1L, "100%", null, null, null, null, null);
    assertEquals(true, eval(call(LIKE, col(1), s("100#%"), s("#")), r));
    assertEquals(false, eval(call(LIKE, col(1), s("1000#%"), s("#")), r));
    assertEquals(true, eval(call(LIKE, col(1), s("100\\%"), s("")), row(1L, "100\\x", null, null, null, null, null)));
    assertEquals(true, eval(call(ILIKE, col(1), s("HeLLo%")), row(1L, "hello world", null, null, null, null, null)));
    assertNull(eval(call(LIKE, col(1), s("a%")), new Object[TABLE.size()]));
    assertNull(eval(call(LIKE, col(1), lit(DataType.TEXT, null)), r));
    // a pattern taken from a column is compiled per row
    List<DataType> two = List.of(DataType.TEXT, DataType.TEXT);
    assertEquals(true, ExprEvaluator.compile(call(LIKE, col(0), col(1)), two, List.of())
        .evaluate(new Object[] {"xyz", "x%"}));
    assertEquals(ErrorCode.DATA_EXCEPTION, errorOf(() -> eval(call(LIKE, col(1), s("ab\\")), r)));
    assertEquals(ErrorCode.UNDEFINED_FUNCTION, errorOf(() -> eval(call(LIKE, col(0), s("1%")), r)));
  }

  @Test
  void arithmeticFollowsPostgres() {
    Object[] r = row(7L, null, "2.50", null, 1.5, 10, -7);
    assertEquals(9L, eval(call(PLUS, col(0), i(2)), r));
    assertEquals(-3, eval(call(DIVIDE, col(6), i(2)), r));       // truncates toward zero
    assertEquals(-1, eval(call(MOD, col(6), i(3)), r));          // sign of the dividend
    assertEquals(new BigDecimal("17.50"), eval(call(TIMES, col(0), col(2)), r));
    assertEquals(10.5, eval(call(TIMES, col(0), col(4)), r));
    assertEquals(7, eval(call(NEGATE, col(6)), r));
    assertEquals(12, eval(call(PLUS, col(5), i(2)), r));          // DATE + integer
    assertEquals(DataType.DATE, ExprEvaluator.compile(call(PLUS, col(5), i(2)), TABLE, List.of()).type());
    assertEquals(new BigDecimal("2.3333333333333333"),
        eval(call(DIVIDE, lit(DataType.NUMERIC, new BigDecimal("7")), lit(DataType.NUMERIC, new BigDecimal("3")))));
    // the declared result type widens integer arithmetic
    assertEquals(4_000_000_000L, eval(typed(TIMES, DataType.BIGINT, col(6), i(2)),
        row(0L, null, null, null, null, null, 2_000_000_000)));
  }

  @Test
  void arithmeticErrors() {
    Object[] r = row(Long.MAX_VALUE, null, "0", null, 0.0, null, Integer.MAX_VALUE);
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, errorOf(() -> eval(call(PLUS, col(0), i(1)), r)));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, errorOf(() -> eval(call(PLUS, col(6), i(1)), r)));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        errorOf(() -> eval(call(DIVIDE, lit(DataType.INTEGER, Integer.MIN_VALUE), col(6)),
            row(0L, null, null, null, null, null, -1))));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, errorOf(() -> eval(call(NEGATE, col(0)),
        row(Long.MIN_VALUE, null, null, null, null, null, null))));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf(() -> eval(call(DIVIDE, col(6), i(0)), r)));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf(() -> eval(call(MOD, col(0), i(0)), r)));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf(() -> eval(call(DIVIDE, i(1), col(2)), r)));
    assertEquals(ErrorCode.DIVISION_BY_ZERO, errorOf(() -> eval(call(DIVIDE, i(1), col(4)), r)));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        errorOf(() -> eval(call(TIMES, col(4), lit(DataType.DOUBLE, 1e308)), row(0L, null, null, null, 1e308, null, null))));
    // a constant subtree that fails is not folded: the error surfaces when evaluated, not at compile time
    CompiledExpr guarded = ExprEvaluator.compile(call(AND, col(3), call(EQ, call(DIVIDE, i(1), i(0)), i(1))),
        TABLE, List.of());
    assertEquals(false, guarded.evaluate(row(0L, null, null, false, null, null, null)));
    assertNull(eval(call(PLUS, col(0), lit(DataType.BIGINT, null)), r));
  }

  @Test
  void casts() {
    // floats round half to even, NUMERIC half away from zero, as in PostgreSQL
    assertEquals(4, eval(cast(lit(DataType.DOUBLE, 3.5), DataType.INTEGER)));
    assertEquals(2, eval(cast(lit(DataType.DOUBLE, 2.5), DataType.INTEGER)));
    assertEquals(3, eval(cast(lit(DataType.NUMERIC, new BigDecimal("2.5")), DataType.INTEGER)));
    assertEquals(new BigDecimal("12.35"), eval(cast(lit(DataType.DOUBLE, 12.345), DataType.numeric(5, 2))));
    assertEquals(new BigDecimal("0.1"), eval(cast(lit(DataType.DOUBLE, 0.1), DataType.NUMERIC)));
    assertEquals("12.5", eval(cast(lit(DataType.DOUBLE, 12.5), DataType.TEXT)));
    assertEquals("t", eval(cast(bool(true), DataType.TEXT)));
    assertEquals("ab", eval(cast(s("abc"), DataType.varchar(2))));
    assertEquals(42L, eval(cast(s(" 42 "), DataType.BIGINT)));
    assertEquals(true, eval(cast(s("yes"), DataType.BOOLEAN)));
    assertEquals(18262, eval(cast(s("2020-01-01"), DataType.DATE)));
    assertEquals(1_577_836_800_000_000L, eval(cast(s("2020-01-01"), DataType.TIMESTAMP)));
    assertEquals(1_577_836_800_000_000L, eval(cast(lit(DataType.DATE, 18262), DataType.TIMESTAMPTZ)));
    assertEquals(18262, eval(cast(lit(DataType.TIMESTAMP, 1_577_836_800_000_001L), DataType.DATE)));
    assertEquals(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        eval(cast(s("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), DataType.UUID)));
    assertEquals(1, eval(cast(bool(true), DataType.INTEGER)));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, errorOf(() -> eval(cast(s("abc"), DataType.INTEGER))));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, errorOf(() -> eval(cast(s("1.5.2"), DataType.NUMERIC))));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, errorOf(() -> eval(cast(s("maybe"), DataType.BOOLEAN))));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, errorOf(() -> eval(cast(s("2020/01/01"), DataType.DATE))));
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, errorOf(() -> eval(cast(s("not-a-uuid"), DataType.UUID))));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, errorOf(() -> eval(cast(i(40000), DataType.SMALLINT))));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        errorOf(() -> eval(cast(lit(DataType.DOUBLE, 1e20), DataType.BIGINT))));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        errorOf(() -> eval(cast(lit(DataType.NUMERIC, new BigDecimal("1000")), DataType.numeric(4, 2)))));
    assertEquals(ErrorCode.DATATYPE_MISMATCH, errorOf(() -> eval(cast(lit(DataType.DATE, 1), DataType.UUID))));
    // a cast of a column is evaluated per row
    assertEquals("7", eval(cast(col(0), DataType.TEXT), row(7L, null, null, null, null, null, null)));
    assertNull(eval(cast(col(0), DataType.TEXT), new Object[TABLE.size()]));
  }

  @Test
  void parametersAreBoundAtCompileTime() {
    Expr e = call(EQ, col(0), param(0));
    CompiledExpr bound = ExprEvaluator.compile(e, TABLE, List.of(7L));
    assertTrue(bound.test(row(7L, null, null, null, null, null, null)));
    assertFalse(bound.test(row(8L, null, null, null, null, null, null)));
    CompiledExpr typedParam = ExprEvaluator.compile(call(EQ, col(5), param(0)), TABLE,
        List.of(Literals.of(DataType.DATE, 3)));
    assertTrue(typedParam.test(row(1L, null, null, null, null, 3, null)));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, errorOf(() -> ExprEvaluator.compile(e, TABLE, List.of())));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE,
        errorOf(() -> ExprEvaluator.compile(call(EQ, col(0), param(2)), TABLE, List.of(1L))));
  }

  @Test
  void malformedTreesAreRejected() {
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, errorOf(() -> eval(call(EQ, col(99), i(1)))));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, errorOf(() -> eval(call(EQ, col(0)))));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, errorOf(() -> eval(call(NOT, bool(true), bool(false)))));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, errorOf(() -> eval(call(CAST, i(1)))));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, errorOf(() -> eval(Expr.getDefaultInstance())));
    assertEquals(ErrorCode.DATATYPE_MISMATCH, errorOf(() -> eval(call(AND, col(0), bool(true)))));
    assertEquals(ErrorCode.UNDEFINED_FUNCTION, errorOf(() -> eval(call(EQ, col(0), col(3)))));
    assertEquals(ErrorCode.UNDEFINED_FUNCTION, errorOf(() -> eval(call(PLUS, col(1), col(0)))));
  }

  @Test
  void isDistinctFromTreatsNullsAsValues() {
    Expr distinct = call(IS_DISTINCT_FROM, col(0), col(6));
    Expr same = call(IS_NOT_DISTINCT_FROM, col(0), col(6));
    assertEquals(false, eval(distinct, row(null, null, null, null, null, null, null)));
    assertEquals(true, eval(distinct, row(1L, null, null, null, null, null, null)));
    assertEquals(false, eval(distinct, row(1L, null, null, null, null, null, 1)));
    assertEquals(true, eval(same, row(null, null, null, null, null, null, null)));
    assertEquals(false, eval(same, row(2L, null, null, null, null, null, 1)));
  }

  @Test
  void evaluationAllocatesNothingPerRow() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    CompiledExpr predicate = ExprEvaluator.compile(call(AND,
        call(GT, col(0), i(5)),
        call(LIKE, col(1), s("ab%x_z")),
        call(IN, col(6), i(1), i(2), i(3)),
        call(IS_NOT_NULL, col(2)),
        call(LE, col(4), lit(DataType.DOUBLE, 10.0))), TABLE, List.of());
    Object[] r = row(10L, "abcdefxyz", "1.00", true, 2.5, 1, 3);
    int passed = 0;
    for (int n = 0; n < 20_000; n++) { // warm up
      passed += predicate.test(r) ? 1 : 0;
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int n = 0; n < 200_000; n++) {
      passed += predicate.test(r) ? 1 : 0;
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(220_000, passed);
    assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes for 200000 evaluations");
  }

  @Test
  void reportsReferencedColumnsAndFoldsConstants() {
    CompiledExpr e = ExprEvaluator.compile(
        call(AND, call(GT, col(6), i(1)), call(EQ, col(1), s("x")), call(LT, col(6), call(PLUS, i(1), i(2)))),
        TABLE, List.of());
    assertArrayEquals(new int[] {1, 6}, e.referencedColumns());
    assertEquals(DataType.BOOLEAN, e.type());
    CompiledExpr constant = ExprEvaluator.compile(call(PLUS, i(1), i(2)), TABLE, List.of());
    assertEquals(0, constant.referencedColumns().length);
    assertEquals(3, constant.evaluate(null)); // folded: never reads the row
    assertTrue(Arrays.equals(new int[0], ExprEvaluator.compile(bool(true), TABLE, List.of()).referencedColumns()));
  }
}
