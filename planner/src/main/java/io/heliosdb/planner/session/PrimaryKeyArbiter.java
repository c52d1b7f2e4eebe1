package io.heliosdb.planner.session;

import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The primary key as a conflict arbiter: one batched point read of the proposed keys. */
final class PrimaryKeyArbiter implements ConflictArbiter {
  private final HeliosEngine engine;
  private final DmlExecutor dml;
  private final TableDescriptor table;

  PrimaryKeyArbiter(HeliosEngine engine, DmlExecutor dml, TableDescriptor table) {
    this.engine = engine;
    this.dml = dml;
    this.table = table;
  }

  @Override
  public String name() {
    return table.name() + "_pkey";
  }

  @Override
  public List<Integer> columns() {
    return table.primaryKey();
  }

  @Override
  public List<Existing> findConflicting(TableDescriptor t, List<Object[]> proposed, ExecutionContext ctx) {
    List<byte[]> keys = new ArrayList<>(proposed.size());
    for (Object[] row : proposed) {
      keys.add(dml.key(t, row));
    }
    Map<ByteBuffer, Existing> found = new HashMap<>();
    if (!keys.isEmpty()) {
      ScanRequest get = new ScanRequest(t, null, ScanRequest.allColumns(t), null, List.of(), keys, 0, false);
      try (RowStream s = engine.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        Object[] row;
        while ((row = s.next()) != null) {
          found.put(ByteBuffer.wrap(s.key()), new Existing(s.key(), row.clone()));
        }
      }
    }
    List<Existing> out = new ArrayList<>(proposed.size());
    for (byte[] k : keys) {
      out.add(found.get(ByteBuffer.wrap(k)));
    }
    return out;
  }
}
