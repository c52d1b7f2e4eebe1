package io.heliosdb.planner.session;

import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.constraint.IndexEntries;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A unique secondary index (UNIQUE constraint or CREATE UNIQUE INDEX) as a conflict arbiter: the
 * proposed rows' index keys are read from the index's key space, then the rows they point to. The
 * index entry is written with an INSERT mutation (ADR 0011), so a concurrent insert of the same
 * value conflicts on the cells even when this snapshot does not see it.
 */
final class UniqueIndexArbiter implements ConflictArbiter {
  private final HeliosEngine engine;
  private final IndexEntries entries;

  UniqueIndexArbiter(HeliosEngine engine, TableDescriptor table, IndexDescriptor index) {
    this.engine = engine;
    this.entries = new IndexEntries(table, index);
  }

  @Override
  public String name() {
    return entries.index().name();
  }

  @Override
  public List<Integer> columns() {
    return entries.index().columns();
  }

  @Override
  public List<Existing> findConflicting(TableDescriptor table, List<Object[]> proposed, ExecutionContext ctx) {
    List<byte[]> indexKeys = new ArrayList<>(proposed.size());
    for (Object[] row : proposed) {
      IndexEntries.Entry e = entries.entryOf(row);
      indexKeys.add(e == null ? null : e.key()); // a NULL part never collides
    }
    Map<ByteBuffer, byte[]> baseKeyByIndexKey = new HashMap<>();
    List<byte[]> probes = indexKeys.stream().filter(k -> k != null).toList();
    if (!probes.isEmpty()) {
      TableDescriptor indexTable = entries.indexTable();
      ScanRequest get = new ScanRequest(indexTable, null, ScanRequest.allColumns(indexTable), null, List.of(), probes, 0, false);
      try (RowStream s = engine.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        Object[] row;
        while ((row = s.next()) != null) {
          baseKeyByIndexKey.put(ByteBuffer.wrap(s.key()), entries.baseKeyOf(row));
        }
      }
    }
    Map<ByteBuffer, Existing> baseRows = new HashMap<>();
    if (!baseKeyByIndexKey.isEmpty()) {
      List<byte[]> baseKeys = new ArrayList<>(baseKeyByIndexKey.values());
      ScanRequest get = new ScanRequest(table, null, ScanRequest.allColumns(table), null, List.of(), baseKeys, 0, false);
      try (RowStream s = engine.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        Object[] row;
        while ((row = s.next()) != null) {
          baseRows.put(ByteBuffer.wrap(s.key()), new Existing(s.key(), row.clone()));
        }
      }
    }
    List<Existing> out = new ArrayList<>(proposed.size());
    for (byte[] k : indexKeys) {
      byte[] base = k == null ? null : baseKeyByIndexKey.get(ByteBuffer.wrap(k));
      out.add(base == null ? null : baseRows.get(ByteBuffer.wrap(base)));
    }
    return out;
  }
}
