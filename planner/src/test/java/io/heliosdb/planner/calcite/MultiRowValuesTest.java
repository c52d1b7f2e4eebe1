package io.heliosdb.planner.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

/**
 * A multi-row INSERT ... VALUES of same-shaped rows is parsed and planned from its first row
 * (MultiRowValues): the tree and the plan must be the ones Calcite makes of the whole text, and
 * every statement that is not such a run of rows must take the ordinary path.
 */
class MultiRowValuesTest {
  private static final TableDescriptor ITEMS = new TableDescriptor(7, "public", "items", 1,
      List.of(new ColumnDescriptor("id", DataType.INTEGER, false, null, false),
          new ColumnDescriptor("name", DataType.TEXT, true, null, false),
          new ColumnDescriptor("price", DataType.numeric(10, 2), true, null, false),
          new ColumnDescriptor("qty", DataType.INTEGER, true, "7", false)),
      List.of(0), 4, List.of("cell-0", "cell-1", "cell-0", "cell-1"));
  private static final Catalog CATALOG = new Catalog(3, Set.of("public"), Map.of(7L, ITEMS), Map.of(), Map.of());

  private final QueryPlanner planner = new QueryPlanner(CATALOG);

  private static String rows(String row, int n) {
    return IntStream.range(0, n).mapToObj(i -> row).collect(Collectors.joining(", "));
  }

  /** Each row's cells as the executor reads them: parameter index, or the cell's text. */
  private static List<List<String>> cells(PlannedDml plan) {
    return plan.valueRows().stream().map(row -> row.stream()
        .map(e -> QueryPlanner.parameterOf(e) >= 0 ? "?" + QueryPlanner.parameterOf(e) + ":" + e.getType()
            : e.toString() + ":" + e.getType())
        .toList()).toList();
  }

  @Test
  void aRunOfParameterRowsParsesToTheTreeOfTheWholeText() {
    String sql = "INSERT INTO items (id, name, price) VALUES " + rows("(?, ?, CAST(? AS NUMERIC(10, 2)))", 200);
    SqlNode fast = QueryPlanner.parseStatement(sql);
    SqlNode full = QueryPlanner.parse(sql);
    assertEquals(full.toString(), fast.toString());
    assertTrue(fast.equalsDeep(full, org.apache.calcite.util.Litmus.THROW));
  }

  @Test
  void theRepeatedPlanIsTheFullPlan() {
    for (String row : List.of("(?, ?, ?)", "(?, 'x', ?)", "(?, ?, ?, DEFAULT)")) {
      String columns = row.contains("DEFAULT") ? "" : " (id, name, price)";
      String sql = "INSERT INTO items" + columns + " VALUES " + rows(row, 120);
      PlannedDml fast = planner.planDml(QueryPlanner.parseStatement(sql), "public");
      PlannedDml full = planner.planDml(QueryPlanner.parse(sql), "public");
      assertNotNull(full.valueRows(), sql);
      assertEquals(120, fast.valueRows().size(), row);
      assertEquals(cells(full), cells(fast), row);
      assertEquals(full.parameterTypes(), fast.parameterTypes(), row);
      assertEquals(full.table().tableId(), fast.table().tableId());
    }
  }

  @Test
  void aRowShapeCalciteDoesNotListKeepsTheFullPlan() {
    // A NULL cell makes even the one-row VALUES a query plan: the rows are not repeated.
    String sql = "INSERT INTO items (id, name, price) VALUES " + rows("(?, NULL, CAST(? AS NUMERIC(10, 2)))", 120);
    PlannedDml fast = planner.planDml(QueryPlanner.parseStatement(sql), "public");
    assertNull(fast.valueRows());
    assertNotNull(fast.source());
    assertEquals(240, fast.parameterTypes().size());
  }

  @Test
  void rowsThatAreNotOneShapeTakeTheOrdinaryPath() {
    String base = "INSERT INTO items (id, name, price) VALUES " + rows("(?, ?, ?)", 100);
    List<String> others = List.of(
        base + ", (?, 'other', ?)",                     // a literal where the first row has a parameter
        base + ", (?, ?)",                               // another arity (a syntax error either way)
        base + " RETURNING id",                          // a clause after the rows
        base + ", (? + 1, ?, ?)",                        // an expression over a parameter
        "INSERT INTO items (id, name, price) VALUES " + rows("(1, 'a', 2)", 100),  // no parameters
        "INSERT INTO items (id, name, price) SELECT id, name, price FROM items WHERE id IN ("
            + rows("?", 100) + ")");
    for (String sql : others) {
      SqlNode parsed;
      try {
        parsed = QueryPlanner.parse(sql);
      } catch (RuntimeException syntax) {
        // the fast path must not accept what the parser refuses
        assertThrowsSame(syntax, sql);
        continue;
      }
      assertEquals(parsed.toString(), QueryPlanner.parseStatement(sql).toString(), sql);
    }
  }

  @Test
  void theOneRowPlanIsNotUsedWhenRowsDiffer() {
    String sql = "INSERT INTO items (id, name, price) VALUES (?, 'a', ?), (?, 'b', ?), (?, 'c', ?)";
    assertNull(MultiRowValues.planAsOneRow(QueryPlanner.parse(sql), node -> {
      throw new AssertionError("planned a one-row form of rows with different literals");
    }));
    PlannedDml plan = planner.planDml(QueryPlanner.parse(sql), "public");
    assertEquals(6, plan.parameterTypes().size());
  }

  private static void assertThrowsSame(RuntimeException expected, String sql) {
    try {
      QueryPlanner.parseStatement(sql);
    } catch (RuntimeException e) {
      assertEquals(expected.getMessage(), e.getMessage(), sql);
      return;
    }
    throw new AssertionError("parsed what the parser refuses: " + sql);
  }
}
