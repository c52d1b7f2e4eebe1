package io.heliosdb.planner.calcite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.exec.ScanRequest;
import io.heliosdb.planner.exec.ScanStatsSink;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The index reads (HIDB requests) plans with secondary index lookups send, field by field. */
class IndexScanRuleTest {
  private static final TableDescriptor USERS = new TableDescriptor(7, "public", "users", 1,
      List.of(new ColumnDescriptor("id", DataType.INTEGER, false, null, false),
          new ColumnDescriptor("email", DataType.TEXT, true, null, false),
          new ColumnDescriptor("age", DataType.INTEGER, true, null, false),
          new ColumnDescriptor("city", DataType.TEXT, true, null, false)),
      List.of(0), 4, List.of("cell-0", "cell-1", "cell-0", "cell-1"),
      List.of(new IndexDescriptor(8, "users_email_key", List.of(1), true, true, true),
          new IndexDescriptor(9, "users_age_city", List.of(2, 3), false, false, true),
          new IndexDescriptor(10, "users_city_building", List.of(3), false, false, false)),
      List.of());
  private static final Catalog CATALOG = new Catalog(3, Set.of("public"), Map.of(7L, USERS), Map.of(), Map.of());

  private final QueryPlanner planner = new QueryPlanner(CATALOG);

  private record Planned(PlannedQuery query, ScanRuntime runtime, ExecutionContext ctx) {}

  private Planned plan(String sql, List<Object> params) {
    PlannedQuery q = planner.planQuery(QueryPlanner.parse(sql), "public");
    ScanRuntime runtime = q.direct() != null ? q.direct().scan()
        : (ScanRuntime) q.stash().values().stream().filter(v -> v instanceof ScanRuntime).findFirst().orElseThrow();
    ExecutionContext ctx = new ExecutionContext(CATALOG, null, 1, params, q.parameterTypes(), ScanStatsSink.NONE,
        new AtomicBoolean());
    return new Planned(q, runtime, ctx);
  }

  @Test
  void equalityOnAUniqueIndexIsOnePointReadOfTheIndex() {
    Planned p = plan("SELECT id, age FROM users WHERE email = 'a@x'", List.of());
    assertTrue(p.query().explain().contains("HeliosIndexScan"), p.query().explain());
    assertTrue(p.query().explain().contains("index=[users_email_key]"), p.query().explain());
    List<ScanRequest> reads = p.runtime().indexRequests(p.ctx());
    assertEquals(1, reads.size());
    ScanRequest r = reads.get(0);
    assertEquals(8, r.table().tableId());
    assertEquals(1, r.pointKeys().size());
    assertTrue(Arrays.equals(KeyCodec.encode(List.of(DataType.TEXT), new Object[] {"a@x"}), r.pointKeys().get(0)));
    assertNull(r.predicate());
    // the full filter stays in compute above the scan
    assertTrue(p.query().explain().contains("Filter") || p.query().explain().contains("Calc"), p.query().explain());
  }

  @Test
  void parameterisedEqualityOnALeadingColumnIsAPrefixRange() {
    Planned p = plan("SELECT * FROM users WHERE age = ? AND id > 3", List.of(42));
    assertTrue(p.query().explain().contains("index=[users_age_city]"), p.query().explain());
    ScanRequest r = p.runtime().indexRequests(p.ctx()).get(0);
    assertEquals(9, r.table().tableId());
    assertNull(r.pointKeys());
    byte[] prefix = KeyCodec.encode(List.of(DataType.INTEGER), new Object[] {42});
    assertTrue(Arrays.equals(prefix, r.ranges().get(0).getStart().toByteArray()));
    assertTrue(Arrays.equals(KeyCodec.prefixEnd(prefix), r.ranges().get(0).getEnd().toByteArray()));
  }

  @Test
  void inListIsOneProbePerValueAndRangesBoundTheFirstColumn() {
    Planned in = plan("SELECT id FROM users WHERE email IN ('a', 'b', 'c')", List.of());
    assertEquals(3, in.runtime().indexRequests(in.ctx()).size());
    Planned range = plan("SELECT id FROM users WHERE age >= 18 AND age < 30", List.of());
    assertTrue(range.query().explain().contains("index=[users_age_city]"), range.query().explain());
    ScanRequest r = range.runtime().indexRequests(range.ctx()).get(0);
    assertTrue(Arrays.equals(KeyCodec.encode(List.of(DataType.INTEGER), new Object[] {18}),
        r.ranges().get(0).getStart().toByteArray()));
    assertTrue(Arrays.equals(KeyCodec.encode(List.of(DataType.INTEGER), new Object[] {30}),
        r.ranges().get(0).getEnd().toByteArray()));
    assertFalse(r.ranges().get(0).getEndInclusive());
  }

  @Test
  void primaryKeyLookupsAndIndexesStillBuildingAreNotIndexScans() {
    Planned pk = plan("SELECT * FROM users WHERE id = 5 AND email = 'x'", List.of());
    assertFalse(pk.query().explain().contains("HeliosIndexScan"), pk.query().explain());
    Planned building = plan("SELECT * FROM users WHERE city = 'Oslo'", List.of());
    assertFalse(building.query().explain().contains("HeliosIndexScan"), building.query().explain());
    assertTrue(building.runtime().indexRequests(building.ctx()).isEmpty());
  }
}
