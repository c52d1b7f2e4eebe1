package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which unique constraints arbitrate an INSERT's conflicts: those named by ON CONFLICT (cols) /
 * ON CONSTRAINT name, or all of them (DO NOTHING without a target, MySQL's forms).
 *
 * <p>Besides the primary key, every valid unique secondary index is an arbiter
 * ({@link UniqueIndexArbiter}).
 */
final class ConflictArbiters {
  private ConflictArbiters() {}

  /** Every unique constraint of the table; the primary key first. */
  static List<ConflictArbiter> all(HeliosEngine engine, DmlExecutor dml, TableDescriptor table) {
    List<ConflictArbiter> out = new ArrayList<>();
    if (!table.hasHiddenRowId()) {
      out.add(new PrimaryKeyArbiter(engine, dml, table));
    }
    TableDescriptor current = io.heliosdb.planner.constraint.ConstraintEnforcer.current(
        engine.metadata().catalog(), table);
    for (io.heliosdb.metadata.IndexDescriptor index : current.indexes()) {
      if (index.unique() && index.valid()) {
        out.add(new UniqueIndexArbiter(engine, current, index));
      }
    }
    return out;
  }

  /** The arbiters for a conflict target; PostgreSQL's 42P10 when no unique constraint matches it. */
  static List<ConflictArbiter> forTarget(HeliosEngine engine, DmlExecutor dml, TableDescriptor table,
      List<String> columns, String constraint) {
    List<ConflictArbiter> all = all(engine, dml, table);
    if (constraint != null) {
      for (ConflictArbiter a : all) {
        if (a.name().equals(constraint)) {
          return List.of(a);
        }
      }
      throw new HeliosException(ErrorCode.UNDEFINED_OBJECT,
          "constraint \"" + constraint + "\" for table \"" + table.name() + "\" does not exist");
    }
    if (columns.isEmpty()) {
      return all;
    }
    Set<Integer> wanted = new HashSet<>();
    for (String c : columns) {
      int i = table.columnIndex(c);
      if (i < 0 || table.columns().get(i).hidden()) {
        throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + c + "\" does not exist");
      }
      wanted.add(i);
    }
    for (ConflictArbiter a : all) {
      if (new HashSet<>(a.columns()).equals(wanted)) {
        return List.of(a);
      }
    }
    throw new HeliosException(ErrorCode.INVALID_COLUMN_REFERENCE,
        "there is no unique or exclusion constraint matching the ON CONFLICT specification");
  }
}
