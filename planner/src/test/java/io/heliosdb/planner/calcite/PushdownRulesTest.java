package io.heliosdb.planner.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.proto.AggregateFunction;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.exec.ScanRequest;
import io.heliosdb.planner.exec.ScanStatsSink;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The HIDB requests that plans send to the cells, asserted field by field (no cells needed). */
class PushdownRulesTest {
  private static final TableDescriptor ITEMS = new TableDescriptor(7, "public", "items", 1,
      List.of(new ColumnDescriptor("id", DataType.INTEGER, false, null, false),
          new ColumnDescriptor("name", DataType.TEXT, true, null, false),
          new ColumnDescriptor("price", DataType.numeric(10, 2), true, null, false),
          new ColumnDescriptor("qty", DataType.INTEGER, true, null, false)),
      List.of(0), 4, List.of("cell-0", "cell-1", "cell-0", "cell-1"));
  private static final Catalog CATALOG = new Catalog(3, Set.of("public"), Map.of(7L, ITEMS), Map.of(), Map.of());

  private final QueryPlanner planner = new QueryPlanner(CATALOG);

  private ScanRequest request(String sql, List<Object> params) {
    PlannedQuery q = planner.planQuery(QueryPlanner.parse(sql), "public");
    assertNotNull(q.direct() != null ? q.direct() : q.stash(), "plan");
    ScanRuntime runtime = q.direct() != null ? q.direct().scan()
        : (ScanRuntime) q.stash().values().stream().filter(v -> v instanceof ScanRuntime).findFirst().orElseThrow();
    ExecutionContext ctx = new ExecutionContext(CATALOG, null, 1, params, q.parameterTypes(), ScanStatsSink.NONE,
        new AtomicBoolean());
    return runtime.request(ctx, false);
  }

  private static Operator op(Expr e) {
    return e.getCall().getOp();
  }

  @Test
  void filterAndProjectionGoToTheCells() {
    ScanRequest r = request("SELECT name FROM items WHERE qty > 5 AND name LIKE 'a%'", List.of());
    assertEquals(Operator.AND, op(r.predicate()));
    Expr gt = r.predicate().getCall().getOperands(0);
    assertEquals(Operator.GT, op(gt));
    assertEquals(3, gt.getCall().getOperands(0).getColumn().getIndex());
    assertEquals(5, gt.getCall().getOperands(1).getLiteral().getIntValue());
    Expr like = r.predicate().getCall().getOperands(1);
    assertEquals(Operator.LIKE, op(like));
    assertEquals("a%", like.getCall().getOperands(1).getLiteral().getStringValue());
    assertEquals(List.of(1), java.util.Arrays.stream(r.projection()).boxed().toList());
    assertNull(r.aggregate());
    assertNull(r.pointKeys());
  }

  @Test
  void partialAggregateGoesToTheCellsAllOrNothing() {
    ScanRequest r = request("SELECT qty, COUNT(*), SUM(price), AVG(id) FROM items WHERE id BETWEEN 10 AND 20 GROUP BY qty",
        List.of());
    AggregateSpec agg = r.aggregate();
    assertNotNull(agg);
    assertEquals(List.of(3), agg.getGroupColumnsList());
    List<AggregateFunction> fns = agg.getCallsList().stream().map(c -> c.getFunction()).toList();
    assertTrue(fns.contains(AggregateFunction.COUNT_STAR), fns.toString());
    assertTrue(fns.contains(AggregateFunction.SUM), fns.toString());
    // BETWEEN arrives as two comparisons on the key column.
    assertEquals(Operator.AND, op(r.predicate()));

    PlannedQuery distinct = planner.planQuery(QueryPlanner.parse("SELECT COUNT(DISTINCT qty) FROM items"), "public");
    assertTrue(!distinct.explain().contains("aggregate=[group=[], calls=[COUNT"), distinct.explain());
  }

  @Test
  void primaryKeyEqualityIsAPointLookupWithBoundParameters() {
    ScanRequest r = request("SELECT name, qty FROM items WHERE id = ?", List.of(42));
    assertNotNull(r.pointKeys());
    assertEquals(1, r.pointKeys().size());
    // The parameter is bound into the key before the request leaves compute; a point lookup
    // sends no predicate (the key is the whole condition).
    assertTrue(java.util.Arrays.equals(
        io.heliosdb.hidb.codec.KeyCodec.encode(List.of(DataType.INTEGER), new Object[] {42}), r.pointKeys().get(0)));
    assertNull(r.predicate());
  }

  @Test
  void unsupportedConjunctsStayInCompute() {
    PlannedQuery q = planner.planQuery(QueryPlanner.parse(
        "SELECT id FROM items WHERE qty = 1 AND UPPER(name) = 'X'"), "public");
    assertTrue(q.explain().contains("filter=[=($3, 1)]"), q.explain());
    assertTrue(q.explain().contains("UPPER"), q.explain());
  }
}
