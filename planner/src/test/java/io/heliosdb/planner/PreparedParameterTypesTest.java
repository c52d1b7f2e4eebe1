package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.PreparedStatement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter types a client declares in Parse (psycopg 3, pgjdbc) against the types the plan infers. */
class PreparedParameterTypesTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    s.execute("CREATE TABLE emp (id INT PRIMARY KEY, salary INT, name VARCHAR(20))");
    s.execute("INSERT INTO emp VALUES (1, 3000, 'a'), (2, 5000, 'b'), (3, 7000, 'c')");
  }

  @Test
  void undeclaredParametersTakeTheTypeOfTheirContext() {
    PreparedStatement ps = s.prepare("SELECT name FROM emp WHERE salary < $1 AND name <> $2", null);
    assertEquals(List.of(DataType.INTEGER.id(), DataType.VARCHAR.id()),
        ps.parameterTypes().stream().map(DataType::id).toList());
  }

  @Test
  void declaredBigintComparedWithAnIntegerColumnIsNotNarrowed() {
    PreparedStatement ps = s.prepare("SELECT COUNT(*) FROM emp WHERE salary < $1", List.of(DataType.BIGINT));
    assertEquals(List.of(DataType.BIGINT), ps.parameterTypes());
    assertEquals(List.of(List.of(3L)), rows(s.execute(ps, List.of(1_000_000_000_000L))));
    assertEquals(List.of(List.of(1L)), rows(s.execute(ps, List.of(4000L))));
  }

  @Test
  void declaredNarrowerTypeKeepsThePlanAsInferred() {
    PreparedStatement ps = s.prepare("SELECT name FROM emp WHERE id = $1", List.of(DataType.SMALLINT));
    assertEquals(List.of(List.of("b")), rows(s.execute(ps, List.of((short) 2))));
  }

  @Test
  void bareParametersAreTypedByTheirDeclarationOrAsText() {
    PreparedStatement ps = s.prepare("SELECT $1 + 1, 'x' || $2", Arrays.asList(DataType.BIGINT, null));
    assertEquals(List.of(DataType.BIGINT.id(), DataType.TEXT.id()),
        ps.parameterTypes().stream().map(DataType::id).toList());
    assertEquals(List.of(List.of(42L, "xy")), rows(s.execute(ps, List.of(41L, "y"))));
  }

  @Test
  void parametersInsertedIntoJsonColumnsAreDescribedAsJson() {
    s.execute("CREATE TABLE docs (id INT PRIMARY KEY, j JSON, b JSONB)");
    PreparedStatement ps = s.prepare("INSERT INTO docs VALUES ($1, $2, $3)", null);
    assertEquals(List.of(DataType.INTEGER.id(), DataType.JSON.id(), DataType.JSONB.id()),
        ps.parameterTypes().stream().map(DataType::id).toList());
    s.execute(ps, List.of(1, "{\"a\": 1}", "[1]"));
    assertEquals(1, rows(s.execute("SELECT id FROM docs WHERE id = 1")).size());
  }

  @Test
  void returningDescribesItsColumns() {
    var p = s.prepare("INSERT INTO emp VALUES ($1, $2, $3) RETURNING *", null);
    assertEquals(3, p.parameterTypes().size());
    assertEquals(3, p.resultColumns().size());
    assertEquals("INSERT", p.command());
  }

  @Test
  void unparsableStatementWithParametersIsASyntaxError() {
    HeliosException e = assertThrows(HeliosException.class, () -> s.prepare("SELEC $1", null));
    assertEquals(ErrorCode.SYNTAX_ERROR, e.code());
  }
}
