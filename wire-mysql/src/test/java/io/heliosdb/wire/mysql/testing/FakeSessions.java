package io.heliosdb.wire.mysql.testing;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.ProtocolMetrics;
import io.heliosdb.wire.core.auth.CredentialVerifiers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A front-end context for EmbeddedChannel tests: one user ("alice", password "secret"), statements
 * run inline on the calling thread, and sessions that answer a few fixed statements.
 */
public final class FakeSessions {
  public static final String USER = "alice";
  public static final String PASSWORD = "secret";
  /** The name of "SELECT BIG"'s row: 16 MiB + 5 characters. */
  public static final String BIG_VALUE = "x".repeat(0xFFFFFF + 6);
  public static final UserRecord ALICE = CredentialVerifiers.create(USER, PASSWORD, true, new byte[16], 4096);

  /** Options of every session opened, in order. */
  public final List<SessionOptions> opened = new ArrayList<>();
  /** Statements executed, in order. */
  public final List<String> executed = new ArrayList<>();
  /** Parameters of each prepared execution, in order. */
  public final List<List<Object>> boundParameters = new ArrayList<>();
  /** Type hints of each prepare, in order (null when none were given). */
  public final List<List<DataType>> prepareHints = new ArrayList<>();

  public FrontEndContext context() {
    return new FrontEndContext(options -> {
      if ("nodb".equals(options.database())) {
        throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "Unknown database 'nodb'");
      }
      opened.add(options);
      return new FakeSession();
    }, name -> name.equals(USER) ? Optional.of(ALICE) : Optional.empty(), null, ProtocolMetrics.NONE,
        new DirectExecutor(), "test");
  }

  /** Answers "SELECT" with two rows of (INTEGER id, VARCHAR name), errors for "FAIL", an update otherwise. */
  private final class FakeSession implements Session {
    @Override
    public List<String> splitStatements(String sql) {
      return List.of(sql);
    }

    @Override
    public StatementResult execute(String sql) {
      executed.add(sql);
      if (sql.equals("SELECT") || sql.equals("SELECT BIG")) {
        List<Object[]> rows = sql.equals("SELECT") ? List.<Object[]>of(new Object[] {1, "one"}, new Object[] {2, null})
            : List.<Object[]>of(new Object[] {3, BIG_VALUE}); // a row packet over one 16 MiB frame
        Iterator<Object[]> it = rows.iterator();
        ResultCursor cursor = new ResultCursor() {
          Object[] current;

          @Override
          public boolean next() {
            current = it.hasNext() ? it.next() : null;
            return current != null;
          }

          @Override
          public Object[] row() {
            return current;
          }

          @Override
          public void close() {}
        };
        return new StatementResult("SELECT", List.of(ColumnMeta.of("id", DataType.INTEGER),
            ColumnMeta.of("name", DataType.varchar(10))), cursor, 0, Map.of());
      }
      if (sql.equals("FAIL")) {
        throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "Table 'heliosdb.t' doesn't exist");
      }
      return StatementResult.update("INSERT", 3);
    }

    /**
     * Statements with "?" prepare (each a TEXT parameter unless hinted); "SELECT ..." ones return
     * the rows of "SELECT", others an update of 1 row. Anything without "?" is refused.
     */
    @Override
    public PreparedStatement prepare(String sql, List<DataType> parameterTypeHints) {
      if (sql.startsWith("SELECT * FROM `")) { // COM_FIELD_LIST's probe
        if (sql.contains("missing")) {
          throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "Table 'heliosdb.missing' doesn't exist");
        }
        return fake(List.of(), List.of(ColumnMeta.of("id", DataType.INTEGER), ColumnMeta.of("name", DataType.varchar(10))));
      }
      if (!sql.contains("?")) {
        throw HeliosException.notSupported("prepare");
      }
      prepareHints.add(parameterTypeHints);
      List<DataType> types = new ArrayList<>();
      for (int i = 0; i < sql.length(); i++) {
        if (sql.charAt(i) == '?') {
          DataType hint = parameterTypeHints == null ? null : parameterTypeHints.get(types.size());
          types.add(hint == null ? DataType.TEXT : hint);
        }
      }
      List<ColumnMeta> columns = sql.startsWith("SELECT")
          ? List.of(ColumnMeta.of("id", DataType.INTEGER), ColumnMeta.of("name", DataType.varchar(10))) : List.of();
      return fake(types, columns);
    }

    private PreparedStatement fake(List<DataType> types, List<ColumnMeta> columns) {
      return new PreparedStatement() {
        @Override
        public List<DataType> parameterTypes() {
          return types;
        }

        @Override
        public List<ColumnMeta> resultColumns() {
          return columns;
        }

        @Override
        public String command() {
          return columns.isEmpty() ? "INSERT" : "SELECT";
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public StatementResult execute(PreparedStatement statement, List<Object> parameters) {
      boundParameters.add(new ArrayList<>(parameters));
      if (parameters.contains("FAIL")) {
        throw new HeliosException(ErrorCode.UNIQUE_VIOLATION, "Duplicate entry '1' for key 't.PRIMARY'");
      }
      if (statement.resultColumns().isEmpty()) {
        return StatementResult.update("INSERT", 1).withLastInsertId(42);
      }
      return execute("SELECT");
    }

    @Override
    public TransactionState transactionState() {
      return TransactionState.IDLE;
    }

    @Override
    public String setting(String name) {
      return null;
    }

    @Override
    public Map<String, String> reportedSettings() {
      return Map.of();
    }

    @Override
    public void cancel() {}

    @Override
    public void close() {}
  }

  /** Runs every task on the submitting thread, so EmbeddedChannel tests see answers at once. */
  private static final class DirectExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }
}
