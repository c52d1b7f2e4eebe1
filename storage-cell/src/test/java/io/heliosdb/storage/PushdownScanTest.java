package io.heliosdb.storage;

import static io.heliosdb.storage.Exprs.call;
import static io.heliosdb.storage.Exprs.column;
import static io.heliosdb.storage.Exprs.literal;
import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.AggregateCall;
import io.heliosdb.hidb.proto.AggregateFunction;
import io.heliosdb.hidb.proto.AggregateSpec;
import io.heliosdb.hidb.proto.FilteredResultSet;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.proto.PredicatePushdownRequest;
import io.heliosdb.hidb.proto.RequestHeader;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.storage.engine.TestTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushdownScanTest {
  private static final List<Integer> ALL_SHARDS = List.of(0, 1, 2, 3);

  @TempDir Path dir;
  private CellHarness harness;

  @BeforeEach
  void open() {
    harness = CellHarness.open("scan-cell", dir);
    harness.createTable(TestTables.layout(), ALL_SHARDS);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  private static PredicatePushdownRequest.Builder scan() {
    return PredicatePushdownRequest.newBuilder().setHeader(HidbProtocol.header()).setTableId(TestTables.TABLE_ID);
  }

  /** Writes rows id = 0..count-1, name "n" + (id % 3), qty = id, at commit_ts 10. */
  private void load(int count) {
    List<Mutation> mutations = new ArrayList<>();
    for (long id = 0; id < count; id++) {
      mutations.add(mutation(MutationKind.INSERT, id, "n" + (id % 3), (int) id));
    }
    assertEquals(StatusCode.OK, harness.write(batch(10, mutations.toArray(Mutation[]::new))).getStatus().getCode());
  }

  private static List<Object[]> rows(List<FilteredResultSet> messages) {
    List<DataType> types = messages.get(0).getOutputTypesList().stream().map(DataType::fromSpec).toList();
    List<Object[]> out = new ArrayList<>();
    for (FilteredResultSet m : messages) {
      m.getRowsList().forEach(r -> out.add(RowCodec.decode(types, r.toByteArray())));
    }
    return out;
  }

  private static List<Long> ids(List<FilteredResultSet> messages) {
    return rows(messages).stream().map(r -> (Long) r[0]).sorted().toList();
  }

  private static FilteredResultSet lastOk(List<FilteredResultSet> messages) {
    FilteredResultSet last = messages.get(messages.size() - 1);
    assertEquals(StatusCode.OK, last.getStatus().getCode(), last.getStatus().getMessage());
    assertTrue(last.getLast());
    for (int i = 0; i < messages.size() - 1; i++) {
      assertTrue(!messages.get(i).getLast(), "only the final message is last");
    }
    return last;
  }

  @Test
  void snapshotsSeeTheVersionsCommittedAtOrBeforeThem() {
    harness.write(batch(10, mutation(MutationKind.INSERT, 1, "v10", 1), mutation(MutationKind.INSERT, 2, "v10", 2)));
    harness.write(batch(20, mutation(MutationKind.PUT, 1, "v20", 1), mutation(MutationKind.INSERT, 3, "v20", 3)));
    harness.write(batch(30, mutation(MutationKind.DELETE, 2, null, null)));

    assertEquals(List.of(), ids(harness.scan(scan().setSnapshotTs(5).build())));
    assertEquals(List.of(1L, 2L), ids(harness.scan(scan().setSnapshotTs(10).build())));
    List<Object[]> at25 = rows(harness.scan(scan().setSnapshotTs(25).build()));
    at25.sort(Comparator.comparing(r -> (Long) r[0]));
    assertEquals(3, at25.size());
    assertEquals("v20", at25.get(0)[1]);
    assertEquals(List.of(1L, 3L), ids(harness.scan(scan().setSnapshotTs(30).build())), "tombstone hides id 2");
    assertEquals(List.of(1L, 3L), ids(harness.scan(scan().build())), "snapshot 0 reads the latest");
  }

  @Test
  void rangesSeekWithinEachShardHonouringInclusiveness() {
    load(40);
    KeyRange range = KeyRange.newBuilder().setStart(ByteString.copyFrom(key(10))).setStartInclusive(true)
        .setEnd(ByteString.copyFrom(key(20))).setEndInclusive(false).build();
    List<FilteredResultSet> messages = harness.scan(scan().addRanges(range).build());
    assertEquals(LongStream.range(10, 20).boxed().toList(), ids(messages));
    assertEquals(10, lastOk(messages).getStats().getRowsScanned(), "the seek skipped keys outside the range");

    KeyRange exclusiveStart = range.toBuilder().setStartInclusive(false).setEndInclusive(true).build();
    assertEquals(LongStream.rangeClosed(11, 20).boxed().toList(), ids(harness.scan(scan().addRanges(exclusiveStart).build())));

    KeyRange below = KeyRange.newBuilder().setEnd(ByteString.copyFrom(key(3))).setEndInclusive(true).build();
    KeyRange above = KeyRange.newBuilder().setStart(ByteString.copyFrom(key(37))).setStartInclusive(true).build();
    assertEquals(List.of(0L, 1L, 2L, 3L, 37L, 38L, 39L),
        ids(harness.scan(scan().addRanges(below).addRanges(above).build())));

    assertEquals(List.of(4L, 8L, 12L), ids(harness.scan(scan().addShardIds(0).addRanges(
        KeyRange.newBuilder().setStart(ByteString.copyFrom(key(1))).setStartInclusive(true)
            .setEnd(ByteString.copyFrom(key(13))).build()).build())), "only shard 0 was scanned");
  }

  @Test
  void predicateAndProjectionArePushedDown() {
    load(30);
    // qty >= 20 AND name = 'n1'  ->  ids 22, 25, 28
    var predicate = call(Operator.AND, DataType.BOOLEAN,
        call(Operator.GE, DataType.BOOLEAN, column(2), literal(DataType.INTEGER, 20)),
        call(Operator.EQ, DataType.BOOLEAN, column(1), literal(DataType.TEXT, "n1")));
    List<FilteredResultSet> messages = harness.scan(scan().setPredicate(predicate).addProjection(2).addProjection(0)
        .setIncludeKeys(true).build());
    assertEquals(List.of(DataType.INTEGER.toSpec(), DataType.BIGINT.toSpec()), messages.get(0).getOutputTypesList());
    List<Object[]> rows = rows(messages);
    rows.sort(Comparator.comparing(r -> (Long) r[1]));
    assertEquals(3, rows.size());
    assertArrayEquals(new Object[] {22, 22L}, rows.get(0));
    assertArrayEquals(new Object[] {28, 28L}, rows.get(2));
    List<ByteString> keys = new ArrayList<>();
    messages.forEach(m -> keys.addAll(m.getKeysList()));
    assertEquals(3, keys.size());
    assertTrue(keys.contains(ByteString.copyFrom(key(25))));
    var stats = lastOk(messages).getStats();
    assertEquals(30, stats.getRowsScanned());
    assertEquals(3, stats.getRowsReturned());
    assertTrue(stats.getBytesReturned() < stats.getBytesScanned());
  }

  @Test
  void partialAggregatesGroupAcrossShards() {
    load(30);
    AggregateSpec spec = AggregateSpec.newBuilder().addGroupColumns(1)
        .addCalls(AggregateCall.newBuilder().setFunction(AggregateFunction.COUNT_STAR))
        .addCalls(AggregateCall.newBuilder().setFunction(AggregateFunction.SUM).setColumn(2))
        .addCalls(AggregateCall.newBuilder().setFunction(AggregateFunction.MIN).setColumn(2))
        .addCalls(AggregateCall.newBuilder().setFunction(AggregateFunction.MAX).setColumn(2))
        .build();
    List<FilteredResultSet> messages = harness.scan(scan().setAggregate(spec).build());
    lastOk(messages);
    List<Object[]> rows = rows(messages);
    rows.sort(Comparator.comparing(r -> (String) r[0]));
    assertEquals(3, rows.size(), "one partial per group, rows of all four shards merged");
    assertEquals("n0", rows.get(0)[0]);
    assertEquals(10L, ((Number) rows.get(0)[1]).longValue());
    // n1: ids 1, 4, ..., 28 -> sum 145, min 1, max 28
    assertEquals("n1", rows.get(1)[0]);
    assertEquals(145L, ((Number) rows.get(1)[2]).longValue());
    assertEquals(1, ((Number) rows.get(1)[3]).intValue());
    assertEquals(28, ((Number) rows.get(1)[4]).intValue());
  }

  @Test
  void aggregateWithoutGroupsOverNoRowsYieldsOneRow() {
    AggregateSpec spec = AggregateSpec.newBuilder()
        .addCalls(AggregateCall.newBuilder().setFunction(AggregateFunction.COUNT_STAR)).build();
    List<FilteredResultSet> messages = harness.scan(scan().setAggregate(spec).build());
    List<Object[]> rows = rows(messages);
    assertEquals(1, rows.size());
    assertEquals(0L, ((Number) rows.get(0)[0]).longValue());
  }

  @Test
  void largeResultsAreStreamedInBatches() {
    List<Mutation> mutations = new ArrayList<>();
    for (long id = 0; id < 5000; id++) {
      mutations.add(mutation(MutationKind.PUT, id, "r", (int) id));
    }
    harness.write(batch(10, mutations.toArray(Mutation[]::new)));
    List<FilteredResultSet> messages = harness.scan(scan().setBatchRows(100).build());
    assertTrue(messages.size() >= 50, "got " + messages.size() + " messages");
    messages.forEach(m -> assertTrue(m.getRowsCount() <= 100));
    assertEquals(3, messages.get(0).getOutputTypesCount());
    assertEquals(0, messages.get(1).getOutputTypesCount(), "output types only in the first batch");
    assertEquals(5000, rows(messages).size());
    assertEquals(5000, lastOk(messages).getStats().getRowsReturned());
    assertTrue(harness.cell().stats().getRowsScanned() >= 5000);
  }

  @Test
  void limitStopsTheScan() {
    load(100);
    List<FilteredResultSet> messages = harness.scan(scan().setLimit(7).setBatchRows(3).build());
    assertEquals(7, rows(messages).size());
    assertEquals(7, lastOk(messages).getStats().getRowsReturned());
    assertTrue(lastOk(messages).getStats().getRowsScanned() < 100, "the scan stopped early");
  }

  @Test
  void protocolMismatchUnknownTableAndBadRequestsAnswerWithOneFinalStatus() {
    List<FilteredResultSet> mismatch = harness.scan(scan()
        .setHeader(RequestHeader.newBuilder().setProtocolMajor(HidbProtocol.MAJOR + 1)).build());
    assertEquals(1, mismatch.size());
    assertEquals(StatusCode.PROTOCOL_VERSION_MISMATCH, mismatch.get(0).getStatus().getCode());
    assertTrue(mismatch.get(0).getLast());

    List<FilteredResultSet> unknown = harness.scan(scan().setTableId(999).build());
    assertEquals(1, unknown.size());
    assertEquals(StatusCode.UNKNOWN_TABLE, unknown.get(0).getStatus().getCode());

    List<FilteredResultSet> badColumn = harness.scan(scan().addProjection(17).build());
    assertEquals(StatusCode.INVALID_REQUEST, badColumn.get(0).getStatus().getCode());
    assertEquals("UNDEFINED_COLUMN", badColumn.get(0).getStatus().getErrorCode());

    List<FilteredResultSet> wrongShard = harness.scan(scan().addShardIds(9).build());
    assertEquals(StatusCode.WRONG_SHARD, wrongShard.get(0).getStatus().getCode());

    List<FilteredResultSet> stale = harness.scan(scan().setSchemaVersion(99).build());
    assertEquals(StatusCode.STALE_SCHEMA, stale.get(0).getStatus().getCode());
  }

  @Test
  void evaluationErrorsEndTheStreamWithTheirErrorCode() {
    load(10);
    // 100 / (qty - 5) > 0 divides by zero at id 5
    var predicate = call(Operator.GT, DataType.BOOLEAN,
        call(Operator.DIVIDE, DataType.INTEGER, literal(DataType.INTEGER, 100),
            call(Operator.MINUS, DataType.INTEGER, column(2), literal(DataType.INTEGER, 5))),
        literal(DataType.INTEGER, 0));
    List<FilteredResultSet> messages = harness.scan(scan().setPredicate(predicate).build());
    FilteredResultSet last = messages.get(messages.size() - 1);
    assertTrue(last.getLast());
    assertEquals(StatusCode.EVALUATION_ERROR, last.getStatus().getCode());
    assertEquals("DIVISION_BY_ZERO", last.getStatus().getErrorCode());
  }

  @Test
  void droppedTableIsGoneAndCanBeCreatedAgainEmpty() {
    load(20);
    harness.stub().dropTableShards(io.heliosdb.hidb.proto.DropTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header()).setTableId(TestTables.TABLE_ID).build());
    assertEquals(StatusCode.UNKNOWN_TABLE, harness.scan(scan().build()).get(0).getStatus().getCode());
    assertEquals(StatusCode.UNKNOWN_TABLE,
        harness.write(batch(30, mutation(MutationKind.PUT, 1, "x", 1))).getStatus().getCode());
    harness.createTable(TestTables.layout(), ALL_SHARDS);
    assertEquals(List.of(), ids(harness.scan(scan().build())));
  }
}
