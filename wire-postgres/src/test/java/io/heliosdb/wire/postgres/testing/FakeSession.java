package io.heliosdb.wire.postgres.testing;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.BulkLoader;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.CopyFormat;
import io.heliosdb.planner.api.CopyRequest;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny scripted Session for protocol tests. Statements it knows:
 * "select 1"; "select n" (rows 1..n, n an integer); "insert" (3 rows); "begin"; "commit";
 * "set tz" (changes TimeZone); "select types" (one row of many types); anything with "boom" fails
 * with 42P01; "select sleep" waits until cancelled (57014). Prepared: "select $1" echoes its parameter, "select n" as above.
 * COPY: "copy in" / "copy in csv" start COPY FROM STDIN of (id integer, v text) into {@link #loaded};
 * "copy out" / "copy out csv" copy out the rows (1, 'a\tb'), (2, NULL).
 */
public final class FakeSession implements Session {
  public final SessionOptions options;
  public final List<String> executed = new ArrayList<>();
  public final AtomicInteger cancels = new AtomicInteger();
  public final List<List<Object>> boundParameters = new ArrayList<>();
  public volatile boolean closed;
  /** Rows COPY FROM STDIN handed to the loader; cleared when the loader aborts. */
  public final List<Object[]> loaded = new ArrayList<>();
  public final AtomicInteger copyAborts = new AtomicInteger();
  private final java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
  private TransactionState state = TransactionState.IDLE;

  public FakeSession(SessionOptions options) {
    this.options = options;
  }

  @Override
  public List<String> splitStatements(String sql) {
    List<String> out = new ArrayList<>();
    for (String part : sql.split(";")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  @Override
  public StatementResult execute(String sql) {
    executed.add(sql);
    if (sql.contains("boom")) {
      if (state == TransactionState.IN_TRANSACTION) {
        state = TransactionState.FAILED;
      }
      throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"boom\" does not exist");
    }
    switch (sql) {
      case "copy in", "copy in csv":
        return StatementResult.copyIn(new CopyRequest(CopyRequest.Direction.FROM_CLIENT, "t", COPY_COLUMNS,
            sql.endsWith("csv") ? CopyFormat.CSV : CopyFormat.TEXT, new RecordingLoader()));
      case "copy out", "copy out csv":
        return StatementResult.copyOut(new CopyRequest(CopyRequest.Direction.TO_CLIENT, "t", COPY_COLUMNS,
            sql.endsWith("csv") ? new CopyFormat(true, true, ',', "", '"', '"') : CopyFormat.TEXT, null),
            ResultCursor.of(List.of(new Object[] {1, "a\tb"}, new Object[] {2, null})));
      case "select 1":
        return rows(List.of(ColumnMeta.of("?column?", DataType.INTEGER)), List.<Object[]>of(new Object[] {1}));
      case "insert":
        return StatementResult.update("INSERT", 3);
      case "select sleep":
        try {
          if (cancelled.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return series(1);
      case "begin":
        state = TransactionState.IN_TRANSACTION;
        return StatementResult.command("BEGIN");
      case "commit":
        state = TransactionState.IDLE;
        return StatementResult.command("COMMIT");
      case "set tz":
        return new StatementResult("SET", List.of(), ResultCursor.EMPTY, 0, Map.of("timezone", "Europe/Paris"));
      case "select types":
        return rows(List.of(ColumnMeta.of("b", DataType.BOOLEAN), ColumnMeta.of("t", DataType.TEXT),
            ColumnMeta.of("n", DataType.NUMERIC), ColumnMeta.of("z", DataType.TEXT)),
            List.<Object[]>of(new Object[] {true, "héllo", new java.math.BigDecimal("1.50"), null}));
      default:
        if (sql.regionMatches(true, 0, "SET ", 0, 4)) {
          return StatementResult.command("SET");
        }
        if (sql.startsWith("select ")) {
          return series(Integer.parseInt(sql.substring(7)));
        }
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + sql + "\"");
    }
  }

  private static final List<ColumnMeta> COPY_COLUMNS =
      List.of(ColumnMeta.of("id", DataType.INTEGER), ColumnMeta.of("v", DataType.TEXT));

  /** Keeps loaded rows; id 666 fails like a duplicate key. */
  private final class RecordingLoader implements BulkLoader {
    @Override
    public void add(Object[] values) {
      if (Integer.valueOf(666).equals(values[0])) {
        throw new HeliosException(ErrorCode.UNIQUE_VIOLATION, "duplicate key value violates unique constraint \"t_pkey\"");
      }
      loaded.add(values.clone());
    }

    @Override
    public long finish() {
      return loaded.size();
    }

    @Override
    public void abort() {
      loaded.clear();
      copyAborts.incrementAndGet();
    }
  }

  private static StatementResult series(int n) {
    return new StatementResult("SELECT", List.of(ColumnMeta.of("i", DataType.INTEGER)), new ResultCursor() {
      private final Object[] row = new Object[1];
      private int i;

      @Override
      public boolean next() {
        if (i >= n) {
          return false;
        }
        row[0] = ++i;
        return true;
      }

      @Override
      public Object[] row() {
        return row;
      }

      @Override
      public void close() {}
    }, 0, Map.of());
  }

  private static StatementResult rows(List<ColumnMeta> columns, List<Object[]> rows) {
    return new StatementResult("SELECT", columns, ResultCursor.of(rows), 0, Map.of());
  }

  @Override
  public PreparedStatement prepare(String sql, List<DataType> hints) {
    if (sql.contains("boom")) {
      throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"boom\" does not exist");
    }
    if (sql.equals("select $1")) {
      DataType type = hints.isEmpty() || hints.get(0) == null ? DataType.INTEGER : hints.get(0);
      return new FakePrepared(sql, List.of(type), List.of(ColumnMeta.of("v", type)), "SELECT");
    }
    if (sql.equals("insert") || sql.regionMatches(true, 0, "SET ", 0, 4)) {
      return new FakePrepared(sql, List.of(), List.of(), sql.equals("insert") ? "INSERT" : "SET");
    }
    if (sql.startsWith("select ")) {
      return new FakePrepared(sql, List.of(), List.of(ColumnMeta.of("i", DataType.INTEGER)), "SELECT");
    }
    throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error");
  }

  @Override
  public StatementResult execute(PreparedStatement statement, List<Object> parameters) {
    FakePrepared p = (FakePrepared) statement;
    boundParameters.add(Arrays.asList(parameters.toArray()));
    if (p.sql.equals("select $1")) {
      executed.add(p.sql);
      return rows(p.columns, List.<Object[]>of(new Object[] {parameters.get(0)}));
    }
    return execute(p.sql);
  }

  record FakePrepared(String sql, List<DataType> parameterTypes, List<ColumnMeta> columns, String command)
      implements PreparedStatement {
    @Override public boolean isSessionCommand() { return isCommandText(sql); }

    @Override public List<ColumnMeta> resultColumns() { return columns; }
    @Override public void close() {}
  }

  /** Its BEGIN, COMMIT and SET only change fields of this object, as HeliosSession's do for a block without writes. */
  @Override
  public boolean isSessionCommand(String sql) {
    return isCommandText(sql);
  }

  static boolean isCommandText(String sql) {
    return sql.equals("begin") || sql.equals("commit") || sql.equals("set tz") || sql.regionMatches(true, 0, "SET ", 0, 4);
  }

  @Override
  public TransactionState transactionState() {
    return state;
  }

  @Override
  public String setting(String name) {
    return null;
  }

  @Override
  public Map<String, String> reportedSettings() {
    return Map.of("TimeZone", "UTC", "application_name", options.startupSettings().getOrDefault("application_name", ""));
  }

  @Override
  public void cancel() {
    cancelled.countDown();
    cancels.incrementAndGet();
  }

  @Override
  public void close() {
    closed = true;
  }
}
