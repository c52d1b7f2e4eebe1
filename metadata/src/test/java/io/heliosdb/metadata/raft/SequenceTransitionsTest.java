package io.heliosdb.metadata.raft;

import static io.heliosdb.metadata.raft.Commands.cell;
import static io.heliosdb.metadata.raft.Commands.column;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.SequenceDescriptor.Generation;
import io.heliosdb.metadata.SequenceValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceTransitionsTest {
  private CatalogState state = CatalogState.initial();

  static SequenceDescriptor seq(String name, long start, long inc, long min, long max, boolean cycle) {
    return new SequenceDescriptor(0, "public", name, DataType.BIGINT, start, inc, min, max, 1, cycle, 0, null,
        Generation.NONE);
  }

  private ApplyResult apply(CatalogCommand c) {
    ApplyResult r = CatalogTransition.apply(state, c);
    if (r instanceof ApplyResult.Accepted a) {
      state = a.state();
    } else if (r instanceof ApplyResult.Counted k) {
      state = k.state();
    }
    return r;
  }

  private SequenceValues allocate(String name, long count) {
    long id = state.catalog().sequence("public", name).orElseThrow().sequenceId();
    ApplyResult r = apply(new CatalogCommand.AllocateSequenceValues(id, count));
    return assertInstanceOf(ApplyResult.Counted.class, r, r::toString).values();
  }

  @Test
  void rangesAreConsecutiveAndDoNotBumpTheVersion() {
    apply(new CatalogCommand.CreateSequence(seq("s", 1, 1, 1, Long.MAX_VALUE, false), false));
    long version = state.catalog().version();
    assertEquals(new SequenceValues(1, 1000, 1), allocate("s", 1000));
    assertEquals(new SequenceValues(1001, 1000, 1), allocate("s", 1000));
    assertEquals(version, state.catalog().version());
  }

  @Test
  void boundsCycleAndSetval() {
    apply(new CatalogCommand.CreateSequence(seq("small", 1, 2, 1, 6, false), false));
    assertEquals(new SequenceValues(1, 3, 2), allocate("small", 10)); // 1, 3, 5
    long id = state.catalog().sequence("public", "small").orElseThrow().sequenceId();
    ApplyResult.Refused r = assertInstanceOf(ApplyResult.Refused.class,
        apply(new CatalogCommand.AllocateSequenceValues(id, 1)));
    assertEquals(ErrorCode.SEQUENCE_LIMIT_EXCEEDED, r.code());
    assertEquals("nextval: reached maximum value of sequence \"small\" (6)", r.message());
    apply(new CatalogCommand.SetSequenceValue(id, 2, true, false));
    assertEquals(new SequenceValues(4, 2, 2), allocate("small", 10));
    assertInstanceOf(ApplyResult.Refused.class, apply(new CatalogCommand.SetSequenceValue(id, 9, true, false)));

    apply(new CatalogCommand.CreateSequence(seq("down", -1, -1, -3, -1, true), false));
    assertEquals(new SequenceValues(-1, 3, -1), allocate("down", 5));
    assertEquals(new SequenceValues(-1, 2, -1), allocate("down", 2)); // wrapped to MAXVALUE
  }

  @Test
  void onlyForwardNeverMovesBack() {
    apply(new CatalogCommand.CreateSequence(seq("ai", 1, 1, 1, Long.MAX_VALUE, false), false));
    long id = state.catalog().sequence("public", "ai").orElseThrow().sequenceId();
    apply(new CatalogCommand.SetSequenceValue(id, 100, true, true));
    apply(new CatalogCommand.SetSequenceValue(id, 50, true, true));
    assertEquals(101, allocate("ai", 1).first());
  }

  @Test
  void ownedSequencesComeAndGoWithTheirTable() {
    apply(cell("c1"));
    SequenceDescriptor owned = new SequenceDescriptor(0, "public", "t_id_seq", DataType.INTEGER, 1, 1, 1,
        Integer.MAX_VALUE, 1, false, 0, "id", Generation.BY_DEFAULT);
    apply(new CatalogCommand.CreateTable("public", "t", List.of(column("id", DataType.INTEGER)), List.of(0), 2, false,
        List.of(owned)));
    Catalog c = state.catalog();
    long tableId = c.table("public", "t").orElseThrow().tableId();
    SequenceDescriptor s = c.ownedSequence(tableId, "id").orElseThrow();
    assertEquals("t_id_seq", s.name());
    assertTrue(s.sequenceId() > tableId);
    assertEquals(1, allocate("t_id_seq", 5).first());
    // survives an unrelated command, and a snapshot
    apply(new CatalogCommand.CreateSchema("other", false));
    CatalogState decoded = CatalogCodec.decodeState(CatalogCodec.encodeState(state));
    assertArrayEquals(CatalogCodec.encodeState(state), CatalogCodec.encodeState(decoded));
    state = decoded;
    assertEquals(6, allocate("t_id_seq", 5).first());
    ApplyResult.Refused taken = assertInstanceOf(ApplyResult.Refused.class,
        apply(new CatalogCommand.CreateSequence(seq("t", 1, 1, 1, 10, false), false)));
    assertEquals(ErrorCode.DUPLICATE_TABLE, taken.code());
    apply(new CatalogCommand.DropTable("public", "t", false));
    assertTrue(state.catalog().sequences().isEmpty());
    assertTrue(state.counters().isEmpty());
  }

  @Test
  void commandsRoundTripThroughTheCodec() {
    for (CatalogCommand c : List.of(new CatalogCommand.CreateSequence(seq("x", 5, 3, 1, 99, true), true),
        new CatalogCommand.DropSequence("public", "x", true), new CatalogCommand.AllocateSequenceValues(7, 1000),
        new CatalogCommand.SetSequenceValue(7, 42, false, true))) {
      assertEquals(c, CatalogCodec.decodeCommand(CatalogCodec.encodeCommand(c)));
    }
  }

  @Test
  void theRaftServiceHandsOutRanges(@TempDir Path dir) throws Exception {
    try (RaftMetadataService service = RaftMetadataService.start(MetadataConfig.embedded(dir))) {
      assertTrue(service.awaitReady(Duration.ofSeconds(10)));
      Catalog c = service.submit(new CatalogCommand.CreateSequence(seq("r", 10, 5, 1, 1000, false), false));
      long id = c.sequence("public", "r").orElseThrow().sequenceId();
      SequenceValues v = service.submitSequenceCommand(new CatalogCommand.AllocateSequenceValues(id, 3));
      assertEquals(new SequenceValues(10, 3, 5), v);
      assertEquals(25, service.submitSequenceCommand(new CatalogCommand.AllocateSequenceValues(id, 3)).first());
      assertEquals(c.version(), service.catalog().version());
      HeliosException e = org.junit.jupiter.api.Assertions.assertThrows(HeliosException.class,
          () -> service.submitSequenceCommand(new CatalogCommand.SetSequenceValue(id, 5000, true, false)));
      assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, e.code());
    }
  }
}
