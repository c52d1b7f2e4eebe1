package io.heliosdb.planner.session;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.api.BulkLoader;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.CopyRequest;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.exec.CellWriter.Change;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * COPY in the planner: starts copy-in (rows are loaded in batches through the same checks and
 * codecs as INSERT: {@link RowChecks}, {@link KeyCodec}, {@link RowCodec}, the cell writer with
 * its compensation) and copy-out (the rows of a SELECT over the table or of the inner query).
 *
 * <p>A COPY is one statement: when a batch fails (a duplicate key the cell reports, a bad row),
 * the batches already written are deleted again, so nothing of it is left. Memory is bounded by
 * two batches of rows plus the keys written so far (kept compactly, to undo them).
 *
 * <p>Batches are pipelined: while one is written to the cells (on a writer thread of this COPY),
 * the connection thread decodes and encodes the next, so decoding and the cells' work overlap.
 * At most one batch is in flight; its failure surfaces on the next call.
 */
final class BulkInsert implements BulkLoader {
  /** Rows per WriteBatch: large enough to amortise the WAL sync, small enough to stay cheap in memory. */
  static final int BATCH_ROWS = 4096;

  private final HeliosEngine engine;
  private final Catalog catalog;
  private final TableDescriptor table;
  private final int[] target;
  private final List<DataType> types;
  private final List<DataType> keyTypes;
  private final int[] keyColumns;
  private final List<UndoLog.Entry> transactionUndo;
  private final Runnable onFailure;
  /** Omitted columns that draw from a sequence (SERIAL, IDENTITY): index and sequence. */
  private final Map<Integer, io.heliosdb.metadata.SequenceDescriptor> generated;
  private final io.heliosdb.planner.sequence.SessionSequences sequences;
  private List<Change> batch = new ArrayList<>(BATCH_ROWS);
  /** The batch being written on the writer thread, and its pending result. */
  private List<Change> inFlightBatch;
  private Future<?> inFlight;
  private ExecutorService writerThread;
  private final KeyLog written = new KeyLog();
  private long rows;
  private boolean ended;

  private BulkInsert(HeliosEngine engine, Catalog catalog, TableDescriptor table, int[] target,
      List<UndoLog.Entry> transactionUndo, Runnable onFailure,
      Map<Integer, io.heliosdb.metadata.SequenceDescriptor> generated,
      io.heliosdb.planner.sequence.SessionSequences sequences) {
    this.engine = engine;
    this.generated = generated;
    this.sequences = sequences;
    this.catalog = catalog;
    this.table = table;
    this.target = target;
    this.transactionUndo = transactionUndo;
    this.onFailure = onFailure;
    List<DataType> all = new ArrayList<>(table.columns().size());
    table.columns().forEach(c -> all.add(c.type()));
    this.types = List.copyOf(all);
    this.keyColumns = table.primaryKey().stream().mapToInt(Integer::intValue).toArray();
    List<DataType> keys = new ArrayList<>(keyColumns.length);
    for (int k : keyColumns) {
      keys.add(table.columns().get(k).type());
    }
    this.keyTypes = List.copyOf(keys);
  }

  /**
   * Runs a COPY statement up to the point where rows flow.
   *
   * @param transactionUndo the session's undo log inside a transaction block, else null
   * @param onFailure tells the session that the COPY failed after it started (aborts a block)
   */
  static StatementResult start(HeliosSession session, String sql, List<Token> tokens,
      List<UndoLog.Entry> transactionUndo, Runnable onFailure) {
    CopyStatement copy = CopyStatement.parse(sql, tokens);
    if (!copy.from()) {
      return copyOut(session, copy);
    }
    HeliosEngine engine = session.engine();
    Catalog catalog = engine.metadata().catalog();
    String schema = copy.schema() == null ? session.schema() : copy.schema();
    TableDescriptor table = catalog.table(schema, copy.table())
        .orElseThrow(() -> new HeliosException(ErrorCode.UNDEFINED_TABLE,
            "relation \"" + (copy.schema() == null ? "" : copy.schema() + ".") + copy.table() + "\" does not exist"));
    if (!table.indexes().isEmpty() || !table.constraints().isEmpty()) {
      // COPY writes outside transactions (ADR 0006 undo); index entries and constraint checks need
      // the transactional path, so refuse rather than load rows the index would not know about.
      throw HeliosException.notSupported("COPY FROM into table \"" + table.name()
          + "\", which has secondary indexes, UNIQUE, CHECK or FOREIGN KEY constraints (use INSERT)");
    }
    int[] target = targetColumns(table, copy.columns());
    List<ColumnMeta> columns = new ArrayList<>(target.length);
    for (int index : target) {
      ColumnDescriptor c = table.columns().get(index);
      columns.add(new ColumnMeta(c.name(), c.type(), c.nullable(), table.tableId(), index + 1));
    }
    Map<Integer, io.heliosdb.metadata.SequenceDescriptor> generated = new java.util.LinkedHashMap<>();
    Set<Integer> given = new HashSet<>();
    for (int index : target) {
      given.add(index);
    }
    for (int i = 0; i < table.columns().size(); i++) {
      String dflt = table.columns().get(i).defaultExpression();
      if (!given.contains(i) && isSequenceDefault(dflt)) {
        generated.put(i, session.sequences().resolve(sequenceName(dflt)));
      }
    }
    BulkInsert loader = new BulkInsert(engine, catalog, table, target, transactionUndo, onFailure, generated,
        session.sequences());
    return StatementResult.copyIn(new CopyRequest(CopyRequest.Direction.FROM_CLIENT, copy.relation(), columns,
        copy.format(), loader));
  }

  /**
   * A loader of whole rows (every visible column, in order) into {@code table} outside any
   * transaction block: ALTER TABLE ... ADD PRIMARY KEY copies a table's rows with it.
   */
  static BulkInsert allColumns(HeliosSession session, TableDescriptor table) {
    int visible = table.hasHiddenRowId() ? table.columns().size() - 1 : table.columns().size();
    int[] target = new int[visible];
    for (int i = 0; i < visible; i++) {
      target[i] = i;
    }
    return new BulkInsert(session.engine(), session.engine().metadata().catalog(), table, target, null, () -> { },
        Map.of(), session.sequences());
  }

  private static StatementResult copyOut(HeliosSession session, CopyStatement copy) {
    String query = copy.query();
    if (query == null) {
      StringBuilder select = new StringBuilder("SELECT ");
      if (copy.columns().isEmpty()) {
        select.append('*');
      } else {
        for (int i = 0; i < copy.columns().size(); i++) {
          select.append(i == 0 ? "" : ", ").append(quote(copy.columns().get(i)));
        }
      }
      select.append(" FROM ");
      if (copy.schema() != null) {
        select.append(quote(copy.schema())).append('.');
      }
      query = select.append(quote(copy.table())).toString();
    }
    StatementResult result = session.dispatch(query, null, List.of());
    if (!result.returnsRows()) {
      throw HeliosException.notSupported("COPY (" + result.command() + ") TO STDOUT");
    }
    return StatementResult.copyOut(new CopyRequest(CopyRequest.Direction.TO_CLIENT, copy.relation(),
        result.columns(), copy.format(), null), result.rows());
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** DEFAULT nextval('name'[::regclass]) of SERIAL / IDENTITY columns, which COPY evaluates per row. */
  private static final java.util.regex.Pattern NEXTVAL =
      java.util.regex.Pattern.compile("(?i)^\\s*nextval\\(\\s*'((?:[^']|'')*)'(?:::regclass)?\\s*\\)\\s*$");

  private static boolean isSequenceDefault(String expression) {
    return expression != null && NEXTVAL.matcher(expression).matches();
  }

  private static String sequenceName(String expression) {
    java.util.regex.Matcher m = NEXTVAL.matcher(expression);
    if (!m.matches()) {
      throw new IllegalArgumentException(expression);
    }
    return m.group(1).replace("''", "'");
  }

  /**
   * Table column index per copied column; omitted columns get NULL, or the next value of their
   * sequence (SERIAL, IDENTITY); omitting a column with another DEFAULT is refused.
   */
  private static int[] targetColumns(TableDescriptor table, List<String> names) {
    int visible = table.hasHiddenRowId() ? table.columns().size() - 1 : table.columns().size();
    int[] target;
    if (names.isEmpty()) {
      target = new int[visible];
      for (int i = 0; i < visible; i++) {
        target[i] = i;
      }
      return target;
    }
    target = new int[names.size()];
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      int index = table.columnIndex(names.get(i));
      if (index < 0 || index >= visible) {
        throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + names.get(i) + "\" of relation \""
            + table.name() + "\" does not exist");
      }
      if (!seen.add(index)) {
        throw new HeliosException(ErrorCode.DUPLICATE_COLUMN, "column \"" + names.get(i)
            + "\" specified more than once");
      }
      target[i] = index;
    }
    for (int i = 0; i < visible; i++) {
      ColumnDescriptor c = table.columns().get(i);
      if (!seen.contains(i) && c.defaultExpression() != null && !isSequenceDefault(c.defaultExpression())) {
        throw HeliosException.notSupported("COPY omitting column \"" + c.name() + "\", which has a DEFAULT");
      }
    }
    return target;
  }

  @Override
  public void add(Object[] values) {
    if (ended) {
      throw new IllegalStateException("COPY already ended");
    }
    try {
      Object[] row = new Object[types.size()];
      for (int i = 0; i < target.length; i++) {
        row[target[i]] = values[i];
      }
      for (Map.Entry<Integer, io.heliosdb.metadata.SequenceDescriptor> g : generated.entrySet()) {
        row[g.getKey()] = io.heliosdb.planner.calcite.ValueCoercion.coerce(types.get(g.getKey()),
            sequences.nextval(g.getValue()));
      }
      if (table.hasHiddenRowId()) {
        row[row.length - 1] = engine.clock().next();
      }
      RowChecks.check(table, row);
      Object[] key = new Object[keyColumns.length];
      for (int i = 0; i < key.length; i++) {
        key[i] = row[keyColumns[i]];
      }
      batch.add(new Change(MutationKind.INSERT, KeyCodec.encode(keyTypes, key), RowCodec.encode(types, row)));
      rows++;
      if (batch.size() >= BATCH_ROWS) {
        writeBatch();
      }
    } catch (RuntimeException e) {
      fail();
      throw e;
    }
  }

  @Override
  public long finish() {
    if (ended) {
      throw new IllegalStateException("COPY already ended");
    }
    try {
      writeBatch();
      awaitInFlight();
      stopWriterThread();
    } catch (RuntimeException e) {
      fail();
      throw e;
    }
    ended = true;
    if (transactionUndo != null) {
      written.forEach(key -> transactionUndo.add(new UndoLog.Entry(table.tableId(),
          new Change(MutationKind.DELETE, key, null))));
    }
    return rows;
  }

  @Override
  public void abort() {
    if (!ended) {
      fail();
    }
  }

  /** Hands the full batch to the writer thread once the previous one has been written. */
  private void writeBatch() {
    if (batch.isEmpty()) {
      return;
    }
    awaitInFlight();
    List<Change> toWrite = batch;
    batch = new ArrayList<>(BATCH_ROWS);
    if (writerThread == null) {
      writerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "copy-writer-" + table.name());
        t.setDaemon(true);
        return t;
      });
    }
    inFlightBatch = toWrite;
    inFlight = writerThread.submit(() -> write(toWrite));
  }

  private void write(List<Change> changes) {
    List<Change> inverses = new ArrayList<>(changes.size());
    for (Change c : changes) {
      inverses.add(new Change(MutationKind.DELETE, c.key(), null));
    }
    // On failure the cell writer has already undone this batch on the cells that applied it.
    engine.writer().write(catalog, table, changes, inverses, engine.clock().next(), engine.clock()::next);
  }

  /** Waits for the batch in flight; on success its keys join the written ones, else its error is thrown. */
  private void awaitInFlight() {
    if (inFlight == null) {
      return;
    }
    Future<?> pending = inFlight;
    List<Change> pendingBatch = inFlightBatch;
    inFlight = null;
    inFlightBatch = null;
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        pending.get(); // the write itself is not interruptible: know its outcome before undoing
      } catch (InterruptedException | ExecutionException ignored) {
        // fall through: report the interruption
      }
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "COPY interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new HeliosException(ErrorCode.INTERNAL_ERROR, "COPY batch failed: " + e.getCause(), e.getCause());
    }
    for (Change c : pendingBatch) {
      written.add(c.key());
    }
  }

  private void stopWriterThread() {
    if (writerThread != null) {
      writerThread.shutdown();
      writerThread = null;
    }
  }

  /** Ends the COPY with nothing left behind: deletes every row of the batches already written. */
  private void fail() {
    ended = true;
    batch.clear();
    try {
      awaitInFlight();
    } catch (RuntimeException e) {
      // that batch was undone by the cell writer; the earlier ones are undone below
    }
    stopWriterThread();
    try {
      List<Change> deletes = new ArrayList<>(BATCH_ROWS);
      written.forEach(key -> {
        deletes.add(new Change(MutationKind.DELETE, key, null));
        if (deletes.size() >= BATCH_ROWS) {
          engine.writer().write(catalog, table, deletes, engine.clock().next());
          deletes.clear();
        }
      });
      engine.writer().write(catalog, table, deletes, engine.clock().next());
    } finally {
      written.clear();
      onFailure.run();
    }
  }

  /** The encoded keys written so far, packed length-prefixed into 1 MiB pages (no object per key). */
  static final class KeyLog {
    private static final int PAGE = 1 << 20;
    private final List<byte[]> pages = new ArrayList<>();
    private final List<Integer> ends = new ArrayList<>();

    void add(byte[] key) {
      int need = 4 + key.length;
      int last = pages.size() - 1;
      if (last < 0 || ends.get(last) + need > pages.get(last).length) {
        pages.add(new byte[Math.max(PAGE, need)]);
        ends.add(0);
        last++;
      }
      byte[] page = pages.get(last);
      int at = ends.get(last);
      page[at] = (byte) (key.length >>> 24);
      page[at + 1] = (byte) (key.length >>> 16);
      page[at + 2] = (byte) (key.length >>> 8);
      page[at + 3] = (byte) key.length;
      System.arraycopy(key, 0, page, at + 4, key.length);
      ends.set(last, at + need);
    }

    void forEach(java.util.function.Consumer<byte[]> action) {
      for (int p = 0; p < pages.size(); p++) {
        byte[] page = pages.get(p);
        int end = ends.get(p);
        int i = 0;
        while (i < end) {
          int n = (page[i] & 0xff) << 24 | (page[i + 1] & 0xff) << 16 | (page[i + 2] & 0xff) << 8 | (page[i + 3] & 0xff);
          action.accept(java.util.Arrays.copyOfRange(page, i + 4, i + 4 + n));
          i += 4 + n;
        }
      }
    }

    void clear() {
      pages.clear();
      ends.clear();
    }
  }
}
