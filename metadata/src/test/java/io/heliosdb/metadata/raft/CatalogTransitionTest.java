package io.heliosdb.metadata.raft;

import static io.heliosdb.metadata.raft.Commands.cell;
import static io.heliosdb.metadata.raft.Commands.createTable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTransitionTest {

  private CatalogState state = CatalogState.initial();

  private ApplyResult.Accepted accept(CatalogCommand command) {
    ApplyResult result = CatalogTransition.apply(state, command);
    ApplyResult.Accepted accepted = assertInstanceOf(ApplyResult.Accepted.class, result, () -> result.toString());
    assertEquals(state.catalog().version() + 1, accepted.state().catalog().version());
    state = accepted.state();
    return accepted;
  }

  private void refuse(CatalogCommand command, ErrorCode expected) {
    byte[] before = CatalogCodec.encodeState(state);
    ApplyResult result = CatalogTransition.apply(state, command);
    ApplyResult.Refused refused = assertInstanceOf(ApplyResult.Refused.class, result, () -> result.toString());
    assertEquals(expected, refused.code(), refused.message());
    assertArrayEquals(before, CatalogCodec.encodeState(state));
  }

  private void unchanged(CatalogCommand command) {
    assertInstanceOf(ApplyResult.Unchanged.class, CatalogTransition.apply(state, command));
  }

  @Test
  void startsWithPublicSchemaAtVersionZero() {
    assertEquals(0, state.catalog().version());
    assertEquals(java.util.Set.of("public"), state.catalog().schemas());
    assertTrue(state.catalog().tables().isEmpty());
  }

  @Test
  void createTableNeedsARegisteredCell() {
    refuse(createTable("t"), ErrorCode.UNAVAILABLE);
  }

  @Test
  void createTableSpreadsShardsRoundRobinInSortedCellOrder() {
    accept(cell("cell-b"));
    accept(cell("cell-c"));
    ApplyResult.Accepted registered = accept(cell("cell-a"));
    assertTrue(registered.shardMapChanged());

    ApplyResult.Accepted created = accept(createTable("public", "t", 5, List.of(0)));
    TableDescriptor t = state.catalog().table("public", "t").orElseThrow();
    assertEquals(List.of("cell-a", "cell-b", "cell-c", "cell-a", "cell-b"), t.shardToCell());
    assertEquals(1, t.tableId());
    assertEquals(1, t.schemaVersion());
    assertEquals(5, t.virtualShards());
    assertEquals(List.of(t.tableId()), created.affectedTableIds());
    assertFalse(t.columns().get(0).nullable(), "key columns become NOT NULL");
    assertTrue(t.columns().get(1).nullable());
    assertEquals("'x'", t.columns().get(1).defaultExpression());
    assertFalse(t.hasHiddenRowId());
  }

  @Test
  void tableWithoutPrimaryKeyGetsHiddenRowIdKey() {
    accept(cell("c0"));
    accept(createTable("public", "heap", 2, List.of()));
    TableDescriptor t = state.catalog().table("public", "heap").orElseThrow();
    assertEquals(3, t.columns().size());
    assertEquals(new ColumnDescriptor("_rowid", DataType.BIGINT, false, null, true), t.columns().get(2));
    assertEquals(List.of(2), t.primaryKey());
    assertTrue(t.hasHiddenRowId());
  }

  @Test
  void duplicateAndMissingTables() {
    accept(cell("c0"));
    accept(createTable("t"));
    refuse(createTable("t"), ErrorCode.DUPLICATE_TABLE);
    unchanged(new CatalogCommand.CreateTable("public", "t", List.of(), List.of(), 1, true));
    refuse(new CatalogCommand.DropTable("public", "nope", false), ErrorCode.UNDEFINED_TABLE);
    unchanged(new CatalogCommand.DropTable("public", "nope", true));
    refuse(new CatalogCommand.DropTable("nosuch", "t", false), ErrorCode.UNDEFINED_SCHEMA);
    refuse(createTable("nosuch", "t", 1, List.of(0)), ErrorCode.UNDEFINED_SCHEMA);
  }

  @Test
  void tableIdsAreNeverReused() {
    accept(cell("c0"));
    accept(createTable("a"));
    accept(createTable("b"));
    ApplyResult.Accepted dropped = accept(new CatalogCommand.DropTable("public", "b", false));
    assertEquals(List.of(2L), dropped.affectedTableIds());
    accept(createTable("b"));
    assertEquals(3, state.catalog().table("public", "b").orElseThrow().tableId());
    assertEquals(4, state.nextTableId());
  }

  @Test
  void schemasCreateDropAndCascade() {
    accept(cell("c0"));
    accept(new CatalogCommand.CreateSchema("s", false));
    refuse(new CatalogCommand.CreateSchema("s", false), ErrorCode.DUPLICATE_SCHEMA);
    unchanged(new CatalogCommand.CreateSchema("s", true));
    accept(createTable("s", "t1", 1, List.of(0)));
    accept(createTable("s", "t2", 1, List.of(0)));
    accept(createTable("public", "keep", 1, List.of(0)));
    refuse(new CatalogCommand.DropSchema("s", false, false), ErrorCode.FEATURE_NOT_SUPPORTED);
    ApplyResult.Accepted dropped = accept(new CatalogCommand.DropSchema("s", false, true));
    assertEquals(List.of(1L, 2L), dropped.affectedTableIds());
    assertEquals(java.util.Set.of("public"), state.catalog().schemas());
    assertEquals(1, state.catalog().tables().size());
    refuse(new CatalogCommand.DropSchema("s", false, false), ErrorCode.UNDEFINED_SCHEMA);
    unchanged(new CatalogCommand.DropSchema("s", true, false));
  }

  @Test
  void refusesMalformedTables() {
    accept(cell("c0"));
    refuse(createTable("public", "t", 0, List.of(0)), ErrorCode.INVALID_PARAMETER_VALUE);
    refuse(createTable("public", "t", 1, List.of(7)), ErrorCode.INVALID_PARAMETER_VALUE);
    refuse(new CatalogCommand.CreateTable("public", "t",
        List.of(Commands.column("a", DataType.INTEGER), Commands.column("a", DataType.TEXT)), List.of(), 1, false),
        ErrorCode.DUPLICATE_COLUMN);
    refuse(new CatalogCommand.CreateTable("public", "t",
        List.of(Commands.column("_rowid", DataType.INTEGER)), List.of(), 1, false), ErrorCode.DUPLICATE_COLUMN);
  }

  @Test
  void reRegisteringACellMovesItsAddressAndKeepsTheShardMap() {
    accept(cell("c0"));
    accept(createTable("t"));
    unchanged(cell("c0"));
    accept(new CatalogCommand.RegisterCell("c0", "10.0.0.1:7000"));
    assertEquals("10.0.0.1:7000", state.catalog().cells().get("c0").address());
    assertEquals(List.of("c0", "c0", "c0", "c0"), state.catalog().table("public", "t").orElseThrow().shardToCell());
  }

  @Test
  void putUserReplacesByName() {
    accept(Commands.user("alice"));
    accept(Commands.user("alice"));
    assertEquals(1, state.catalog().users().size());
    assertEquals(4096, state.catalog().user("alice").orElseThrow().scramIterations());
    assertEquals(2, state.catalog().version());
  }
}
