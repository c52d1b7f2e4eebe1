package io.heliosdb.planner.session;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.calcite.CalciteTypes;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.calcite.PlannedDml;
import io.heliosdb.planner.calcite.PointReadCapture;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.calcite.ValueCoercion;
import io.heliosdb.planner.constraint.ConstraintEnforcer;
import io.heliosdb.planner.constraint.Violations;
import io.heliosdb.planner.exec.CellWriter.Change;
import io.heliosdb.planner.exec.DuplicateKey;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.Txn;
import io.heliosdb.planner.exec.ScanRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rex.RexNode;

/**
 * Turns INSERT / UPDATE / DELETE plans into row changes for the cells. Old rows are re-read
 * exactly from the cells (by key, or by matching for tables without a usable key) so columns an
 * UPDATE does not assign keep their stored values bit for bit.
 */
final class DmlExecutor {
  private final HeliosEngine engine;
  private final ConstraintEnforcer constraints;

  DmlExecutor(HeliosEngine engine) {
    this.engine = engine;
    this.constraints = new ConstraintEnforcer(engine);
  }

  /** Runs the statement; its row changes become write intents of {@code txn} (ADR 0007). */
  long execute(QueryPlanner planner, PlannedDml plan, ExecutionContext ctx, Txn txn) {
    TableDescriptor table = plan.table();
    unchangedRows = 0;
    return switch (plan.kind()) {
      case "INSERT" -> insert(planner, plan, table, ctx, txn);
      default -> updateOrDelete(planner, plan, table, ctx, txn);
    };
  }

  /**
   * The column and key types of the table the session last wrote: a session repeats statements
   * on the same few tables, so they are not rebuilt per statement. Keyed by identity: a
   * descriptor is immutable and a DDL change makes a new one.
   */
  private TableDescriptor typesOf;
  private List<DataType> cachedColumnTypes;
  private List<DataType> cachedKeyTypes;

  private void cacheTypes(TableDescriptor table) {
    if (table == typesOf) {
      return;
    }
    List<DataType> types = new ArrayList<>(table.columns().size());
    table.columns().forEach(c -> types.add(c.type()));
    List<DataType> keys = new ArrayList<>(table.primaryKey().size());
    for (int k : table.primaryKey()) {
      keys.add(table.columns().get(k).type());
    }
    cachedColumnTypes = List.copyOf(types);
    cachedKeyTypes = List.copyOf(keys);
    typesOf = table;
  }

  private List<DataType> columnTypes(TableDescriptor table) {
    cacheTypes(table);
    return cachedColumnTypes;
  }

  private List<DataType> keyTypes(TableDescriptor table) {
    cacheTypes(table);
    return cachedKeyTypes;
  }

  /** A one-column key's value, reused: KeyCodec reads it and returns new bytes. */
  private final Object[] singleKey = new Object[1];

  private byte[] keyOf(TableDescriptor table, List<DataType> keyTypes, Object[] row) {
    if (table.primaryKey().size() == 1) {
      singleKey[0] = row[table.primaryKey().get(0)];
      try {
        return KeyCodec.encode(keyTypes, singleKey);
      } finally {
        singleKey[0] = null;
      }
    }
    Object[] key = new Object[table.primaryKey().size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = row[table.primaryKey().get(i)];
    }
    return KeyCodec.encode(keyTypes, key);
  }

  private int visibleColumns(TableDescriptor table) {
    return table.hasHiddenRowId() ? table.columns().size() - 1 : table.columns().size();
  }

  // ---------------------------------------------------------------- INSERT

  private long insert(QueryPlanner planner, PlannedDml plan, TableDescriptor table, ExecutionContext ctx, Txn txn) {
    List<Object[]> rows = insertRows(planner, plan, table, ctx);
    List<DataType> types = columnTypes(table);
    List<DataType> keyTypes = keyTypes(table);
    List<Change> changes = new ArrayList<>(rows.size());
    DistinctKeys seen = new DistinctKeys(rows.size());
    for (Object[] row : rows) {
      byte[] key = keyOf(table, keyTypes, row);
      if (!seen.add(key)) {
        throw Violations.unique(table, table.name() + "_pkey", "PRIMARY", table.primaryKey(),
            KeyCodec.decode(keyTypes, key));
      }
      changes.add(new Change(MutationKind.INSERT, key, RowCodec.encode(types, row)));
    }
    write(table, changes, java.util.Collections.nCopies(rows.size(), null), rows, ctx, txn);
    if (affected != null) {
      affected.addAll(rows);
    }
    return changes.size();
  }

  /**
   * Rows the last UPDATE matched but left as they were (every assigned value equal to the stored
   * one): MySQL reports only changed rows unless the client set CLIENT_FOUND_ROWS.
   */
  private long unchangedRows;

  long unchangedRows() {
    return unchangedRows;
  }

  /** Rows an INSERT / UPDATE / DELETE changed (new rows; old rows for DELETE), for RETURNING; null = not wanted. */
  private List<Object[]> affected;

  /** Runs the statement and collects the rows it changed into {@code sink} (RETURNING). */
  long execute(QueryPlanner planner, PlannedDml plan, ExecutionContext ctx, Txn txn, List<Object[]> sink) {
    affected = sink;
    try {
      return execute(planner, plan, ctx, txn);
    } finally {
      affected = null;
    }
  }

  /**
   * The full rows an INSERT proposes, checked (NOT NULL, lengths) and with generated values: the
   * hidden row id, and for MySQL AUTO_INCREMENT columns a value for NULL or 0, while an explicit
   * value moves the counter past it.
   */
  List<Object[]> insertRows(QueryPlanner planner, PlannedDml plan, TableDescriptor table, ExecutionContext ctx) {
    int visible = visibleColumns(table);
    List<DataType> types = columnTypes(table);
    List<Object[]> rows;
    if (plan.valueRows() != null) {
      rows = new ArrayList<>(plan.valueRows().size());
      int[] parameters = parametersOf(plan.valueRows(), visible);
      List<Object> values = ctx.parameters();
      int cell = 0;
      for (List<RexNode> exprs : plan.valueRows()) {
        Object[] row = new Object[types.size()];
        for (int i = 0; i < visible; i++) {
          int p = parameters[cell++];
          // a parameter cell is what literalRowValue would make of it, without looking at the RexNode again
          row[i] = p >= 0 ? ValueCoercion.coerce(types.get(i), values.get(p))
              : QueryPlanner.literalRowValue(exprs.get(i), ctx, types.get(i));
        }
        rows.add(row);
      }
    } else {
      rows = new ArrayList<>();
      try (ResultCursor cursor = HeliosSession.openCursor(planner, plan.source(), ctx)) {
        while (cursor.next()) {
          Object[] src = cursor.row();
          Object[] row = new Object[table.columns().size()];
          for (int i = 0; i < visible; i++) {
            row[i] = ValueCoercion.coerce(table.columns().get(i).type(), src[i]);
          }
          rows.add(row);
        }
      }
    }
    AutoIncrement.apply(table, rows, ctx);
    for (int r = 0; r < rows.size(); r++) {
      Object[] row = rows.get(r);
      if (table.hasHiddenRowId()) {
        row[row.length - 1] = engine.clock().next();
      }
      RowChecks.check(table, row, r + 1);
    }
    return rows;
  }

  /**
   * Per VALUES cell (row by row, visible columns), the parameter it reads or -1, for the plan the
   * session ran last: a template's INSERT runs the same cached plan statement after statement.
   */
  private List<List<RexNode>> parametersPlan;
  private int parametersVisible;
  private int[] parameters;

  private int[] parametersOf(List<List<RexNode>> valueRows, int visible) {
    if (valueRows != parametersPlan || visible != parametersVisible) {
      int[] cells = new int[valueRows.size() * visible];
      int cell = 0;
      for (List<RexNode> exprs : valueRows) {
        for (int i = 0; i < visible; i++) {
          cells[cell++] = QueryPlanner.parameterOf(exprs.get(i));
        }
      }
      parameters = cells;
      parametersPlan = valueRows;
      parametersVisible = visible;
    }
    return parameters;
  }

  /**
   * Writes row changes of one statement as intents of {@code txn}: the one place every INSERT,
   * UPDATE, DELETE and upsert writes through. {@code olds} / {@code news} are the full rows before
   * and after, position by position (null = none), for constraints and secondary indexes (ADR 0011).
   */
  void write(TableDescriptor table, List<Change> changes, List<Object[]> olds, List<Object[]> news,
      ExecutionContext ctx, Txn txn) {
    table = ConstraintEnforcer.current(ctx.catalog(), table);
    if (!table.constraints().isEmpty()) {
      List<Object[]> written = new ArrayList<>(news.size());
      for (Object[] row : news) {
        if (row != null) {
          written.add(row);
        }
      }
      ConstraintEnforcer.checkRows(table, written);
    }
    boolean involved = ConstraintEnforcer.involved(ctx.catalog(), table);
    try {
      // Nothing follows the write unless constraints or indexes are involved: then it may commit (ADR 0027).
      engine.writer().writeIntents(ctx.catalog(), table, changes, txn, engine.transactions(), ctx.snapshotTs(),
          !involved);
    } catch (DuplicateKey d) {
      if (table.hasHiddenRowId()) {
        throw d;
      }
      throw Violations.unique(table, table.name() + "_pkey", "PRIMARY", table.primaryKey(),
          KeyCodec.decode(keyTypes(table), d.key()));
    }
    if (involved) {
      constraints.afterWrite(ctx, txn, table, olds, news);
    }
  }

  /** The encoded primary key of a full row. */
  byte[] key(TableDescriptor table, Object[] row) {
    return keyOf(table, keyTypes(table), row);
  }

  /** The encoded full row. */
  byte[] encode(TableDescriptor table, Object[] row) {
    return RowCodec.encode(columnTypes(table), row);
  }

  // ---------------------------------------------------------------- UPDATE / DELETE

  /** An old row as stored, with its key, and (for UPDATE) the new values of the assigned columns. */
  private record Target(byte[] key, Object[] oldRow, Object[] assigned) {}

  private long updateOrDelete(QueryPlanner planner, PlannedDml plan, TableDescriptor table, ExecutionContext ctx,
      Txn txn) {
    int visible = visibleColumns(table);
    boolean update = plan.kind().equals("UPDATE");
    List<Object[]> sourceRows = new ArrayList<>();
    boolean keyed = usableKey(table);
    PointReadCapture read = keyed ? new PointReadCapture(table.tableId()) : null;
    try (ResultCursor cursor = HeliosSession.openCursor(planner, plan.source(), keyed ? ctx.capturing(read) : ctx)) {
      while (cursor.next()) {
        sourceRows.add(cursor.row().clone());
      }
    }
    if (sourceRows.isEmpty()) {
      return 0;
    }
    List<Target> targets = keyed ? byKey(table, sourceRows, visible, update, ctx, read)
        : byMatching(table, sourceRows, visible, update, ctx);
    List<DataType> types = columnTypes(table);
    List<DataType> keyTypes = keyTypes(table);
    // Deletes of moved keys go first so a key can move onto one another row just left.
    List<Change> deletes = new ArrayList<>();
    List<Change> puts = new ArrayList<>();
    Set<ByteBuffer> oldKeys = new HashSet<>();
    for (Target t : targets) {
      oldKeys.add(ByteBuffer.wrap(t.key()));
    }
    List<byte[]> movedKeys = new ArrayList<>();
    List<Object[]> olds = new ArrayList<>(targets.size());
    List<Object[]> news = new ArrayList<>(targets.size());
    for (Target t : targets) {
      olds.add(t.oldRow());
      news.add(null);
      if (!update) {
        deletes.add(new Change(MutationKind.DELETE, t.key(), null));
        continue;
      }
      Object[] newRow = t.oldRow().clone();
      int[] cols = plan.updateColumns();
      for (int j = 0; j < cols.length; j++) {
        newRow[cols[j]] = ValueCoercion.coerce(table.columns().get(cols[j]).type(), t.assigned()[j]);
      }
      RowChecks.check(table, newRow);
      news.set(news.size() - 1, newRow);
      byte[] newKey = keyOf(table, keyTypes, newRow);
      byte[] encoded = RowCodec.encode(types, newRow);
      if (Arrays.equals(encoded, RowCodec.encode(types, t.oldRow()))) {
        unchangedRows++;
      }
      if (Arrays.equals(newKey, t.key())) {
        puts.add(new Change(MutationKind.PUT, newKey, encoded));
      } else {
        deletes.add(new Change(MutationKind.DELETE, t.key(), null));
        puts.add(new Change(MutationKind.PUT, newKey, encoded));
        if (!oldKeys.contains(ByteBuffer.wrap(newKey))) {
          movedKeys.add(newKey);
        }
      }
    }
    List<Change> changes = new ArrayList<>(deletes);
    changes.addAll(puts);
    if (!movedKeys.isEmpty()) {
      // A changed primary key must not land on another live row.
      int[] all = ScanRequest.allColumns(table);
      ScanRequest probe = new ScanRequest(table, null, all, null, List.of(), movedKeys, 0, false);
      try (RowStream s = engine.scanner().scan(ctx.catalog(), probe, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        Object[] holder = s.next();
        if (holder != null) {
          Object[] key = new Object[table.primaryKey().size()];
          for (int k = 0; k < key.length; k++) {
            key[k] = holder[table.primaryKey().get(k)];
          }
          throw Violations.unique(table, table.name() + "_pkey", "PRIMARY", table.primaryKey(), key);
        }
      }
    }
    write(table, changes, olds, news, ctx, txn);
    if (affected != null) {
      for (int i = 0; i < targets.size(); i++) {
        affected.add(update ? news.get(i) : olds.get(i));
      }
    }
    return targets.size();
  }

  /** A primary key whose values survive Calcite's runtime exactly (no time types, which lose micros). */
  private static boolean usableKey(TableDescriptor table) {
    if (table.hasHiddenRowId()) {
      return false;
    }
    for (int k : table.primaryKey()) {
      if (CalciteTypes.isTimeLike(table.columns().get(k).type().id())) {
        return false;
      }
    }
    return true;
  }

  private List<Target> byKey(TableDescriptor table, List<Object[]> sourceRows, int visible, boolean update,
      ExecutionContext ctx, PointReadCapture read) {
    List<DataType> keyTypes = keyTypes(table);
    Map<ByteBuffer, Object[]> assignedByKey = new HashMap<>();
    List<byte[]> keys = new ArrayList<>();
    for (Object[] src : sourceRows) {
      Object[] row = new Object[table.columns().size()];
      for (int k : table.primaryKey()) {
        row[k] = ValueCoercion.coerce(table.columns().get(k).type(), src[k]);
      }
      byte[] key = keyOf(table, keyTypes, row);
      ByteBuffer k = ByteBuffer.wrap(key);
      if (!assignedByKey.containsKey(k)) {
        keys.add(key);
      }
      assignedByKey.put(k, update ? Arrays.copyOfRange(src, visible, src.length) : null);
    }
    List<Target> targets = new ArrayList<>();
    if (keys.size() == 1) {
      // One row by primary key (TPC-B's UPDATEs): the source plan has just read it as stored.
      Object[] stored = read.row(keys.get(0));
      if (stored != null) {
        targets.add(new Target(keys.get(0), stored, assignedByKey.get(ByteBuffer.wrap(keys.get(0)))));
        return targets;
      }
    }
    ScanRequest get = new ScanRequest(table, null, ScanRequest.allColumns(table), null, List.of(), keys, 0, false);
    try (RowStream s = engine.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
      Object[] row;
      while ((row = s.next()) != null) {
        targets.add(new Target(s.key(), row, assignedByKey.get(ByteBuffer.wrap(s.key()))));
      }
    }
    return targets;
  }

  /**
   * Tables without a usable key: rows the statement selected are found again by their visible
   * values. Rows with equal visible values are indistinguishable to the statement's WHERE, so
   * each matching stored row is changed once per selected copy.
   */
  private List<Target> byMatching(TableDescriptor table, List<Object[]> sourceRows, int visible, boolean update,
      ExecutionContext ctx) {
    Map<List<Object>, List<Object[]>> wanted = new HashMap<>();
    for (Object[] src : sourceRows) {
      List<Object> match = matchKey(table, src, visible, false);
      wanted.computeIfAbsent(match, k -> new ArrayList<>())
          .add(update ? Arrays.copyOfRange(src, visible, src.length) : new Object[0]);
    }
    List<Target> targets = new ArrayList<>();
    ScanRequest all = new ScanRequest(table, null, ScanRequest.allColumns(table), null, List.of(), null, 0, true);
    try (RowStream s = engine.scanner().scan(ctx.catalog(), all, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
      Object[] row;
      while ((row = s.next()) != null) {
        List<Object[]> pending = wanted.get(matchKey(table, row, visible, true));
        if (pending != null && !pending.isEmpty()) {
          targets.add(new Target(s.key(), row, pending.remove(pending.size() - 1)));
        }
      }
    }
    return targets;
  }

  /** Visible values normalised the way Calcite's runtime sees them, comparable with equals(). */
  private static List<Object> matchKey(TableDescriptor table, Object[] row, int visible, boolean stored) {
    List<Object> out = new ArrayList<>(visible);
    for (int i = 0; i < visible; i++) {
      DataType t = table.columns().get(i).type();
      Object v = row[i];
      if (stored && v != null) {
        v = CalciteTypes.fromCalcite(t, CalciteTypes.toCalcite(t, v));
      } else if (v != null) {
        v = ValueCoercion.coerce(t, v);
      }
      if (v instanceof byte[] b) {
        v = ByteBuffer.wrap(b);
      } else if (v instanceof float[] f) {
        v = Arrays.toString(f);
      } else if (v instanceof java.math.BigDecimal d) {
        v = d.stripTrailingZeros();
      }
      out.add(v);
    }
    return out;
  }
}
