package io.heliosdb.planner.constraint;

import io.heliosdb.hidb.error.ConstraintViolation;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.catalog.SessionInfo;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import io.heliosdb.planner.exec.ScanStatsSink;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ALTER TABLE ADD CONSTRAINT on a table with rows: the constraint is in the catalog first (so new
 * writes are checked), then every existing row is checked; the caller drops the constraint again
 * when this throws.
 */
public final class ConstraintValidation {
  private static final int BATCH_ROWS = 1000;

  private ConstraintValidation() {}

  public static void validateExisting(HeliosEngine engine, Catalog catalog, TableDescriptor table,
      ConstraintDescriptor k) {
    long snapshot = engine.clock().snapshot();
    ExecutionContext ctx = new ExecutionContext(catalog, engine.scanner(), snapshot, List.of(), List.of(),
        ScanStatsSink.NONE, new AtomicBoolean(), SessionInfo.NONE, engine.clock().next());
    ConstraintEnforcer enforcer = new ConstraintEnforcer(engine);
    CheckExpression check = k.kind() == ConstraintDescriptor.Kind.CHECK
        ? CheckExpression.compile(table, k.checkExpression()) : null;
    List<Object[]> batch = new ArrayList<>();
    ScanRequest scan = new ScanRequest(table, null, ScanRequest.allColumns(table), null, List.of(), null, 0, false);
    try (RowStream s = engine.scanner().scan(catalog, scan, snapshot, ctx.txnId(), ScanStatsSink.NONE)) {
      Object[] row;
      while ((row = s.next()) != null) {
        if (check != null) {
          if (!check.passes(row)) {
            throw new ConstraintViolation(ErrorCode.CHECK_VIOLATION, "check constraint \"" + k.name()
                + "\" of relation \"" + table.name() + "\" is violated by some row", null, k.name(), 3819,
                "Check constraint '" + k.name() + "' is violated.");
          }
          continue;
        }
        batch.add(row);
        if (batch.size() == BATCH_ROWS) {
          enforcer.checkParents(ctx, table, null, batch, k);
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      enforcer.checkParents(ctx, table, Collections.nCopies(batch.size(), null), batch, k);
    }
  }
}
