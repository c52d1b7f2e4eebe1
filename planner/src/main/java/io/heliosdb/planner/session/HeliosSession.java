package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.Notice;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import io.heliosdb.planner.calcite.CalciteTypes;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.calcite.PlannedDml;
import io.heliosdb.planner.calcite.PlannedQuery;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.calcite.ValueCoercion;
import io.heliosdb.planner.dialect.mysql.MySqlDialectSession;
import io.heliosdb.planner.dialect.mysql.MySqlPreparedStatement;
import io.heliosdb.planner.dialect.mysql.MySqlSessionContext;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.Txn;
import io.heliosdb.planner.sql.DdlTranslator;
import io.heliosdb.planner.sql.NormalizedStatement;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.StatementNormalizer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * One connection's state in compute: settings, transaction block, prepared
 * statements. Routes each statement by its leading keyword: transaction control, SET/SHOW, DDL
 * (catalog commands through Raft), EXPLAIN, queries and DML (Calcite plans, cached by normalized
 * text).
 *
 * <p>Transactions (ADR 0007): every statement runs in a transaction; its writes are intents on
 * the cells, invisible to others until the commit record on the coordinator cell says COMMITTED.
 * Outside a block each statement commits (or aborts) by itself; inside BEGIN ... COMMIT the block
 * is one transaction, reading its own writes, with a new snapshot per statement under READ
 * COMMITTED and one snapshot under REPEATABLE READ. Write-write conflicts fail with 40001.
 */
public final class HeliosSession implements Session {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HeliosSession.class);
  private final HeliosEngine engine;
  private final SessionOptions options;
  private final SessionSettings settings;
  private final AtomicBoolean cancelFlag = new AtomicBoolean();
  private final DmlExecutor dml;
  private final SchemaChanges schemaChanges;
  /** nextval / currval / lastval state of this session (sequences are not transactional). */
  private final io.heliosdb.planner.sequence.SessionSequences sequences;
  private TransactionState state = TransactionState.IDLE;
  /** The open transaction block's transaction; created at its first statement (null when idle). */
  private Txn txn;
  /** Rows COPY wrote directly inside the block (COPY does not write intents yet), undone on ROLLBACK. */
  private final List<UndoLog.Entry> undo = new ArrayList<>();
  private final Cursors cursors = new Cursors();
  private final TableCommands tables = new TableCommands(this, this::addNotice);
  /** Start of the current transaction and statement (now(), statement_timestamp()); set by {@link #run}. */
  private long transactionStartMicros = io.heliosdb.planner.catalog.SessionInfo.nowMicros();
  private long statementStartMicros = transactionStartMicros;
  private final io.heliosdb.planner.catalog.SessionInfo.Clock clock = new io.heliosdb.planner.catalog.SessionInfo.Clock() {
    @Override
    public long transactionStartMicros() {
      return transactionStartMicros;
    }

    @Override
    public long statementStartMicros() {
      return statementStartMicros;
    }
  };
  /** Notices and warnings not yet handed to the front end (see {@link #drainNotices()}). */
  private final List<Notice> notices = new ArrayList<>();
  /** The MySQL translation layer when the client speaks MySQL, else null. */
  private final MySqlDialectSession mysql;

  public HeliosSession(HeliosEngine engine, SessionOptions options) {
    this.engine = engine;
    this.options = options;
    String db = options.database() == null || options.database().isEmpty() ? options.user() : options.database();
    if (options.dialect() != Dialect.MYSQL && !engine.config().defaultDatabase().equals(db)) {
      throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "database \"" + db + "\" does not exist");
    }
    boolean superuser = engine.metadata().catalog().user(options.user()).map(UserRecord::superuser).orElse(false);
    this.settings = new SessionSettings(options.user(), superuser,
        options.startupSettings() == null ? Map.of() : options.startupSettings());
    this.dml = new DmlExecutor(engine);
    this.schemaChanges = new SchemaChanges(engine);
    this.sequences = new io.heliosdb.planner.sequence.SessionSequences(engine.sequences(),
        () -> engine.metadata().catalog(), this::schema);
    this.mysql = options.dialect() == Dialect.MYSQL ? openMySql(options) : null;
  }

  /** MySQL databases are schemas; the translation layer validates and selects the one asked for. */
  private MySqlDialectSession openMySql(SessionOptions options) {
    Map<String, String> startup = options.startupSettings() == null ? Map.of() : options.startupSettings();
    long connectionId = Long.parseLong(startup.getOrDefault(MySqlSessionContext.CONNECTION_ID_SETTING, "0"));
    MySqlSessionContext context = new MySqlSessionContext(sql -> dispatch(sql, null, List.of()),
        () -> engine.metadata().catalog(), () -> state, options.user(), engine.config().defaultDatabase(),
        engine.config().defaultSchema(), connectionId, (sql, hints) -> Prepared.create(this, sql, hints),
        (statement, params) -> ((Prepared) statement).execute(params));
    MySqlDialectSession dialect = run(() -> new MySqlDialectSession(context, options.database(), engine.mysqlTemplates()));
    dialect.liftedRunner(this::executeLifted);
    return dialect;
  }

  /**
   * Runs a query or DML statement the MySQL dialect already normalized (literals lifted), as
   * dispatch() would run its planner text; null when the state or the values send it down the full
   * path (planning the lifted text fails, or a value does not fit the plan's parameter exactly).
   */
  private StatementResult executeLifted(NormalizedStatement n) {
    if (state == TransactionState.FAILED) {
      return null;
    }
    Bound bound;
    if (n == checkedLifted) {
      bound = checkedBound;
      checkedLifted = null;
    } else {
      Object plan;
      try {
        plan = plan(n.text());
      } catch (RuntimeException | AssertionError e) {
        return null;
      }
      List<Object> params = coerceParams(plan, n.liftedLiterals(), true);
      if (params == null) {
        return null;
      }
      bound = new Bound(plan, params);
    }
    return executePlan(bound.plan(), bound.params());
  }

  @Override
  public List<String> splitStatements(String sql) {
    if (sql == checkedSql) {
      return List.of(sql.strip()); // isPointRead already found it one statement, without a ';'
    }
    return SqlLexer.split(sql);
  }

  /** The statement isPointRead approved last, with its bound plan, so execute() need not redo the work. */
  private String checkedSql;
  private NormalizedStatement checkedLifted;
  private Bound checkedBound;

  @Override
  public boolean isPointRead(String sql) {
    checkedSql = null;
    checkedLifted = null;
    try {
      return checkPointRead(sql);
    } catch (RuntimeException e) {
      return false; // not a plain point read; the statement's own run reports its error
    }
  }

  private boolean checkPointRead(String original) {
    if (state == TransactionState.FAILED) {
      return false;
    }
    String sql = original;
    MySqlDialectSession.PointReadCandidate candidate = null;
    NormalizedStatement n = null;
    if (mysql != null) {
      // execute() reaches planned() with this same planner text, or executeLifted() with this lifted form
      candidate = mysql.pointReadCandidate(original);
      if (candidate == null) {
        return false;
      }
      sql = candidate.plannerText();
      n = candidate.lifted();
    }
    if (n == null) {
      String first = leadingWord(sql);
      if (!first.isEmpty() && !first.equals("SELECT")) {
        return false; // an UPDATE or INSERT is not lexed twice just to learn that
      }
      List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
      if (tokens.isEmpty() || !tokens.get(0).isWord("select")) {
        return false;
      }
      for (SqlLexer.Token t : tokens) {
        if (t.kind() == SqlLexer.Kind.SEMICOLON) {
          return false;
        }
      }
      if (RowLocks.find(tokens) != null) {
        return false; // FOR UPDATE / FOR SHARE take locks (and execute() skips dispatch for approved reads)
      }
      n = StatementNormalizer.liftLiterals(sql, tokens);
    }
    QueryPlanner planner = engine.planner();
    Object plan = engine.planCache().peek(schema() + "\u0000" + n.text(), planner.catalog().version());
    if (!(plan instanceof PlannedQuery q) || q.direct() == null || !q.direct().scan().isPointLookup()) {
      return false;
    }
    List<Object> params;
    try {
      params = coerceParams(plan, n.liftedLiterals(), true);
    } catch (RuntimeException e) {
      return false;
    }
    if (params == null) {
      return false;
    }
    checkedSql = sql;
    checkedLifted = candidate != null ? candidate.lifted() : null;
    checkedBound = new Bound(plan, params);
    if (mysql != null) {
      mysql.approvedPointRead(original, candidate);
    }
    return true;
  }

  /** The cached plan of {@code normalizedText} is a point read and the session can run it now. */
  boolean isPointPlan(String normalizedText) {
    if (state == TransactionState.FAILED) {
      return false;
    }
    QueryPlanner planner = engine.planner();
    Object plan = engine.planCache().peek(preparedPlanKey(normalizedText), planner.catalog().version());
    return plan instanceof PlannedQuery q && q.direct() != null && q.direct().scan().isPointLookup();
  }

  /**
   * Plan-cache keys of the prepared statements' texts under the current schema, by identity of the
   * text (a prepared statement keeps its text object): a Bind/Execute then neither concatenates nor
   * hashes a fresh key string (a String caches its hash). Bounded: started over when large.
   */
  private final java.util.IdentityHashMap<String, String> preparedPlanKeys = new java.util.IdentityHashMap<>();
  private String preparedPlanKeysSchema;

  private String preparedPlanKey(String normalizedText) {
    String schema = schema();
    if (schema != preparedPlanKeysSchema || preparedPlanKeys.size() >= 256) {
      preparedPlanKeys.clear();
      preparedPlanKeysSchema = schema;
    }
    String key = preparedPlanKeys.get(normalizedText);
    if (key == null) {
      key = schema + "\u0000" + normalizedText;
      preparedPlanKeys.put(normalizedText, key);
    }
    return key;
  }

  @Override
  public boolean isSessionCommand(String sql) {
    if (mysql != null) {
      return false; // MySQL statements go through the dialect's translation first
    }
    String first = leadingWord(sql);
    boolean endsBlock;
    switch (first) {
      case "BEGIN", "START", "SET", "RESET", "SHOW" -> endsBlock = false;
      case "COMMIT", "END", "ROLLBACK", "ABORT" -> endsBlock = true;
      default -> {
        return false;
      }
    }
    List<SqlLexer.Token> tokens;
    try {
      tokens = SqlLexer.tokenize(sql);
    } catch (RuntimeException e) {
      return false; // the statement's own run reports the error
    }
    for (int i = 0; i < tokens.size(); i++) {
      SqlLexer.Token t = tokens.get(i);
      if (t.kind() == SqlLexer.Kind.SEMICOLON && i != tokens.size() - 1) {
        return false; // more than one statement
      }
      if (endsBlock && t.isWord("to")) {
        return false; // ROLLBACK TO SAVEPOINT takes writes back on the cells
      }
    }
    if (first.equals("START") && (tokens.size() < 2 || !tokens.get(1).isWord("transaction"))) {
      return false;
    }
    // Ending a block that wrote nothing only forgets it: no commit record, no intents to abort,
    // no COPY rows to undo, no cursor stream to close.
    return !endsBlock || ((txn == null || !txn.hasWrites()) && undo.isEmpty() && cursors.isEmpty());
  }

  /** The statement's first word in upper case if it starts with letters at once (no comment), else "". */
  private static String leadingWord(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    int start = i;
    while (i < n && i - start <= 8 && isAsciiLetter(sql.charAt(i))) {
      i++;
    }
    if (i == start || i - start > 8 || i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      return "";
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }

  private static boolean isAsciiLetter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  @Override
  public TransactionState transactionState() {
    return state;
  }

  @Override
  public String setting(String name) {
    return settings.get(name);
  }

  @Override
  public Map<String, String> reportedSettings() {
    return settings.reported();
  }

  /** Front ends that never drain (MySQL has no notices) must not make the list grow without bound. */
  private static final int MAX_PENDING_NOTICES = 64;

  private void addNotice(Notice notice) {
    if (notices.size() >= MAX_PENDING_NOTICES) {
      notices.remove(0);
    }
    notices.add(notice);
  }

  @Override
  public List<Notice> drainNotices() {
    if (notices.isEmpty()) {
      return List.of();
    }
    List<Notice> out = List.copyOf(notices);
    notices.clear();
    return out;
  }

  @Override
  public void cancel() {
    cancelFlag.set(true);
  }

  @Override
  public void close() {
    if (timeoutTimer != null) {
      timeoutTimer.cancel(false);
    }
    cursors.closeAll(true);
    if (state != TransactionState.IDLE) {
      try {
        rollback();
      } catch (RuntimeException ignored) {
        // connection is going away; nothing more to tell the client
      }
    }
  }

  HeliosEngine engine() {
    return engine;
  }

  io.heliosdb.planner.sequence.SessionSequences sequences() {
    return sequences;
  }

  /** The schema resolved from search_path, remembered for one (search_path, catalog version). */
  private String resolvedSchema;
  private String resolvedPath;
  private long resolvedVersion = -1;

  String schema() {
    String path = settings.get("search_path");
    Catalog catalog = engine.metadata().catalog();
    if (resolvedSchema != null && resolvedVersion == catalog.version() && java.util.Objects.equals(path, resolvedPath)) {
      return resolvedSchema;
    }
    resolvedPath = path;
    resolvedVersion = catalog.version();
    resolvedSchema = resolveSchema(path, catalog);
    return resolvedSchema;
  }

  private String resolveSchema(String path, Catalog catalog) {
    if (path != null) {
      for (String part : path.split(",")) {
        String s = part.trim();
        if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
          s = s.substring(1, s.length() - 1);
        } else {
          s = s.toLowerCase(Locale.ROOT);
        }
        if (s.equals("$user")) {
          s = options.user();
        }
        if (catalog.schemas().contains(s)) {
          return s;
        }
      }
    }
    return engine.config().defaultSchema();
  }

  // ---------------------------------------------------------------- simple statements

  @Override
  public StatementResult execute(String sql) {
    if (mysql != null) {
      try {
        return run(() -> mysql.execute(sql));
      } catch (HeliosException e) {
        throw mysql.reword(e, sql);
      }
    }
    if (sql == checkedSql && checkedLifted == null) {
      // A point read isPointRead just approved (a plain SELECT, bound already): dispatch would only
      // lex it again to learn that it is a SELECT without a locking clause.
      return run(() -> planned(sql, null, List.of()));
    }
    return run(() -> dispatch(sql, null, List.of()));
  }

  @Override
  public PreparedStatement prepare(String sql, List<DataType> parameterTypeHints) {
    if (mysql != null) {
      try {
        return run(() -> mysql.prepare(sql, parameterTypeHints));
      } catch (HeliosException e) {
        throw mysql.reword(e, sql);
      }
    }
    return prepare(sql, parameterTypeHints, List.of());
  }

  @Override
  public PreparedStatement prepare(String sql, List<DataType> parameterTypeHints, List<Integer> declaredArrayTypes) {
    if (mysql != null) {
      return prepare(sql, parameterTypeHints);
    }
    return run(() -> Prepared.create(this, Prepared.castArrayParameters(sql, parameterTypeHints, declaredArrayTypes),
        parameterTypeHints));
  }

  @Override
  public StatementResult execute(PreparedStatement statement, List<Object> parameters) {
    if (statement instanceof MySqlPreparedStatement m) {
      try {
        return run(() -> mysql.execute(m, parameters));
      } catch (HeliosException e) {
        throw mysql.reword(e, m.sql());
      }
    }
    Prepared p = (Prepared) statement;
    return run(() -> p.execute(parameters));
  }

  private interface Action<T> {
    T run();
  }

  /** Common error handling: a failure inside a transaction block aborts the block. */
  private <T> T run(Action<T> action) {
    armStatementTimeout();
    statementStartMicros = io.heliosdb.planner.catalog.SessionInfo.nowMicros();
    if (state == TransactionState.IDLE) {
      transactionStartMicros = statementStartMicros; // BEGIN's own time starts its block
    }
    try {
      return action.run();
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      HeliosException h = Errors.translate(e);
      if (h.code() == ErrorCode.QUERY_CANCELED && timedOut) {
        h = new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to statement timeout");
      }
      if (state == TransactionState.IN_TRANSACTION) {
        if (mysql == null) {
          state = TransactionState.FAILED;
          releaseAfterError();
        } else if (h.code() == ErrorCode.DEADLOCK_DETECTED || h.code() == ErrorCode.SERIALIZATION_FAILURE) {
          // MySQL rolls the whole transaction back on a deadlock (1213); other errors undo only
          // the statement (done where it wrote), and the transaction goes on.
          try {
            rollback();
          } catch (RuntimeException ignored) {
            // the error the client gets is the deadlock
          }
        }
      }
      throw h;
    }
  }

  private java.util.concurrent.ScheduledFuture<?> timeoutTimer;
  private String timeoutSetting;
  private long timeoutSettingMillis;
  private volatile boolean timedOut;

  /**
   * statement_timeout: a timer sets the cancel flag, which scans check between rows. It stays armed
   * while the statement's rows stream to the client, until the next statement starts.
   */
  private void armStatementTimeout() {
    if (timeoutTimer != null) {
      timeoutTimer.cancel(false);
      timeoutTimer = null;
    }
    cancelFlag.set(false);
    timedOut = false;
    String timeout = settings.get("statement_timeout");
    if (timeout != timeoutSetting) { // parsed once per value set, not on every statement
      timeoutSetting = timeout;
      timeoutSettingMillis = timeoutMillis(timeout);
    }
    long millis = timeoutSettingMillis;
    if (millis > 0) {
      timeoutTimer = engine.timers().schedule(() -> {
        timedOut = true;
        cancelFlag.set(true);
      }, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** PostgreSQL's forms: a number of milliseconds, or with a unit (ms, s, min, h). */
  public static long timeoutMillis(String value) {
    if (value == null) {
      return 0;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Long.parseLong(v.substring(0, v.length() - 2).trim());
      }
      if (v.endsWith("min")) {
        return Long.parseLong(v.substring(0, v.length() - 3).trim()) * 60_000;
      }
      if (v.endsWith("s")) {
        return Long.parseLong(v.substring(0, v.length() - 1).trim()) * 1000;
      }
      if (v.endsWith("h")) {
        return Long.parseLong(v.substring(0, v.length() - 1).trim()) * 3_600_000;
      }
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Runs a prepared query or DML statement without a locking clause, as dispatch() would route it
   * (its first word already known), without lexing its text again.
   */
  StatementResult executePlanned(String sql, NormalizedStatement prepared, List<Object> params) {
    if (state == TransactionState.FAILED) {
      throw new HeliosException(ErrorCode.IN_FAILED_TRANSACTION,
          "current transaction is aborted, commands ignored until end of transaction block");
    }
    return planned(sql, prepared, params);
  }

  /** Routes one statement; for prepared statements {@code prepared} holds the marker form. */
  StatementResult dispatch(String sql, NormalizedStatement prepared, List<Object> params) {
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
    if (tokens.isEmpty()) {
      return StatementResult.command("");
    }
    String first = tokens.get(0).kind() == SqlLexer.Kind.WORD ? tokens.get(0).text().toUpperCase(Locale.ROOT) : "";
    if (state == TransactionState.FAILED && !first.equals("ROLLBACK") && !first.equals("ABORT")
        && !first.equals("COMMIT") && !first.equals("END")) {
      throw new HeliosException(ErrorCode.IN_FAILED_TRANSACTION,
          "current transaction is aborted, commands ignored until end of transaction block");
    }
    switch (first) {
      case "BEGIN", "START":
        if (state == TransactionState.IDLE) {
          state = TransactionState.IN_TRANSACTION;
          // The block's modes are not session SETs: saved settings are taken before they apply.
          settings.beginBlock();
          blockIsolation = defaultIsolation();
          blockReadOnly = defaultReadOnly();
          transactionModes(tokens, first.equals("START") ? 2 : 1);
        } else {
          addNotice(Notice.warning("25001", "there is already a transaction in progress"));
        }
        return StatementResult.command("BEGIN");
      case "SAVEPOINT":
        return savepoint(tokens);
      case "RELEASE":
        return releaseSavepoint(tokens);
      case "COMMIT", "END":
        noticeIfNoBlock();
        if (state == TransactionState.FAILED) {
          rollback();
          return endOfBlock("ROLLBACK", false);
        }
        try {
          commitBlock();
        } catch (RuntimeException e) {
          settings.endBlock(false);
          throw e;
        }
        return endOfBlock("COMMIT", true);
      case "ROLLBACK", "ABORT":
        for (SqlLexer.Token t : tokens) {
          if (t.isWord("to")) {
            return rollbackToSavepoint(tokens);
          }
        }
        noticeIfNoBlock();
        rollback();
        return endOfBlock("ROLLBACK", false);
      case "SET":
        if (tokens.size() > 1 && tokens.get(1).isWord("transaction")) {
          return setTransaction(tokens);
        }
        if (tokens.size() > 1 && tokens.get(1).isWord("local") && state == TransactionState.IDLE) {
          addNotice(Notice.warning("25P01", "SET LOCAL can only be used in transaction blocks"));
        }
        return SettingsCommands.set(settings, tokens, sql);
      case "RESET":
        return SettingsCommands.reset(settings, tokens);
      case "SHOW":
        return SettingsCommands.show(settings, tokens);
      case "CREATE", "DROP":
        return ddl(sql, tokens);
      case "EXPLAIN":
        return explain(sql, tokens);
      case "COPY":
        return BulkInsert.start(this, sql, tokens, state == TransactionState.IN_TRANSACTION ? undo : null,
            this::copyFailed);
      case "SELECT", "WITH":
        RowLocks.Clause lock = RowLocks.find(tokens);
        if (lock == null) {
          return planned(sql, prepared, params);
        }
        if (prepared != null) {
          throw HeliosException.notSupported("SELECT ... FOR " + lock.words() + " as a prepared statement");
        }
        pendingLock = lock;
        try {
          return planned(sql.substring(0, lock.start()), null, params);
        } finally {
          pendingLock = null;
        }
      case "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "REPLACE", "":
        return planned(sql, prepared, params);
      case "DECLARE":
        return cursors.declare(tokens, sql, state == TransactionState.IN_TRANSACTION,
            query -> planned(query, null, List.of()));
      case "FETCH", "MOVE":
        return cursors.fetch(tokens, first.equals("MOVE"));
      case "CLOSE":
        return cursors.close(tokens);
      case "ALTER":
        if (tokens.size() > 1 && (tokens.get(1).isWord("table") || tokens.get(1).isWord("sequence"))) {
          return ddl(sql, tokens);
        }
        throw HeliosException.notSupported("ALTER statements");
      case "TRUNCATE":
        return tables.truncate(tokens);
      case "VACUUM", "ANALYZE", "ANALYSE":
        return tables.vacuum(tokens, state == TransactionState.IN_TRANSACTION);
      case "GRANT", "REVOKE", "LISTEN", "NOTIFY", "PREPARE", "EXECUTE", "DEALLOCATE", "LOCK", "DISCARD",
          "COMMENT", "CALL", "DO", "REINDEX", "CLUSTER", "CHECKPOINT", "MERGE":
        throw HeliosException.notSupported(first + " statements");
      default:
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + tokens.get(0).text() + "\"");
    }
  }

  private void noticeIfNoBlock() {
    if (state == TransactionState.IDLE) {
      addNotice(Notice.warning("25P01", "there is no transaction in progress"));
    }
  }

  /** The block ended: settings SET in it are kept or undone, SET LOCAL ones end; changes are reported. */
  private StatementResult endOfBlock(String command, boolean committed) {
    Map<String, String> changed = settings.endBlock(committed);
    return changed.isEmpty() ? StatementResult.command(command)
        : new StatementResult(command, List.of(), ResultCursor.EMPTY, 0, changed);
  }

  /**
   * PostgreSQL ends a failed (sub)transaction at once, releasing its row locks, although the client
   * still has to send ROLLBACK [TO SAVEPOINT]: take back the writes since the newest savepoint, or
   * abort the whole transaction on the cells, so waiters do not wait for the client.
   */
  private void releaseAfterError() {
    Txn t = txn;
    if (t == null || !t.hasWrites()) {
      return;
    }
    try {
      Txn.Savepoint newest = t.newestSavepoint();
      if (newest != null) {
        engine.transactions().rollbackTo(engine.metadata().catalog(), t, newest.firstSeq());
      } else {
        engine.transactions().abort(engine.metadata().catalog(), t);
      }
    } catch (RuntimeException e) {
      LOG.debug("releasing the failed transaction's rows deferred to ROLLBACK: {}", e.toString());
    }
  }

  /**
   * Waits for the transaction holding the row a statement met; then READ COMMITTED goes on with a
   * new snapshot (PostgreSQL re-reads the newest row, whoever won), while REPEATABLE READ and
   * SERIALIZABLE fail with 40001 if the holder committed. Returns the snapshot to restart with.
   */
  private long waitForHolder(Catalog catalog, Txn t, io.heliosdb.planner.exec.LockConflict conflict, long deadline,
      boolean readCommitted, long snapshot) {
    io.heliosdb.hidb.proto.TxnRecord holder = engine.transactions().waitFor(catalog, t, conflict.holder(),
        deadline, cancelFlag);
    if (holder.getState() == io.heliosdb.hidb.proto.TxnState.TXN_COMMITTED) {
      engine.clock().observe(holder.getCommitTs());
      if (!readCommitted) {
        throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE, "could not serialize access due to concurrent update");
      }
    }
    return readCommitted ? engine.clock().snapshot() : snapshot;
  }

  /** A COPY failed after its statement returned (while rows flowed): abort the block as a failed statement does. */
  private void copyFailed() {
    if (state == TransactionState.IN_TRANSACTION) {
      state = TransactionState.FAILED;
    }
  }

  /** COMMIT: the block ends whatever happens; a refused commit (40001) leaves nothing behind. */
  private void commitBlock() {
    cursors.closeAll(false);
    Txn t = txn;
    txn = null;
    state = TransactionState.IDLE;
    endBlockModes();
    if (t == null) {
      undo.clear();
      return;
    }
    try {
      engine.transactions().commit(engine.metadata().catalog(), t);
      undo.clear();
    } catch (RuntimeException e) {
      engine.transactions().abort(engine.metadata().catalog(), t);
      applyUndo();
      throw e;
    }
  }

  private void rollback() {
    cursors.closeAll(false);
    Txn t = txn;
    txn = null;
    try {
      if (t != null) {
        engine.transactions().abort(engine.metadata().catalog(), t);
      }
      applyUndo();
    } finally {
      state = TransactionState.IDLE;
      endBlockModes();
    }
  }

  // ---------------------------------------------------------------- transaction modes and savepoints

  /** The open block's isolation level ("read committed", ...) and access mode. */
  private String blockIsolation;
  private boolean blockReadOnly;

  private String defaultIsolation() {
    return mysql != null ? mysql.isolation() : settings.get("default_transaction_isolation");
  }

  private boolean defaultReadOnly() {
    return mysql != null ? mysql.readOnlyByDefault() : isOn(settings.get("default_transaction_read_only"));
  }

  private static boolean isOn(String value) {
    return value != null && (value.equalsIgnoreCase("on") || value.equalsIgnoreCase("true") || value.equals("1"));
  }

  /** The isolation level the current statement runs at. */
  private String isolation() {
    String level = state == TransactionState.IDLE || blockIsolation == null ? defaultIsolation() : blockIsolation;
    if (level == null) {
      return "read committed";
    }
    if (level != isolationSetting) { // asked on every statement: lower-case a setting once, not each time
      isolationSetting = level;
      isolationLevel = level.toLowerCase(Locale.ROOT);
    }
    return isolationLevel;
  }

  private String isolationSetting;
  private String isolationLevel;

  private boolean readOnly() {
    return state == TransactionState.IDLE ? defaultReadOnly() : blockReadOnly;
  }

  private void endBlockModes() {
    blockIsolation = null;
    blockReadOnly = false;
    settings.set("transaction_isolation", settings.get("default_transaction_isolation"));
    settings.set("transaction_read_only", settings.get("default_transaction_read_only"));
  }

  /** ISOLATION LEVEL x [y] | READ ONLY | READ WRITE | [NOT] DEFERRABLE, comma separated (BEGIN, SET TRANSACTION). */
  private void transactionModes(List<SqlLexer.Token> t, int i) {
    if (i < t.size() && (t.get(i).isWord("transaction") || t.get(i).isWord("work"))) {
      i++;
    }
    while (i < t.size() && t.get(i).kind() != SqlLexer.Kind.SEMICOLON) {
      if (t.get(i).text().equals(",")) {
        i++;
      } else if (i + 2 < t.size() && t.get(i).isWord("isolation") && t.get(i + 1).isWord("level")) {
        String level = t.get(i + 2).text().toLowerCase(Locale.ROOT);
        i += 3;
        if ((level.equals("read") || level.equals("repeatable")) && i < t.size()) {
          level = level + " " + t.get(i).text().toLowerCase(Locale.ROOT);
          i++;
        }
        if (!List.of("read committed", "read uncommitted", "repeatable read", "serializable").contains(level)) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + t.get(i - 1).text() + "\"");
        }
        // READ UNCOMMITTED behaves as READ COMMITTED, as in PostgreSQL.
        blockIsolation = level;
        settings.set("transaction_isolation", level, true);
      } else if (i + 1 < t.size() && t.get(i).isWord("read") && (t.get(i + 1).isWord("only") || t.get(i + 1).isWord("write"))) {
        blockReadOnly = t.get(i + 1).isWord("only");
        settings.set("transaction_read_only", blockReadOnly ? "on" : "off", true);
        i += 2;
      } else if (t.get(i).isWord("not") || t.get(i).isWord("deferrable")) {
        i += t.get(i).isWord("not") ? 2 : 1;
      } else {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + t.get(i).text() + "\"");
      }
    }
  }

  /** SET TRANSACTION ...: the open block's modes; outside a block PostgreSQL ignores it (with a warning). */
  private StatementResult setTransaction(List<SqlLexer.Token> tokens) {
    if (state == TransactionState.IDLE) {
      return StatementResult.command("SET");
    }
    String before = blockIsolation;
    transactionModes(tokens, 2);
    if (txn != null && !java.util.Objects.equals(before, blockIsolation)) {
      blockIsolation = before;
      settings.set("transaction_isolation", before, true);
      throw new HeliosException(ErrorCode.ACTIVE_TRANSACTION,
          "SET TRANSACTION ISOLATION LEVEL must be called before any query");
    }
    return StatementResult.command("SET");
  }

  /** The block's transaction, begun now if no statement ran yet (a savepoint needs its sequence). */
  private Txn blockTxn() {
    if (txn == null) {
      long start = engine.clock().snapshot();
      txn = new Txn(engine.clock().next(), start);
      engine.transactions().opened(txn);
    }
    return txn;
  }

  private String savepointName(List<SqlLexer.Token> tokens, int from) {
    int i = from;
    while (i < tokens.size() && (tokens.get(i).isWord("savepoint") || tokens.get(i).isWord("to")
        || tokens.get(i).isWord("work") || tokens.get(i).isWord("transaction"))) {
      i++;
    }
    if (i >= tokens.size() || tokens.get(i).kind() == SqlLexer.Kind.SEMICOLON) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    String text = tokens.get(i).text();
    if (text.length() >= 2 && (text.charAt(0) == '"' || text.charAt(0) == '`')) {
      return text.substring(1, text.length() - 1);
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private HeliosException noSuchSavepoint(String name) {
    return new HeliosException(ErrorCode.INVALID_SAVEPOINT_SPECIFICATION,
        mysql != null ? "SAVEPOINT " + name + " does not exist" : "savepoint \"" + name + "\" does not exist");
  }

  private StatementResult savepoint(List<SqlLexer.Token> tokens) {
    String name = savepointName(tokens, 1);
    if (state == TransactionState.IDLE) {
      if (mysql != null) {
        return StatementResult.command("SAVEPOINT"); // MySQL: nothing to save outside a transaction
      }
      throw new HeliosException(ErrorCode.NO_ACTIVE_TRANSACTION, "SAVEPOINT can only be used in transaction blocks");
    }
    Txn t = blockTxn();
    if (mysql != null) {
      Txn.Savepoint old = t.findSavepoint(name);
      if (old != null) {
        t.dropSavepointsAfter(old, true); // MySQL: a savepoint of the same name replaces the old one
      }
    }
    t.savepoint(name, undo.size());
    return StatementResult.command("SAVEPOINT");
  }

  private StatementResult releaseSavepoint(List<SqlLexer.Token> tokens) {
    String name = savepointName(tokens, 1);
    if (state == TransactionState.IDLE) {
      if (mysql != null) {
        throw noSuchSavepoint(name);
      }
      throw new HeliosException(ErrorCode.NO_ACTIVE_TRANSACTION, "RELEASE SAVEPOINT can only be used in transaction blocks");
    }
    Txn.Savepoint sp = txn == null ? null : txn.findSavepoint(name);
    if (sp == null) {
      throw noSuchSavepoint(name);
    }
    txn.dropSavepointsAfter(sp, true);
    return StatementResult.command("RELEASE");
  }

  /**
   * ROLLBACK TO SAVEPOINT: every write and lock of the statements after the savepoint is taken
   * back on the cells (intents return to their earlier values), and a failed block can go on.
   */
  private StatementResult rollbackToSavepoint(List<SqlLexer.Token> tokens) {
    String name = savepointName(tokens, 1);
    if (state == TransactionState.IDLE) {
      if (mysql != null) {
        throw noSuchSavepoint(name);
      }
      throw new HeliosException(ErrorCode.NO_ACTIVE_TRANSACTION,
          "ROLLBACK TO SAVEPOINT can only be used in transaction blocks");
    }
    Txn.Savepoint sp = txn == null ? null : txn.findSavepoint(name);
    if (sp == null) {
      throw noSuchSavepoint(name);
    }
    cursors.closeAll(false);
    engine.transactions().rollbackTo(engine.metadata().catalog(), txn, sp.firstSeq());
    txn.rolledBackTo(sp);
    if (undo.size() > sp.undoMark()) {
      List<UndoLog.Entry> after = new ArrayList<>(undo.subList(sp.undoMark(), undo.size()));
      undo.subList(sp.undoMark(), undo.size()).clear();
      UndoLog.apply(engine, after);
    }
    state = TransactionState.IN_TRANSACTION;
    return StatementResult.command("ROLLBACK");
  }

  private void applyUndo() {
    try {
      if (!undo.isEmpty()) {
        UndoLog.apply(engine, undo);
      }
    } finally {
      undo.clear();
    }
  }

  // ---------------------------------------------------------------- DDL

  private StatementResult ddl(String sql, List<SqlLexer.Token> tokens) {
    TableCommands.AddPrimaryKey addKey = TableCommands.addPrimaryKey(tokens);
    if (addKey != null || TableCommands.isMultiDrop(tokens)) {
      if (state == TransactionState.IN_TRANSACTION) {
        undo.clear();
      }
      TableCommands.TableLifecycle lifecycle = new TableCommands.TableLifecycle() {
        @Override
        public void created(Catalog after, TableDescriptor t) {
          engine.shards().createShards(after, t);
          schemaChanges.tableCreated(after, t);
        }

        @Override
        public void dropped(Catalog after, TableDescriptor t) {
          engine.shards().dropShards(after, t);
          schemaChanges.tableDropped(after, t);
        }
      };
      return addKey != null ? tables.addPrimaryKey(addKey, lifecycle)
          : tables.dropTables(tokens, t -> lifecycle.dropped(engine.metadata().catalog(), t));
    }
    if (io.heliosdb.planner.sql.IndexDdl.handles(tokens)) {
      if (state == TransactionState.IN_TRANSACTION) {
        undo.clear();
      }
      return schemaChanges.run(sql, schema());
    }
    if (io.heliosdb.planner.sequence.SequenceDdl.isSequenceStatement(tokens)) {
      return sequenceDdl(tokens);
    }
    if (tokens.size() > 1 && !(tokens.get(1).isWord("table") || tokens.get(1).isWord("schema"))) {
      throw HeliosException.notSupported(tokens.get(0).text().toUpperCase(Locale.ROOT) + " "
          + tokens.get(1).text().toUpperCase(Locale.ROOT));
    }
    if (state == TransactionState.IN_TRANSACTION) {
      // DDL is not transactional yet: it commits through Raft at once.
      undo.clear();
    }
    CatalogCommand command = DdlTranslator.translate(sql, schema(), engine.config().virtualShardsPerTable());
    Catalog before = engine.metadata().catalog();
    ddlNotice(command, before);
    Catalog after = engine.metadata().submit(command);
    if (command instanceof CatalogCommand.CreateTable ct) {
      after.table(ct.schema(), ct.name()).ifPresent(t -> {
        if (before.table(ct.schema(), ct.name()).isEmpty()) {
          engine.shards().createShards(after, t);
          schemaChanges.tableCreated(after, t);
        }
      });
      return StatementResult.command("CREATE TABLE");
    }
    if (command instanceof CatalogCommand.DropTable dt) {
      before.table(dt.schema(), dt.name()).ifPresent(t -> {
        engine.shards().dropShards(after, t);
        schemaChanges.tableDropped(after, t);
      });
      return StatementResult.command("DROP TABLE");
    }
    if (command instanceof CatalogCommand.CreateSchema) {
      return StatementResult.command("CREATE SCHEMA");
    }
    if (command instanceof CatalogCommand.DropSchema ds) {
      for (TableDescriptor t : before.tablesIn(ds.name())) {
        if (after.tables().get(t.tableId()) == null) {
          engine.shards().dropShards(after, t);
          schemaChanges.tableDropped(after, t);
        }
      }
      return StatementResult.command("DROP SCHEMA");
    }
    return StatementResult.command("CREATE");
  }

  /** PostgreSQL's notices for IF [NOT] EXISTS statements that find nothing to do. */
  private void ddlNotice(CatalogCommand command, Catalog before) {
    if (command instanceof CatalogCommand.CreateTable ct && ct.ifNotExists()
        && before.table(ct.schema(), ct.name()).isPresent()) {
      addNotice(Notice.notice("42P07", "relation \"" + ct.name() + "\" already exists, skipping"));
    } else if (command instanceof CatalogCommand.DropTable dt && dt.ifExists()
        && before.table(dt.schema(), dt.name()).isEmpty()) {
      addNotice(Notice.notice("00000", "table \"" + dt.name() + "\" does not exist, skipping"));
    } else if (command instanceof CatalogCommand.CreateSchema cs && cs.ifNotExists()
        && before.schemas().contains(cs.name())) {
      addNotice(Notice.notice("42P06", "schema \"" + cs.name() + "\" already exists, skipping"));
    } else if (command instanceof CatalogCommand.DropSchema ds && ds.ifExists()
        && !before.schemas().contains(ds.name())) {
      addNotice(Notice.notice("00000", "schema \"" + ds.name() + "\" does not exist, skipping"));
    }
  }

  private StatementResult sequenceDdl(List<SqlLexer.Token> tokens) {
    if (tokens.get(0).isWord("create")) {
      engine.metadata().submit(io.heliosdb.planner.sequence.SequenceDdl.create(tokens, schema()));
      return StatementResult.command("CREATE SEQUENCE");
    }
    if (tokens.get(0).isWord("drop")) {
      for (CatalogCommand c : io.heliosdb.planner.sequence.SequenceDdl.drop(tokens, schema())) {
        engine.metadata().submit(c);
      }
      return StatementResult.command("DROP SEQUENCE");
    }
    if (tokens.get(0).isWord("alter")) {
      io.heliosdb.planner.sequence.SequenceDdl.Restart r = io.heliosdb.planner.sequence.SequenceDdl.alter(tokens,
          schema());
      var found = engine.metadata().catalog().sequence(r.schema(), r.name());
      if (found.isEmpty()) {
        if (r.ifExists()) {
          addNotice(Notice.notice("00000", "relation \"" + r.name() + "\" does not exist, skipping"));
          return StatementResult.command("ALTER SEQUENCE");
        }
        throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"" + r.name() + "\" does not exist");
      }
      sequences.restart(found.get(), r.value() == null ? found.get().start() : r.value());
      return StatementResult.command("ALTER SEQUENCE");
    }
    throw HeliosException.notSupported(tokens.get(0).text().toUpperCase(Locale.ROOT) + " SEQUENCE");
  }

  // ---------------------------------------------------------------- EXPLAIN

  private StatementResult explain(String sql, List<SqlLexer.Token> tokens) {
    int i = 1;
    if (i < tokens.size() && tokens.get(i).text().equals("(")) {
      while (i < tokens.size() && !tokens.get(i).text().equals(")")) {
        i++;
      }
      i++;
    }
    while (i < tokens.size() && (tokens.get(i).isWord("analyze") || tokens.get(i).isWord("verbose"))) {
      i++;
    }
    if (i >= tokens.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    String inner = sql.substring(tokens.get(i).start());
    NormalizedStatement n = StatementNormalizer.markers(inner);
    SqlNode node = QueryPlanner.parse(n.text());
    QueryPlanner planner = engine.planner();
    String text;
    if (node.getKind() == SqlKind.INSERT || node.getKind() == SqlKind.UPDATE || node.getKind() == SqlKind.DELETE) {
      PlannedDml plan = planner.planDml(node, schema());
      text = plan.kind() + " " + plan.table().qualifiedName() + "\n"
          + (plan.source() == null ? "  Values (literal rows, written without a query)\n" : plan.source().explain());
    } else {
      text = planner.planQuery(node, schema()).explain();
    }
    List<Object[]> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      rows.add(new Object[] {line});
    }
    return new StatementResult("EXPLAIN", List.of(ColumnMeta.of("QUERY PLAN", DataType.TEXT)),
        ResultCursor.of(rows), rows.size(), Map.of());
  }

  // ---------------------------------------------------------------- queries and DML

  /** A plan from the cache (or freshly made) and the parameter values to run it with. */
  record Bound(Object plan, List<Object> params) {}

  private StatementResult planned(String sql, NormalizedStatement prepared, List<Object> clientParams) {
    Bound bound;
    if (prepared == null && sql.equals(checkedSql)) {
      bound = checkedBound;
      checkedSql = null;
    } else {
      bound = prepared != null ? boundPrepared(prepared, clientParams) : boundSimple(sql);
    }
    return executePlan(bound.plan(), bound.params());
  }

  private Bound boundPrepared(NormalizedStatement n, List<Object> clientParams) {
    Object plan = plan(n.text(), preparedPlanKey(n.text()));
    List<Object> params = new ArrayList<>(n.markerToParameter().length);
    for (int idx : n.markerToParameter()) {
      params.add(idx < clientParams.size() ? clientParams.get(idx) : null);
    }
    return new Bound(plan, coerceParams(plan, params, false));
  }

  private Bound boundSimple(String sql) {
    NormalizedStatement n;
    try {
      n = StatementNormalizer.liftLiterals(sql);
    } catch (HeliosException e) {
      throw e;
    }
    if (!n.liftedLiterals().isEmpty()) {
      Object plan = null;
      try {
        plan = plan(n.text());
      } catch (RuntimeException | AssertionError e) {
        // Some literals cannot be parameters ("SELECT 1", "'x' = 'x'": Calcite cannot type them, and
        // says so in several ways); plan the text as written, whose errors are the user's.
        LOG.debug("planning with lifted literals failed, planning as written: {}", e.getMessage());
        plan = null;
      }
      if (plan != null) {
        List<Object> coerced = coerceParams(plan, n.liftedLiterals(), true);
        if (coerced != null) {
          return new Bound(plan, coerced);
        }
      }
    }
    return new Bound(plan(StatementNormalizer.markers(sql).text()), List.of());
  }

  private Object plan(String text) {
    String schema = schema();
    if (text != planKeyText || !schema.equals(planKeySchema)) {
      planKey = schema + "\u0000" + text;
      planKeyText = text;
      planKeySchema = schema;
    }
    return plan(text, planKey);
  }

  /**
   * The plan cache key plan(text) made last, for the same text object: a MySQL statement template
   * hands the same normalized text each time, and a 1000-row INSERT's is 20 KB that would otherwise be
   * copied into a new key, hashed and compared in full per statement. The cache keeps the key it was
   * given, so the lookup then compares one reference.
   */
  private String planKeyText;
  private String planKeySchema;
  private String planKey;

  private Object plan(String text, String key) {
    QueryPlanner planner = engine.planner();
    long version = planner.catalog().version();
    Object cached = engine.planCache().get(key, version);
    if (cached != null) {
      return cached;
    }
    Object plan = planStatement(planner, text, schema());
    engine.planCache().put(key, version, plan);
    return plan;
  }

  /** Plans a query or DML statement (marker form), uncached. */
  static Object planStatement(QueryPlanner planner, String text, String schema) {
    io.heliosdb.planner.sql.DmlClauses clauses = io.heliosdb.planner.sql.DmlClauses.split(text);
    if (clauses != null) {
      ExtendedDml x = ExtendedDml.plan(planner, clauses, schema);
      if (x.kind().equals("INSERT")) {
        IdentityChecks.check(() -> QueryPlanner.parse(clauses.base()), x.base().table(), planner.catalog());
      }
      return x;
    }
    SqlNode node = QueryPlanner.parseStatement(text);
    return switch (node.getKind()) {
      case INSERT -> {
        PlannedDml d = planner.planDml(node, schema);
        // planning rewrote the tree in place: the check reads a fresh one, parsed only if needed
        IdentityChecks.check(() -> QueryPlanner.parseStatement(text), d.table(), planner.catalog());
        yield d;
      }
      case UPDATE, DELETE -> planner.planDml(node, schema);
      default -> {
        if (!node.isA(SqlKind.QUERY)) {
          throw HeliosException.notSupported("statement " + node.getKind());
        }
        yield planner.planQuery(node, schema);
      }
    };
  }

  static List<DataType> parameterTypes(Object plan) {
    if (plan instanceof ExtendedDml x) {
      return x.parameterTypes();
    }
    return plan instanceof PlannedDml d ? d.parameterTypes() : ((PlannedQuery) plan).parameterTypes();
  }

  /**
   * Converts values to the parameter types the plan inferred. For lifted literals the conversion
   * must not change the value (1.5 into an integer parameter would); then returns null and the
   * caller plans the statement as written.
   */
  private static List<Object> coerceParams(Object plan, List<Object> values, boolean mustBeExact) {
    List<DataType> types = parameterTypes(plan);
    if (types.size() != values.size()) {
      if (mustBeExact) {
        return null;
      }
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION,
          "statement needs " + types.size() + " parameters, " + values.size() + " given");
    }
    List<Object> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v instanceof Integer && types.get(i).id() == io.heliosdb.hidb.proto.TypeId.INTEGER) {
        out.add(v); // the common case, exact by construction
        continue;
      }
      Object c;
      try {
        c = ValueCoercion.coerce(types.get(i), v);
      } catch (HeliosException e) {
        if (mustBeExact) {
          return null;
        }
        throw e;
      }
      if (mustBeExact && v instanceof Number n && c instanceof Number m
          && new BigDecimal(n.toString()).compareTo(new BigDecimal(m.toString())) != 0) {
        return null;
      }
      if (mustBeExact && v instanceof Number && !(c instanceof Number)) {
        return null;
      }
      if (c instanceof String str && types.get(i).isBpchar()) {
        c = RowChecks.padForComparison(types.get(i), str);
      }
      out.add(c);
    }
    return out;
  }

  StatementResult executePlan(Object plan, List<Object> params) {
    QueryPlanner planner = engine.planner();
    sequences.statementStarts();
    // Inside a block every statement reads as the block's transaction (its own writes visible);
    // outside, each statement is its own transaction.
    Txn t;
    long snapshot;
    boolean implicit = state != TransactionState.IN_TRANSACTION;
    if (implicit) {
      t = implicitTxn();
      snapshot = t.startTs();
    } else {
      if (txn == null) {
        long start = engine.clock().snapshot();
        txn = new Txn(engine.clock().next(), start);
      engine.transactions().opened(txn);
      }
      t = txn;
      // READ COMMITTED (the default) takes a new snapshot per statement; REPEATABLE READ and
      // SERIALIZABLE keep the block's first one.
      snapshot = readCommitted() ? engine.clock().snapshot() : t.startTs();
    }
    if (isolation().equals("serializable") && (!implicit || plan instanceof PlannedDml)) {
      // (a single SELECT outside a block has nothing to validate: it never commits writes)
      engine.transactions().serializable(t);
    }
    if (plan instanceof ExtendedDml x) {
      if (readOnly()) {
        throw new HeliosException(ErrorCode.READ_ONLY_SQL_TRANSACTION,
            "cannot execute " + x.base().kind() + " in a read-only transaction");
      }
      return executeExtended(planner, x, params, implicit, t, snapshot);
    }
    if (plan instanceof PlannedDml d) {
      if (readOnly()) {
        throw new HeliosException(ErrorCode.READ_ONLY_SQL_TRANSACTION,
            "cannot execute " + d.kind() + " in a read-only transaction");
      }
      long count;
      try {
        if (implicit && !isolation().equals("serializable")) {
          // Its only write round may also commit it (ADR 0027); SERIALIZABLE validates its reads first.
          t.mayCommitWithLastWrite();
        }
        try {
          count = runDml(planner, d, params, t, snapshot, implicit);
        } catch (io.heliosdb.planner.exec.CommitWithWriteRefused refused) {
          // That round did not commit and its transaction is aborted: run the statement again the
          // two-round way, where a conflict is waited for and an error is reported as usual.
          sequences.statementStarts();
          t = implicitTxn();
          snapshot = t.startTs();
          count = runDml(planner, d, params, t, snapshot, implicit);
        }
        if (implicit && !t.committedWithWrite()) {
          engine.transactions().commit(planner.catalog(), t);
        }
      } catch (RuntimeException e) {
        if (implicit) {
          engine.transactions().abort(planner.catalog(), t);
        }
        throw e;
      }
      StatementResult done = StatementResult.update(d.kind(), count);
      if (mysql != null && d.kind().equals("UPDATE") && dml.unchangedRows() > 0) {
        done = new StatementResult(d.kind(), List.of(), ResultCursor.EMPTY, count,
            Map.of(CHANGED_ROWS, Long.toString(count - dml.unchangedRows())));
      }
      return sequences.statementFirstValue() != 0 ? done.withLastInsertId(sequences.statementFirstValue()) : done;
    }
    PlannedQuery q = (PlannedQuery) plan;
    RowLocks.Clause lock = pendingLock;
    pendingLock = null;
    if (lock != null) {
      snapshot = lockRows(planner, q, params, t, snapshot, lock);
      if (implicit) {
        engine.transactions().abort(planner.catalog(), t); // a statement's own locks end with it
      }
    }
    ExecutionContext ctx = new ExecutionContext(planner.catalog(), engine.scanner(), snapshot, params,
        q.parameterTypes(), engine.statsSink(), cancelFlag, sessionInfo(), t.id());
    return new StatementResult("SELECT", q.columns(), timeoutAware(openCursor(planner, q, ctx)), 0, Map.of());
  }

  /**
   * Rows are computed while the front end streams them, after {@link #run} returned: an error then
   * still aborts the transaction block, and a cancel the statement_timeout timer caused still says so.
   */
  private ResultCursor timeoutAware(ResultCursor rows) {
    return new ResultCursor() {
      @Override
      public boolean next() {
        try {
          return rows.next();
        } catch (RuntimeException e) {
          HeliosException h = Errors.translate(e);
          if (h.code() == ErrorCode.QUERY_CANCELED && timedOut) {
            h = new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to statement timeout");
          }
          if (state == TransactionState.IN_TRANSACTION) {
            state = TransactionState.FAILED;
          }
          throw h;
        }
      }

      @Override
      public Object[] row() {
        return rows.row();
      }

      @Override
      public void close() {
        rows.close();
      }
    };
  }

  /** The transaction of one statement outside a block: it reads at a new snapshot, its start. */
  private Txn implicitTxn() {
    long snapshot = engine.clock().snapshot();
    return new Txn(engine.clock().next(), snapshot);
  }

  /** Statements outside a block retry an upsert that lost a race for a key this many times (40001). */
  private static final int UPSERT_ATTEMPTS = 5;

  /** DML with RETURNING and / or conflict handling (ExtendedDml). */
  private StatementResult executeExtended(QueryPlanner planner, ExtendedDml x, List<Object> params, boolean implicit,
      Txn first, long firstSnapshot) {
    if (x.mysqlForm() && mysql == null) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \""
          + (x.clauses().conflict().action() == io.heliosdb.planner.sql.DmlClauses.Action.MYSQL_REPLACE ? "REPLACE"
          : x.clauses().conflict().action() == io.heliosdb.planner.sql.DmlClauses.Action.MYSQL_IGNORE ? "IGNORE"
          : "DUPLICATE") + "\"");
    }
    int nBase = x.base().parameterTypes().size();
    int nConflict = x.assignments() == null ? 0 : x.assignments().parameterTypes().size();
    List<Object> baseParams = params.subList(0, nBase);
    List<Object> conflictParams = params.subList(nBase, nBase + nConflict);
    List<Object> returningParams = params.subList(nBase + nConflict, params.size());
    Txn t = first;
    long snapshot = firstSnapshot;
    for (int attempt = 1; ; attempt++) {
      ExecutionContext ctx = new ExecutionContext(planner.catalog(), engine.scanner(), snapshot, baseParams,
          x.base().parameterTypes(), engine.statsSink(), cancelFlag, sessionInfo(), t.id());
      List<Object[]> affected = x.returning() == null ? null : new ArrayList<>();
      long count;
      int warnings = 0;
      try {
        if (x.clauses().conflict() == null) {
          count = dml.execute(planner, x.base(), ctx, t, affected);
        } else {
          InsertConflicts.Outcome o = new InsertConflicts(engine, dml).run(planner, x, ctx, conflictParams, t, affected);
          count = o.count();
          warnings = o.warnings();
        }
        if (implicit) {
          engine.transactions().commit(planner.catalog(), t);
        }
      } catch (HeliosException e) {
        if (implicit) {
          engine.transactions().abort(planner.catalog(), t);
          if (x.clauses().conflict() != null && e.code() == ErrorCode.SERIALIZATION_FAILURE
              && attempt < UPSERT_ATTEMPTS) {
            t = implicitTxn();
            snapshot = t.startTs();
            continue;
          }
        }
        throw e;
      } catch (RuntimeException e) {
        if (implicit) {
          engine.transactions().abort(planner.catalog(), t);
        }
        throw e;
      }
      Map<String, String> changed = warnings == 0 ? Map.of() : Map.of(WARNING_COUNT, Integer.toString(warnings));
      StatementResult result;
      if (x.returning() != null) {
        List<Object[]> rows = InsertConflicts.evaluate(planner, x.returning(), ctx, returningParams,
            Map.of("target", affected));
        result = new StatementResult(x.kind(), x.returning().columns(), ResultCursor.of(rows), count, changed);
      } else {
        result = new StatementResult(x.kind(), List.of(), io.heliosdb.planner.api.ResultCursor.EMPTY, count, changed);
      }
      return sequences.statementFirstValue() != 0 ? result.withLastInsertId(sequences.statementFirstValue()) : result;
    }
  }

  /**
   * Key in {@code changedSettings} under which MySQL sessions learn how many of an UPDATE's matched
   * rows (the row count) it changed; the front end reports that number without CLIENT_FOUND_ROWS.
   */
  public static final String CHANGED_ROWS = "changed_rows";

  /** Key in {@code changedSettings} under which MySQL sessions learn a statement's warning count. */
  public static final String WARNING_COUNT = "warning_count";

  private boolean readCommitted() {
    return isolation().startsWith("read");
  }

  /** A statement that keeps meeting new conflicts gives up after this many restarts (40001). */
  private static final int MAX_STATEMENT_RESTARTS = 100;

  /**
   * Runs one INSERT / UPDATE / DELETE as statement {@code seq} of the transaction. A row another
   * transaction holds makes the statement take back its own writes and wait for that transaction
   * (lock_timeout bounds the wait, a cycle of waits is a deadlock); then, as PostgreSQL does,
   * READ COMMITTED runs the statement again on a new snapshot (it sees the other's commit), and
   * REPEATABLE READ / SERIALIZABLE fail with 40001 if the other committed. A version committed
   * after the snapshot does the same without the wait.
   */
  private long runDml(QueryPlanner planner, PlannedDml d, List<Object> params, Txn t, long snapshot,
      boolean implicit) {
    boolean readCommitted = readCommitted();
    long deadline = lockDeadline();
    Catalog catalog = planner.catalog();
    for (int restarts = 0; ; restarts++) {
      int seq = t.nextStatement();
      ExecutionContext ctx = new ExecutionContext(catalog, engine.scanner(), snapshot, params,
          d.parameterTypes(), engine.statsSink(), cancelFlag, sessionInfo(), t.id());
      try {
        return dml.execute(planner, d, ctx, t);
      } catch (io.heliosdb.planner.exec.LockConflict conflict) {
        engine.transactions().rollbackTo(catalog, t, seq);
        snapshot = waitForHolder(catalog, t, conflict, deadline, readCommitted, snapshot);
      } catch (io.heliosdb.planner.exec.WriteConflict conflict) {
        engine.transactions().rollbackTo(catalog, t, seq);
        if (!readCommitted) {
          throw conflict;
        }
        snapshot = engine.clock().snapshot();
      } catch (RuntimeException e) {
        if (!implicit && mysql != null) {
          engine.transactions().rollbackTo(catalog, t, seq); // MySQL undoes the failed statement only
        }
        throw e;
      }
      if (restarts >= MAX_STATEMENT_RESTARTS) {
        throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE, "could not serialize access due to concurrent update");
      }
    }
  }

  /** The locking clause of the SELECT being run, taken off its text before planning. */
  private RowLocks.Clause pendingLock;

  /**
   * SELECT ... FOR UPDATE / FOR SHARE: locks the rows the query returns with lock-only intents,
   * waiting (as writes do) for transactions holding them. READ COMMITTED re-reads after a holder
   * committed, so the query sees the newest rows; REPEATABLE READ fails with 40001 instead.
   * Returns the snapshot the query then reads at.
   */
  private long lockRows(QueryPlanner planner, PlannedQuery q, List<Object> params, Txn t, long snapshot,
      RowLocks.Clause lock) {
    if (readOnly()) {
      throw new HeliosException(ErrorCode.READ_ONLY_SQL_TRANSACTION,
          "cannot execute SELECT FOR " + lock.words() + " in a read-only transaction");
    }
    if (q.direct() == null) {
      throw HeliosException.notSupported("SELECT ... FOR " + lock.words() + " over more than one table");
    }
    boolean readCommitted = readCommitted();
    long deadline = lockDeadline();
    Catalog catalog = planner.catalog();
    io.heliosdb.metadata.TableDescriptor table = q.direct().scan().table();
    for (int restarts = 0; ; restarts++) {
      int seq = t.nextStatement();
      ExecutionContext ctx = new ExecutionContext(catalog, engine.scanner(), snapshot, params, q.parameterTypes(),
          engine.statsSink(), cancelFlag, sessionInfo(), t.id());
      List<io.heliosdb.planner.exec.CellWriter.Change> locks = new ArrayList<>();
      for (byte[] key : RowLocks.keys(q.direct(), ctx)) {
        locks.add(new io.heliosdb.planner.exec.CellWriter.Change(io.heliosdb.hidb.proto.MutationKind.LOCK, key, null));
      }
      try {
        engine.writer().writeIntents(catalog, table, locks, t, engine.transactions(), snapshot);
        return snapshot;
      } catch (io.heliosdb.planner.exec.LockConflict conflict) {
        engine.transactions().rollbackTo(catalog, t, seq);
        if (lock.nowait()) {
          throw new HeliosException(ErrorCode.LOCK_NOT_AVAILABLE,
              "could not obtain lock on row in relation \"" + table.name() + "\"");
        }
        snapshot = waitForHolder(catalog, t, conflict, deadline, readCommitted, snapshot);
      } catch (io.heliosdb.planner.exec.WriteConflict conflict) {
        engine.transactions().rollbackTo(catalog, t, seq);
        if (!readCommitted) {
          throw conflict;
        }
        snapshot = engine.clock().snapshot();
      }
      if (restarts >= MAX_STATEMENT_RESTARTS) {
        throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE, "could not serialize access due to concurrent update");
      }
    }
  }

  /** System.nanoTime() after which a lock wait fails (lock_timeout; MySQL innodb_lock_wait_timeout). */
  private long lockDeadline() {
    long millis = mysql != null ? mysql.lockWaitTimeoutMillis() : timeoutMillis(settings.get("lock_timeout"));
    return millis <= 0 ? Long.MAX_VALUE : System.nanoTime() + millis * 1_000_000L;
  }

  /** What catalog functions (current_user, current_setting()) read while this statement runs. */
  private io.heliosdb.planner.catalog.SessionInfo sessionInfo() {
    return new io.heliosdb.planner.catalog.SessionInfo(options.user(), engine.config().defaultDatabase(), schema(),
        settings::get, sequences, clock, this::setConfig);
  }

  /**
   * set_config(): a plain setting changes as SET would. A setting PostgreSQL reports to the client
   * (ParameterStatus) is refused, since a function result has no way to carry that report here.
   */
  private String setConfig(String name, String value, boolean local) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (!settings.known(lower) && !lower.contains(".")) {
      throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }
    if (settings.isReported(settings.canonicalName(lower)) || SettingsCommands.isChecked(lower)) {
      throw HeliosException.notSupported("set_config() of \"" + name + "\" (use SET)");
    }
    settings.set(lower, value, local);
    return value;
  }

  static ResultCursor openCursor(QueryPlanner planner, PlannedQuery q, ExecutionContext ctx) {
    if (q.direct() != null) {
      return DirectCursor.open(q.direct(), ctx);
    }
    Enumerator<Object> enumerator;
    try {
      enumerator = q.bindable().bind(planner.dataContext(q, ctx)).enumerator();
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    List<ColumnMeta> columns = q.columns();
    return new ResultCursor() {
      Object[] row;

      @Override
      public boolean next() {
        try {
          // Joins, sorts and aggregates over rows already read do not look at the flag: check per row.
          if (ctx.cancelFlag() != null && ctx.cancelFlag().get()) {
            throw new HeliosException(ErrorCode.QUERY_CANCELED, "canceling statement due to user request");
          }
          if (!enumerator.moveNext()) {
            return false;
          }
          Object[] r = QueryPlanner.asRow(enumerator.current(), columns.size());
          Object[] out = new Object[columns.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = CalciteTypes.fromCalcite(columns.get(i).type(), r[i]);
          }
          row = out;
          return true;
        } catch (RuntimeException e) {
          throw Errors.translate(e);
        }
      }

      @Override
      public Object[] row() {
        return row;
      }

      @Override
      public void close() {
        enumerator.close();
      }
    };
  }
}
