package io.heliosdb.planner.constraint;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.calcite.ValueCoercion;
import io.heliosdb.planner.exec.CellWriter.Change;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import io.heliosdb.planner.exec.Txn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secondary indexes and constraints true as rows change (ADR 0011). A statement first
 * checks its new rows against CHECK constraints ({@link #checkRows}), writes its row intents, then
 * calls {@link #afterWrite}: index entries become write intents of the same transaction (unique
 * ones as INSERT, so a committed or concurrent duplicate can never commit too), foreign keys are
 * checked against the parent as the transaction sees it, and rows referencing changed parent keys
 * are refused, deleted (CASCADE) or cleared (SET NULL).
 */
public final class ConstraintEnforcer {
  private static final int MAX_CASCADE_DEPTH = 32;

  private final HeliosEngine engine;

  public ConstraintEnforcer(HeliosEngine engine) {
    this.engine = engine;
  }

  /**
   * The table as the statement's catalog knows it: a plan prepared under an older catalog must
   * still maintain indexes created since.
   */
  public static TableDescriptor current(Catalog catalog, TableDescriptor table) {
    TableDescriptor now = catalog.tables().get(table.tableId());
    return now != null && (now == table || now.columns().equals(table.columns())) ? now : table;
  }

  /** True when changes of the table need {@link #afterWrite} at all. */
  public static boolean involved(Catalog catalog, TableDescriptor table) {
    if (!table.indexes().isEmpty() || !table.constraints().isEmpty()) {
      return true;
    }
    // Every DML statement asks: look for one reference without collecting and sorting them.
    for (TableDescriptor t : catalog.tables().values()) {
      for (ConstraintDescriptor k : t.constraints()) {
        if (k.references(table.schema(), table.name())) {
          return true;
        }
      }
    }
    return false;
  }

  /** CHECK constraints of the table on rows about to be written. */
  public static void checkRows(TableDescriptor table, List<Object[]> rows) {
    for (ConstraintDescriptor k : table.constraints()) {
      if (k.kind() != ConstraintDescriptor.Kind.CHECK) {
        continue;
      }
      CheckExpression check = CheckExpression.compile(table, k.checkExpression());
      for (Object[] row : rows) {
        if (row != null && !check.passes(row)) {
          throw Violations.check(table, k, row);
        }
      }
    }
  }

  /**
   * After the statement's row intents are written: index entries, foreign key checks and actions.
   *
   * @param olds old rows (null entries for inserted rows), parallel to {@code news}
   * @param news new rows (null entries for deleted rows)
   */
  public void afterWrite(ExecutionContext ctx, Txn txn, TableDescriptor table, List<Object[]> olds,
      List<Object[]> news) {
    afterWrite(ctx, txn, table, olds, news, 0);
  }

  private void afterWrite(ExecutionContext ctx, Txn txn, TableDescriptor table, List<Object[]> olds,
      List<Object[]> news, int depth) {
    if (depth > MAX_CASCADE_DEPTH) {
      throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, "foreign key actions nested deeper than "
          + MAX_CASCADE_DEPTH + " levels");
    }
    for (IndexDescriptor index : table.indexes()) {
      maintain(ctx, txn, new IndexEntries(table, index), olds, news);
    }
    checkParents(ctx, table, olds, news, null);
    actOnReferencingRows(ctx, txn, table, olds, news, depth);
  }

  // ---------------------------------------------------------------- indexes

  private void maintain(ExecutionContext ctx, Txn txn, IndexEntries entries, List<Object[]> olds,
      List<Object[]> news) {
    IndexDescriptor index = entries.index();
    List<Change> deletes = new ArrayList<>();
    List<Change> writes = new ArrayList<>();
    Set<ByteBuffer> deleted = new HashSet<>();
    Map<ByteBuffer, Object[]> written = new LinkedHashMap<>();
    for (int i = 0; i < olds.size(); i++) {
      IndexEntries.Entry before = olds.get(i) == null ? null : entries.entryOf(olds.get(i));
      IndexEntries.Entry after = news.get(i) == null ? null : entries.entryOf(news.get(i));
      if (before != null && after != null && Arrays.equals(before.key(), after.key())
          && Arrays.equals(before.value(), after.value())) {
        continue;
      }
      if (before != null) {
        deletes.add(new Change(MutationKind.DELETE, before.key(), null));
        deleted.add(ByteBuffer.wrap(before.key()));
      }
      if (after != null) {
        writes.add(new Change(after.uniqueKey() ? MutationKind.INSERT : MutationKind.PUT, after.key(), after.value()));
        if (after.uniqueKey() && written.put(ByteBuffer.wrap(after.key()), entries.indexValues(news.get(i))) != null) {
          throw Violations.unique(entries.table(), index.name(), index.columns(), entries.indexValues(news.get(i)));
        }
      }
    }
    if (deletes.isEmpty() && writes.isEmpty()) {
      return;
    }
    if (!written.isEmpty()) {
      refuseExisting(ctx, entries, written, deleted);
    }
    List<Change> changes = new ArrayList<>(deletes);
    changes.addAll(writes);
    try {
      engine.writer().writeIntents(ctx.catalog(), entries.indexTable(), changes, txn, engine.transactions(),
          ctx.snapshotTs());
    } catch (HeliosException e) {
      if (e.code() == ErrorCode.UNIQUE_VIOLATION) {
        throw Violations.unique(entries.table(), index.name(), index.columns(), null);
      }
      throw e;
    }
  }

  /** A unique key some other row already holds, as the transaction sees the index: 23505 with the key. */
  private void refuseExisting(ExecutionContext ctx, IndexEntries entries, Map<ByteBuffer, Object[]> written,
      Set<ByteBuffer> deleted) {
    List<byte[]> probe = new ArrayList<>();
    for (ByteBuffer k : written.keySet()) {
      if (!deleted.contains(k)) {
        probe.add(k.array());
      }
    }
    if (probe.isEmpty()) {
      return;
    }
    TableDescriptor it = entries.indexTable();
    ScanRequest get = new ScanRequest(it, null, ScanRequest.allColumns(it), null, List.of(), probe, 0, false);
    try (RowStream s = engine.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
      Object[] found = s.next();
      if (found != null) {
        Object[] values = Arrays.copyOf(found, entries.index().columns().size());
        throw Violations.unique(entries.table(), entries.index().name(), entries.index().columns(), values);
      }
    }
  }

  // ---------------------------------------------------------------- foreign keys: this table as child

  /**
   * Every new or changed non-null foreign key value of the rows must exist in the parent.
   *
   * @param only when not null, checks just this constraint (ALTER TABLE ADD CONSTRAINT)
   */
  void checkParents(ExecutionContext ctx, TableDescriptor table, List<Object[]> olds, List<Object[]> news,
      ConstraintDescriptor only) {
    for (ConstraintDescriptor k : table.constraints()) {
      if (k.kind() != ConstraintDescriptor.Kind.FOREIGN_KEY || (only != null && !only.name().equals(k.name()))) {
        continue;
      }
      TableDescriptor parent = k.refSchema().equals(table.schema()) && k.refTable().equals(table.name()) ? table
          : ctx.catalog().table(k.refSchema(), k.refTable()).orElseThrow(() -> new HeliosException(
              ErrorCode.UNDEFINED_TABLE, "relation \"" + k.refTable() + "\" does not exist"));
      ParentLookup lookup = ParentLookup.of(parent, k);
      Map<ByteBuffer, Object[]> wanted = new LinkedHashMap<>();
      for (int i = 0; i < news.size(); i++) {
        Object[] row = news.get(i);
        if (row == null) {
          continue;
        }
        Object[] values = valuesOf(row, k.columns());
        if (values == null) {
          continue; // MATCH SIMPLE: a NULL in the key means no reference
        }
        Object[] old = olds == null ? null : olds.get(i);
        if (old != null && Arrays.equals(values, valuesOf(old, k.columns()))) {
          continue;
        }
        wanted.putIfAbsent(ByteBuffer.wrap(lookup.key(values)), values);
      }
      if (wanted.isEmpty()) {
        continue;
      }
      Set<ByteBuffer> found = new HashSet<>();
      List<byte[]> keys = wanted.keySet().stream().map(ByteBuffer::array).toList();
      ScanRequest get = new ScanRequest(lookup.target(), null, new int[] {0}, null, List.of(), keys, 0, false);
      try (RowStream s = engine.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        while (s.next() != null) {
          found.add(ByteBuffer.wrap(s.key()));
        }
      }
      for (Map.Entry<ByteBuffer, Object[]> w : wanted.entrySet()) {
        if (!found.contains(w.getKey())) {
          throw Violations.missingParent(table, k, w.getValue());
        }
      }
    }
  }

  /** Where a foreign key's values are looked up: the parent's primary key or a unique index. */
  private record ParentLookup(TableDescriptor target, List<DataType> keyTypes, int[] order) {
    static ParentLookup of(TableDescriptor parent, ConstraintDescriptor k) {
      List<Integer> referenced = k.refColumns().stream().map(parent::columnIndex).toList();
      List<Integer> keyColumns;
      TableDescriptor target;
      if (!parent.hasHiddenRowId() && Set.copyOf(parent.primaryKey()).equals(Set.copyOf(referenced))) {
        keyColumns = parent.primaryKey();
        target = parent;
      } else {
        IndexDescriptor index = parent.indexes().stream()
            .filter(x -> x.unique() && Set.copyOf(x.columns()).equals(Set.copyOf(referenced)))
            .findFirst().orElseThrow(() -> new HeliosException(ErrorCode.INVALID_FOREIGN_KEY,
                "there is no unique constraint matching given keys for referenced table \"" + parent.name() + "\""));
        keyColumns = index.columns();
        target = parent.indexTable(index);
      }
      List<DataType> types = new ArrayList<>();
      int[] order = new int[keyColumns.size()];
      for (int i = 0; i < order.length; i++) {
        types.add(parent.columns().get(keyColumns.get(i)).type());
        order[i] = referenced.indexOf(keyColumns.get(i));
      }
      return new ParentLookup(target, types, order);
    }

    /** Encoded lookup key of foreign key values (in the constraint's column order). */
    byte[] key(Object[] values) {
      Object[] ordered = new Object[order.length];
      for (int i = 0; i < order.length; i++) {
        ordered[i] = ValueCoercion.coerce(keyTypes.get(i), values[order[i]]);
      }
      return KeyCodec.encode(keyTypes, ordered, ordered.length);
    }
  }

  // ---------------------------------------------------------------- foreign keys: this table as parent

  /** Constraints of other tables (and self references) that point at {@code table}, in table id order. */
  static List<Map.Entry<TableDescriptor, ConstraintDescriptor>> referencing(Catalog catalog, TableDescriptor table) {
    List<Map.Entry<TableDescriptor, ConstraintDescriptor>> out = new ArrayList<>();
    catalog.tables().values().stream().sorted(Comparator.comparingLong(TableDescriptor::tableId)).forEach(t -> {
      for (ConstraintDescriptor k : t.constraints()) {
        if (k.references(table.schema(), table.name())) {
          out.add(Map.entry(t, k));
        }
      }
    });
    return out;
  }

  private void actOnReferencingRows(ExecutionContext ctx, Txn txn, TableDescriptor table, List<Object[]> olds,
      List<Object[]> news, int depth) {
    for (Map.Entry<TableDescriptor, ConstraintDescriptor> ref : referencing(ctx.catalog(), table)) {
      // the child as this statement's catalog has it (a self reference sees the same table)
      TableDescriptor child = ref.getKey().tableId() == table.tableId() ? table : ref.getKey();
      ConstraintDescriptor k = ref.getValue();
      List<Integer> referenced = k.refColumns().stream().map(table::columnIndex).toList();
      List<DataType> childTypes = k.columns().stream().map(c -> child.columns().get(c).type()).toList();
      Map<ByteBuffer, Object[]> gone = new LinkedHashMap<>();
      // ON UPDATE CASCADE: the new key values of each old key (null values = the new key has a NULL)
      Map<ByteBuffer, Object[]> replacement = new java.util.HashMap<>();
      boolean update = false;
      for (int i = 0; i < olds.size(); i++) {
        Object[] old = olds.get(i);
        if (old == null) {
          continue;
        }
        Object[] values = valuesOf(old, referenced);
        if (values == null) {
          continue;
        }
        Object[] now = news.get(i);
        if (now != null && Arrays.equals(values, valuesOf(now, referenced))) {
          continue;
        }
        update |= now != null;
        gone.put(ByteBuffer.wrap(encode(childTypes, values)), values);
        if (now != null) {
          Object[] newValues = new Object[referenced.size()];
          for (int c = 0; c < newValues.length; c++) {
            newValues[c] = now[referenced.get(c)];
          }
          replacement.put(ByteBuffer.wrap(encode(childTypes, values)), newValues);
        }
      }
      if (gone.isEmpty()) {
        continue;
      }
      // a key value some new row still holds (an UPDATE that kept it elsewhere) stays referenced legally
      for (Object[] now : news) {
        if (now != null) {
          Object[] values = valuesOf(now, referenced);
          if (values != null) {
            gone.remove(ByteBuffer.wrap(encode(childTypes, values)));
          }
        }
      }
      if (gone.isEmpty()) {
        continue;
      }
      List<Object[]> matched = new ArrayList<>();
      List<byte[]> matchedKeys = new ArrayList<>();
      List<Object[]> matchedOldKeys = new ArrayList<>();
      Object[] firstMatch = null;
      ScanRequest scan = referencingRowsRequest(ctx, child, k, gone.values());
      try (RowStream s = engine.scanner().scan(ctx.catalog(), scan, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        Object[] row;
        while ((row = s.next()) != null) {
          Object[] values = valuesOf(row, k.columns());
          if (values == null) {
            continue;
          }
          Object[] hit = gone.get(ByteBuffer.wrap(encode(childTypes, values)));
          if (hit != null) {
            firstMatch = firstMatch == null ? hit : firstMatch;
            matched.add(row);
            matchedKeys.add(s.key());
            matchedOldKeys.add(hit);
          }
        }
      }
      if (matched.isEmpty()) {
        continue;
      }
      String action = update ? k.onUpdate() : k.onDelete();
      if (update && action.equals("CASCADE")) {
        List<Object[]> newKeys = new ArrayList<>();
        for (Object[] oldKey : matchedOldKeys) {
          newKeys.add(replacement.get(ByteBuffer.wrap(encode(childTypes, oldKey))));
        }
        setColumns(ctx, txn, child, k, matched, matchedKeys, newKeys, depth);
        continue;
      }
      switch (action) {
        case "CASCADE" -> {
          List<Change> deletes = new ArrayList<>();
          matchedKeys.forEach(key -> deletes.add(new Change(MutationKind.DELETE, key, null)));
          engine.writer().writeIntents(ctx.catalog(), child, deletes, txn, engine.transactions(), ctx.snapshotTs());
          List<Object[]> none = new ArrayList<>();
          matched.forEach(r -> none.add(null));
          afterWrite(ctx, txn, child, matched, none, depth + 1);
        }
        case "SET NULL" -> setNull(ctx, txn, child, k, matched, matchedKeys, depth);
        default -> throw Violations.stillReferenced(table, child, k, firstMatch);
      }
    }
  }

  /**
   * Where to look for rows holding the old keys: through a valid index of the child whose leading
   * columns are the foreign key's (one prefix read per key, then Gets by primary key), else the
   * whole child table. The caller re-checks every row it gets, so both are exact.
   */
  private ScanRequest referencingRowsRequest(ExecutionContext ctx, TableDescriptor child, ConstraintDescriptor k,
      java.util.Collection<Object[]> keys) {
    IndexDescriptor usable = null;
    for (IndexDescriptor index : child.indexes()) {
      if (index.valid() && index.columns().size() >= k.columns().size()
          && index.columns().subList(0, k.columns().size()).equals(k.columns())) {
        usable = index;
        break;
      }
    }
    if (usable == null || child.hasHiddenRowId()) {
      return new ScanRequest(child, null, ScanRequest.allColumns(child), null, List.of(), null, 0, true);
    }
    IndexEntries entries = new IndexEntries(child, usable);
    TableDescriptor it = entries.indexTable();
    List<io.heliosdb.hidb.proto.KeyRange> ranges = new ArrayList<>();
    for (Object[] values : keys) {
      ranges.add(entries.prefixRange(values));
    }
    Set<ByteBuffer> baseKeys = new java.util.LinkedHashSet<>();
    ScanRequest read = new ScanRequest(it, null, ScanRequest.allColumns(it), null, ranges, null, 0, false);
    try (RowStream s = engine.scanner().scan(ctx.catalog(), read, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
      Object[] entry;
      while ((entry = s.next()) != null) {
        baseKeys.add(ByteBuffer.wrap(entries.baseKeyOf(entry)));
      }
    }
    return new ScanRequest(child, null, ScanRequest.allColumns(child), null, List.of(),
        baseKeys.stream().map(ByteBuffer::array).toList(), 0, false);
  }

  private void setNull(ExecutionContext ctx, Txn txn, TableDescriptor child, ConstraintDescriptor k,
      List<Object[]> matched, List<byte[]> keys, int depth) {
    setColumns(ctx, txn, child, k, matched, keys, null, depth);
  }

  /**
   * Sets the foreign key's columns of the matched child rows to NULL ({@code newKeys} null: SET NULL)
   * or to the referenced row's new key (ON UPDATE CASCADE), then checks and cascades from the child.
   */
  private void setColumns(ExecutionContext ctx, Txn txn, TableDescriptor child, ConstraintDescriptor k,
      List<Object[]> matched, List<byte[]> keys, List<Object[]> newKeys, int depth) {
    for (int c : k.columns()) {
      if (child.primaryKey().contains(c)) {
        throw HeliosException.notSupported((newKeys == null ? "SET NULL" : "ON UPDATE CASCADE")
            + " of a foreign key column that is part of the primary key");
      }
      ColumnDescriptor col = child.columns().get(c);
      if (newKeys == null && !col.nullable()) {
        throw new HeliosException(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + col.name()
            + "\" of relation \"" + child.name() + "\" violates not-null constraint");
      }
    }
    List<Object[]> news = new ArrayList<>();
    List<Change> puts = new ArrayList<>();
    List<DataType> types = child.columns().stream().map(ColumnDescriptor::type).toList();
    for (int i = 0; i < matched.size(); i++) {
      Object[] row = matched.get(i).clone();
      for (int j = 0; j < k.columns().size(); j++) {
        int c = k.columns().get(j);
        Object v = newKeys == null || newKeys.get(i) == null ? null : newKeys.get(i)[j];
        row[c] = v == null ? null : ValueCoercion.coerce(types.get(c), v);
      }
      news.add(row);
      puts.add(new Change(MutationKind.PUT, keys.get(i), RowCodec.encode(types, row)));
    }
    checkRows(child, news);
    engine.writer().writeIntents(ctx.catalog(), child, puts, txn, engine.transactions(), ctx.snapshotTs());
    afterWrite(ctx, txn, child, matched, news, depth + 1);
  }

  // ---------------------------------------------------------------- pieces

  /** The values of the columns, or null when one of them is NULL. */
  static Object[] valuesOf(Object[] row, List<Integer> columns) {
    Object[] out = new Object[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = row[columns.get(i)];
      if (out[i] == null) {
        return null;
      }
    }
    return out;
  }

  private static byte[] encode(List<DataType> types, Object[] values) {
    Object[] coerced = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      coerced[i] = ValueCoercion.coerce(types.get(i), values[i]);
    }
    return KeyCodec.encode(types, coerced, coerced.length);
  }


}
