package io.heliosdb.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.ColumnMeta;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Array values written as text ({@code '{1,2}'::int[]}, {@code CAST(.. AS text[])}, {@code $1::oid[]}),
 * array functions clients use, and what is refused: array columns and element types without an
 * array-input function.
 */
class PgArrayValuesTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    s.execute("CREATE TABLE nums (id INT PRIMARY KEY, v TEXT)");
    s.execute("INSERT INTO nums VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  }

  @Test
  void textFormsCastToArrays() {
    assertEquals(List.of(List.of("{1,2,3}")), q("SELECT '{1,2,3}'::int[]"));
    assertEquals(List.of(List.of("{a,\"b c\",NULL}")), q("SELECT CAST('{a,\"b c\",NULL}' AS text[])"));
    assertEquals(List.of(List.of("{t,f}", "{1.5,-2}", "{}")), q("SELECT '{t,f}'::bool[], '{1.5,-2}'::float8[], '{}'::int8[]"));
    assertEquals(List.of(List.of(20)), q("SELECT ('{10,20}'::int[])[2]"));
  }

  @Test
  void textArraysAreDescribedAsArrayTypes() {
    List<Integer> oids = s.execute("SELECT '{1}'::int[], '{1}'::int2[], '{x}'::text[], '{t}'::bool[]").columns()
        .stream().map(ColumnMeta::pgTypeOid).toList();
    assertEquals(List.of(1007, 1005, 1009, 1000), oids);
  }

  @Test
  void anyOverATextArray() {
    assertEquals(List.of(List.of(1), List.of(3)), q("SELECT id FROM nums WHERE id = ANY('{1,3}'::int[]) ORDER BY id"));
    assertEquals(List.of(List.of(true, false)), q("SELECT 2 = ANY('{1,2}'::int[]), 5 = ANY('{1,2}'::int[])"));
  }

  @Test
  void badTextIs22P02() {
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, fails("SELECT '{1,x}'::int[]").code());
    HeliosException e = fails("SELECT '{1,2'::int[]");
    assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, e.code());
    assertEquals("malformed array literal: \"{1,2\"", e.getMessage());
  }

  @Test
  void unsupportedElementTypesAndArrayColumnsAre0A000() {
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, fails("SELECT '{2020-01-01}'::date[]").code());
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, fails("SELECT '{{1,2},{3,4}}'::int[]").code());
    HeliosException e = assertThrows(HeliosException.class,
        () -> s.execute("CREATE TABLE with_array (id INT PRIMARY KEY, tags TEXT[])"));
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, e.code());
  }

  @Test
  void recursiveCtesArePlanned() {
    // asyncpg's type introspection is a WITH RECURSIVE query over pg_type
    assertEquals(List.of(List.of(3), List.of(2), List.of(1)),
        q("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t ORDER BY n DESC"));
  }

  @Test
  void lengthOfArrays() {
    assertEquals(Arrays.asList(3, 2, null, null), q("SELECT array_length('{4,5,6}'::int[], 1), "
        + "cardinality('{4,5}'::int[]), array_length('{}'::int[], 1), array_length('{1}'::int[], 2)").get(0));
  }

  @Test
  void setConfigChangesAPlainSettingAndRefusesReportedOnes() {
    assertEquals(List.of(List.of("off", "on")), q("SELECT current_setting('jit') AS cur, set_config('jit', 'on', false) AS new"));
    assertEquals(List.of(List.of("on")), q("SELECT current_setting('jit')"));
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, fails("SELECT set_config('application_name', 'x', false)").code());
    assertEquals(ErrorCode.UNDEFINED_OBJECT, fails("SELECT set_config('no_such_setting', 'x', false)").code());
  }
}
