package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.calcite.PlannedQuery;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.calcite.ValueCoercion;
import io.heliosdb.planner.exec.CellWriter.Change;
import io.heliosdb.planner.exec.Txn;
import io.heliosdb.planner.sql.DmlClauses.Action;
import io.heliosdb.planner.sql.DmlClauses.Conflict;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * INSERT with conflict handling: ON CONFLICT DO NOTHING / DO UPDATE (PostgreSQL), ON DUPLICATE
 * KEY UPDATE, INSERT IGNORE and REPLACE (MySQL). Proposed rows are checked, in order, against the
 * existing rows the arbiters find (statement snapshot plus own writes) and against the rows this
 * statement already wrote; the outcome is one batch of write intents. New rows are INSERT
 * mutations, so a key another transaction wrote concurrently fails the batch (40001) instead of
 * producing a duplicate; outside a transaction block the session retries such a statement.
 */
final class InsertConflicts {
  private final HeliosEngine engine;
  private final DmlExecutor dml;

  InsertConflicts(HeliosEngine engine, DmlExecutor dml) {
    this.engine = engine;
    this.dml = dml;
  }

  /** A row of the outcome: an existing one (primaryKey set) or one this statement inserts. */
  private static final class Slot {
    final byte[] originalKey;
    /** The stored row this slot started from; null for a row the statement inserts. */
    final Object[] originalRow;
    Object[] row;
    boolean touched;
    boolean deleted;

    Slot(byte[] originalKey, Object[] row, boolean touched) {
      this.originalKey = originalKey;
      this.originalRow = originalKey == null ? null : row;
      this.row = row;
      this.touched = touched;
    }
  }

  /** What the statement did: rows counted as each dialect counts them, and MySQL warnings. */
  record Outcome(long count, int warnings) {}

  Outcome run(QueryPlanner planner, ExtendedDml x, ExecutionContext ctx, List<Object> conflictParams, Txn txn,
      List<Object[]> affected) {
    TableDescriptor table = x.base().table();
    Conflict c = x.clauses().conflict();
    List<Object[]> proposed = dml.insertRows(planner, x.base(), table, ctx);
    List<ConflictArbiter> arbiters = c.action() == Action.NOTHING || c.action() == Action.UPDATE
        ? ConflictArbiters.forTarget(engine, dml, table, c.targetColumns(), c.constraint())
        : ConflictArbiters.all(engine, dml, table);
    List<List<ConflictArbiter.Existing>> found = new ArrayList<>();
    for (ConflictArbiter a : arbiters) {
      found.add(a.findConflicting(table, proposed, ctx));
    }
    List<Map<List<Object>, Slot>> byKey = new ArrayList<>();
    for (int a = 0; a < arbiters.size(); a++) {
      byKey.add(new HashMap<>());
    }
    Map<ByteBuffer, Slot> existingSlots = new HashMap<>();
    List<Slot> slots = new ArrayList<>();
    long count = 0;
    int warnings = 0;
    for (int i = 0; i < proposed.size(); i++) {
      Object[] row = proposed.get(i);
      Slot hit = null;
      for (int a = 0; a < arbiters.size() && hit == null; a++) {
        List<Object> key = arbiters.get(a).keyOf(row);
        if (key == null) {
          continue;
        }
        Slot s = byKey.get(a).get(key);
        if (s == null && found.get(a).get(i) != null) {
          ConflictArbiter.Existing e = found.get(a).get(i);
          s = existingSlots.computeIfAbsent(ByteBuffer.wrap(e.primaryKey()), k -> {
            Slot fresh = new Slot(e.primaryKey(), e.row(), false);
            slots.add(fresh);
            register(arbiters, byKey, fresh);
            return fresh;
          });
          if (s.deleted || byKey.get(a).get(key) != s) {
            s = null; // that row was deleted or moved off this key earlier in the statement
          }
        }
        if (s != null && !s.deleted) {
          hit = s;
        }
      }
      if (hit == null) {
        Slot inserted = new Slot(null, row, true);
        slots.add(inserted);
        register(arbiters, byKey, inserted);
        count++;
        if (affected != null) {
          affected.add(row);
        }
        continue;
      }
      switch (c.action()) {
        case NOTHING -> { }
        case MYSQL_IGNORE -> warnings++;
        case UPDATE, MYSQL_UPDATE -> {
          if (c.action() == Action.UPDATE && hit.touched) {
            throw new HeliosException(ErrorCode.CARDINALITY_VIOLATION,
                "ON CONFLICT DO UPDATE command cannot affect row a second time");
          }
          Object[] updated = assign(planner, x, hit.row, row, ctx, conflictParams);
          if (updated == null) {
            continue; // DO UPDATE ... WHERE was not true
          }
          RowChecks.check(table, updated);
          boolean changed = !Arrays.equals(dml.encode(table, hit.row), dml.encode(table, updated));
          unregister(arbiters, byKey, hit);
          hit.row = updated;
          hit.touched = true;
          register(arbiters, byKey, hit);
          count += c.action() == Action.UPDATE ? 1 : changed ? 2 : 0;
          if (affected != null) {
            affected.add(updated);
          }
        }
        case MYSQL_REPLACE -> {
          // REPLACE deletes every row the new one collides with, then inserts it.
          for (int a = 0; a < arbiters.size(); a++) {
            List<Object> key = arbiters.get(a).keyOf(row);
            Slot s = key == null ? null : byKey.get(a).get(key);
            if (s != null && !s.deleted) {
              unregister(arbiters, byKey, s);
              s.deleted = true;
              count++;
            }
          }
          Slot inserted = new Slot(null, row, true);
          slots.add(inserted);
          register(arbiters, byKey, inserted);
          count++;
        }
        default -> throw new IllegalStateException(c.action().name());
      }
    }
    write(table, slots, ctx, txn);
    return new Outcome(count, warnings);
  }

  private void write(TableDescriptor table, List<Slot> slots, ExecutionContext ctx, Txn txn) {
    List<Change> deletes = new ArrayList<>();
    List<Change> puts = new ArrayList<>();
    List<Object[]> olds = new ArrayList<>();
    List<Object[]> news = new ArrayList<>();
    for (Slot s : slots) {
      if (s.originalKey == null ? !s.deleted : s.deleted || s.touched) {
        olds.add(s.originalRow);
        news.add(s.deleted ? null : s.row);
      }
      if (s.originalKey == null) {
        if (!s.deleted) {
          puts.add(new Change(MutationKind.INSERT, dml.key(table, s.row), dml.encode(table, s.row)));
        }
      } else if (s.deleted) {
        deletes.add(new Change(MutationKind.DELETE, s.originalKey, null));
      } else if (s.touched) {
        byte[] key = dml.key(table, s.row);
        if (Arrays.equals(key, s.originalKey)) {
          puts.add(new Change(MutationKind.PUT, key, dml.encode(table, s.row)));
        } else {
          deletes.add(new Change(MutationKind.DELETE, s.originalKey, null));
          puts.add(new Change(MutationKind.INSERT, key, dml.encode(table, s.row)));
        }
      }
    }
    List<Change> changes = new ArrayList<>(deletes);
    changes.addAll(puts);
    dml.write(table, changes, olds, news, ctx, txn);
  }

  private static void register(List<ConflictArbiter> arbiters, List<Map<List<Object>, Slot>> byKey, Slot s) {
    for (int a = 0; a < arbiters.size(); a++) {
      List<Object> key = arbiters.get(a).keyOf(s.row);
      if (key != null) {
        byKey.get(a).put(key, s);
      }
    }
  }

  private static void unregister(List<ConflictArbiter> arbiters, List<Map<List<Object>, Slot>> byKey, Slot s) {
    for (int a = 0; a < arbiters.size(); a++) {
      List<Object> key = arbiters.get(a).keyOf(s.row);
      if (key != null && byKey.get(a).get(key) == s) {
        byKey.get(a).remove(key);
      }
    }
  }

  /** The existing row with the DO UPDATE / ON DUPLICATE KEY UPDATE assignments applied; null when WHERE is not true. */
  private Object[] assign(QueryPlanner planner, ExtendedDml x, Object[] existing, Object[] proposed,
      ExecutionContext ctx, List<Object> conflictParams) {
    Object[] values = evaluate(planner, x.assignments(), ctx, conflictParams,
        Map.of("target", List.<Object[]>of(existing), "excluded", List.<Object[]>of(proposed))).get(0);
    if (x.hasWhere() && !Boolean.TRUE.equals(values[values.length - 1])) {
      return null;
    }
    TableDescriptor table = x.base().table();
    Object[] updated = existing.clone();
    int[] cols = x.assignedColumns();
    for (int j = 0; j < cols.length; j++) {
      updated[cols[j]] = ValueCoercion.coerce(table.columns().get(cols[j]).type(), values[j]);
    }
    return updated;
  }

  /** Runs a query over in-memory row sets (RowSets) with its own parameters. */
  static List<Object[]> evaluate(QueryPlanner planner, PlannedQuery q, ExecutionContext ctx, List<Object> params,
      Map<String, List<Object[]>> rowSets) {
    List<Object> withRows = new ArrayList<>(params);
    withRows.add(rowSets);
    ExecutionContext rowsCtx = new ExecutionContext(ctx.catalog(), ctx.scanner(), ctx.snapshotTs(), withRows,
        q.parameterTypes(), ctx.stats(), ctx.cancelFlag(), ctx.session(), ctx.txnId());
    List<Object[]> out = new ArrayList<>();
    try (ResultCursor cursor = HeliosSession.openCursor(planner, q, rowsCtx)) {
      while (cursor.next()) {
        out.add(cursor.row().clone());
      }
    }
    return out;
  }
}
