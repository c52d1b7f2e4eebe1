package io.heliosdb.metadata.raft;

import static io.heliosdb.metadata.raft.Commands.cell;
import static io.heliosdb.metadata.raft.Commands.createTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexTransitionsTest {
  private CatalogState state = CatalogState.initial();

  private ApplyResult.Accepted accept(CatalogCommand command) {
    ApplyResult result = CatalogTransition.apply(state, command);
    ApplyResult.Accepted accepted = assertInstanceOf(ApplyResult.Accepted.class, result, result::toString);
    state = accepted.state();
    return accepted;
  }

  private void refuse(CatalogCommand command, ErrorCode expected) {
    ApplyResult result = CatalogTransition.apply(state, command);
    assertEquals(expected, assertInstanceOf(ApplyResult.Refused.class, result, result::toString).code());
  }

  private TableDescriptor table(String name) {
    return state.catalog().table("public", name).orElseThrow();
  }

  private static IndexDescriptor index(String name, boolean unique, int... columns) {
    return new IndexDescriptor(0, name, java.util.Arrays.stream(columns).boxed().toList(), unique, false, false);
  }

  @Test
  void indexIdsComeFromTheTableSequenceAndSurviveTheImage() {
    accept(cell("cell-0"));
    accept(createTable("t"));
    long tableId = table("t").tableId();
    ApplyResult.Accepted created = accept(new CatalogCommand.CreateIndex("public", "t", index("t_note_idx", false, 1), false));
    IndexDescriptor idx = table("t").index("t_note_idx").orElseThrow();
    assertEquals(tableId + 1, idx.indexId());
    assertFalse(idx.valid());
    assertTrue(created.affectedTableIds().contains(idx.indexId()));
    accept(new CatalogCommand.SetIndexValid("public", "t_note_idx"));
    assertTrue(table("t").index("t_note_idx").orElseThrow().valid());
    // the next table does not reuse the index's id
    accept(createTable("u"));
    assertEquals(tableId + 2, table("u").tableId());
    CatalogState decoded = CatalogCodec.decodeState(CatalogCodec.encodeState(state));
    assertEquals(state.catalog().tables(), decoded.catalog().tables());
    refuse(new CatalogCommand.CreateIndex("public", "u", index("t_note_idx", false, 1), false), ErrorCode.DUPLICATE_TABLE);
    refuse(new CatalogCommand.CreateIndex("public", "u", index("t", false, 1), false), ErrorCode.DUPLICATE_TABLE);
    assertInstanceOf(ApplyResult.Unchanged.class,
        CatalogTransition.apply(state, new CatalogCommand.CreateIndex("public", "u", index("t_note_idx", false, 1), true)));
    accept(new CatalogCommand.DropIndex("public", "t_note_idx", false));
    assertTrue(table("t").indexes().isEmpty());
    refuse(new CatalogCommand.DropIndex("public", "t_note_idx", false), ErrorCode.UNDEFINED_OBJECT);
  }

  @Test
  void foreignKeysNeedAKeyOrUniqueIndexOnTheParentAndPinIt() {
    accept(cell("cell-0"));
    accept(createTable("parent"));
    ConstraintDescriptor byNote = new ConstraintDescriptor("c_fk", ConstraintDescriptor.Kind.FOREIGN_KEY, List.of(1),
        null, "public", "parent", List.of("note"), "CASCADE", null);
    CatalogCommand.CreateTable child = createTable("child");
    CatalogCommand.CreateTable withFk = new CatalogCommand.CreateTable("public", "child", child.columns(),
        child.primaryKey(), 4, false, List.of(), List.of(byNote));
    refuse(withFk, ErrorCode.INVALID_FOREIGN_KEY);
    accept(new CatalogCommand.CreateIndex("public", "parent", index("parent_note_key", true, 1), false));
    accept(withFk);
    assertEquals(byNote, table("child").constraints().get(0));
    refuse(new CatalogCommand.DropIndex("public", "parent_note_key", false), ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
    refuse(new CatalogCommand.DropTable("public", "parent", false), ErrorCode.DEPENDENT_OBJECTS_STILL_EXIST);
    refuse(new CatalogCommand.AddConstraint("public", "child", byNote), ErrorCode.DUPLICATE_OBJECT);
    accept(new CatalogCommand.DropConstraint("public", "child", "c_fk", false));
    accept(new CatalogCommand.DropTable("public", "parent", false));
    CatalogCommand decoded = CatalogCodec.decodeCommand(CatalogCodec.encodeCommand(withFk));
    assertEquals(withFk, decoded);
  }
}
