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
  private TransactionState state = TransactionState.IDLE;
  /** The open transaction block's transaction; created at its first statement (null when idle). */
  private Txn txn;
  /** Rows COPY wrote directly inside the block (COPY does not write intents yet), undone on ROLLBACK. */
  private final List<UndoLog.Entry> undo = new ArrayList<>();
  private final Cursors cursors = new Cursors();
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
    this.mysql = options.dialect() == Dialect.MYSQL ? openMySql(options) : null;
  }

  /** MySQL databases are schemas; the translation layer validates and selects the one asked for. */
  private MySqlDialectSession openMySql(SessionOptions options) {
    Map<String, String> startup = options.startupSettings() == null ? Map.of() : options.startupSettings();
    long connectionId = Long.parseLong(startup.getOrDefault(MySqlSessionContext.CONNECTION_ID_SETTING, "0"));
    MySqlSessionContext context = new MySqlSessionContext(sql -> dispatch(sql, null, List.of()),
        () -> engine.metadata().catalog(), () -> state, options.user(), engine.config().defaultDatabase(),
        engine.config().defaultSchema(), connectionId);
    return run(() -> new MySqlDialectSession(context, options.database()));
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
  private Bound checkedBound;

  @Override
  public boolean isPointRead(String sql) {
    checkedSql = null;
    try {
      return checkPointRead(sql);
    } catch (RuntimeException e) {
      return false; // not a plain point read; the statement's own run reports its error
    }
  }

  private boolean checkPointRead(String sql) {
    if (state == TransactionState.FAILED) {
      return false;
    }
    if (mysql != null) {
      sql = mysql.pointReadCandidate(sql); // execute() reaches planned() with this same planner text
      if (sql == null) {
        return false;
      }
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
    NormalizedStatement n = StatementNormalizer.liftLiterals(sql, tokens);
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
    checkedBound = new Bound(plan, params);
    return true;
  }

  /** The cached plan of {@code normalizedText} is a point read and the session can run it now. */
  boolean isPointPlan(String normalizedText) {
    if (state == TransactionState.FAILED) {
      return false;
    }
    QueryPlanner planner = engine.planner();
    Object plan = engine.planCache().peek(schema() + "\u0000" + normalizedText, planner.catalog().version());
    return plan instanceof PlannedQuery q && q.direct() != null && q.direct().scan().isPointLookup();
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
      return run(() -> mysql.execute(sql));
    }
    return run(() -> dispatch(sql, null, List.of()));
  }

  @Override
  public PreparedStatement prepare(String sql, List<DataType> parameterTypeHints) {
    return run(() -> Prepared.create(this, sql, parameterTypeHints));
  }

  @Override
  public StatementResult execute(PreparedStatement statement, List<Object> parameters) {
    Prepared p = (Prepared) statement;
    return run(() -> p.execute(parameters));
  }

  private interface Action<T> {
    T run();
  }

  /** Common error handling: a failure inside a transaction block aborts the block. */
  private <T> T run(Action<T> action) {
    armStatementTimeout();
    try {
      return action.run();
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
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

  private java.util.concurrent.ScheduledFuture<?> timeoutTimer;
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
    long millis = timeoutMillis(settings.get("statement_timeout"));
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
          // A block runs at default_transaction_isolation unless BEGIN ISOLATION LEVEL (or a SET
          // TRANSACTION inside the block) says otherwise; drivers such as psycopg2 send the former.
          settings.set("transaction_isolation", settings.get("default_transaction_isolation"));
          SettingsCommands.beginCharacteristics(settings, tokens);
        }
        return StatementResult.command("BEGIN");
      case "COMMIT", "END":
        if (state == TransactionState.FAILED) {
          rollback();
          return StatementResult.command("ROLLBACK");
        }
        commitBlock();
        return StatementResult.command("COMMIT");
      case "ROLLBACK", "ABORT":
        rollback();
        return StatementResult.command("ROLLBACK");
      case "SET":
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
      case "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "":
        return planned(sql, prepared, params);
      case "DECLARE":
        return cursors.declare(tokens, sql, state == TransactionState.IN_TRANSACTION,
            query -> planned(query, null, List.of()));
      case "FETCH", "MOVE":
        return cursors.fetch(tokens, first.equals("MOVE"));
      case "CLOSE":
        return cursors.close(tokens);
      case "ALTER", "TRUNCATE", "GRANT", "REVOKE", "VACUUM", "ANALYZE", "LISTEN", "NOTIFY", "PREPARE", "EXECUTE", "DEALLOCATE", "LOCK", "DISCARD",
          "COMMENT", "SAVEPOINT", "RELEASE", "CALL", "DO", "REINDEX", "CLUSTER", "CHECKPOINT", "MERGE":
        throw HeliosException.notSupported(first + " statements");
      default:
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + tokens.get(0).text() + "\"");
    }
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
    settings.set("transaction_isolation", settings.get("default_transaction_isolation"));
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
      settings.set("transaction_isolation", settings.get("default_transaction_isolation"));
    }
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
    Catalog after = engine.metadata().submit(command);
    if (command instanceof CatalogCommand.CreateTable ct) {
      after.table(ct.schema(), ct.name()).ifPresent(t -> {
        if (before.table(ct.schema(), ct.name()).isEmpty()) {
          engine.shards().createShards(after, t);
        }
      });
      return StatementResult.command("CREATE TABLE");
    }
    if (command instanceof CatalogCommand.DropTable dt) {
      before.table(dt.schema(), dt.name()).ifPresent(t -> engine.shards().dropShards(after, t));
      return StatementResult.command("DROP TABLE");
    }
    if (command instanceof CatalogCommand.CreateSchema) {
      return StatementResult.command("CREATE SCHEMA");
    }
    if (command instanceof CatalogCommand.DropSchema ds) {
      for (TableDescriptor t : before.tablesIn(ds.name())) {
        if (after.tables().get(t.tableId()) == null) {
          engine.shards().dropShards(after, t);
        }
      }
      return StatementResult.command("DROP SCHEMA");
    }
    return StatementResult.command("CREATE");
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
        new ListCursor(rows), rows.size(), Map.of());
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
    Object plan = plan(n.text());
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
    QueryPlanner planner = engine.planner();
    String key = schema() + "\u0000" + text;
    long version = planner.catalog().version();
    Object cached = engine.planCache().get(key, version);
    if (cached != null) {
      return cached;
    }
    SqlNode node = QueryPlanner.parse(text);
    Object plan = switch (node.getKind()) {
      case INSERT, UPDATE, DELETE -> planner.planDml(node, schema());
      default -> {
        if (!node.isA(SqlKind.QUERY)) {
          throw HeliosException.notSupported("statement " + node.getKind());
        }
        yield planner.planQuery(node, schema());
      }
    };
    engine.planCache().put(key, version, plan);
    return plan;
  }

  static List<DataType> parameterTypes(Object plan) {
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
      out.add(c);
    }
    return out;
  }

  StatementResult executePlan(Object plan, List<Object> params) {
    QueryPlanner planner = engine.planner();
    // Inside a block every statement reads as the block's transaction (its own writes visible);
    // outside, each statement is its own transaction.
    Txn t;
    long snapshot;
    boolean implicit = state != TransactionState.IN_TRANSACTION;
    if (implicit) {
      snapshot = engine.clock().snapshot();
      t = new Txn(engine.clock().next(), snapshot);
    } else {
      if (txn == null) {
        long start = engine.clock().snapshot();
        txn = new Txn(engine.clock().next(), start);
      }
      t = txn;
      // READ COMMITTED (the default) takes a new snapshot per statement; REPEATABLE READ and
      // SERIALIZABLE keep the block's first one.
      snapshot = readCommitted() ? engine.clock().snapshot() : t.startTs();
    }
    if (plan instanceof PlannedDml d) {
      ExecutionContext ctx = new ExecutionContext(planner.catalog(), engine.scanner(), snapshot, params,
          d.parameterTypes(), engine.statsSink(), cancelFlag, sessionInfo(), t.id());
      long count;
      try {
        count = dml.execute(planner, d, ctx, t);
        if (implicit) {
          engine.transactions().commit(planner.catalog(), t);
        }
      } catch (RuntimeException e) {
        if (implicit) {
          engine.transactions().abort(planner.catalog(), t);
        }
        throw e;
      }
      return StatementResult.update(d.kind(), count);
    }
    PlannedQuery q = (PlannedQuery) plan;
    ExecutionContext ctx = new ExecutionContext(planner.catalog(), engine.scanner(), snapshot, params,
        q.parameterTypes(), engine.statsSink(), cancelFlag, sessionInfo(), t.id());
    return new StatementResult("SELECT", q.columns(), openCursor(planner, q, ctx), 0, Map.of());
  }

  private boolean readCommitted() {
    String level = settings.get("transaction_isolation");
    return level == null || level.startsWith("read");
  }

  /** What catalog functions (current_user, current_setting()) read while this statement runs. */
  private io.heliosdb.planner.catalog.SessionInfo sessionInfo() {
    return new io.heliosdb.planner.catalog.SessionInfo(options.user(), engine.config().defaultDatabase(), schema(),
        settings::get);
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

  /** A cursor over rows already in memory (SHOW, EXPLAIN). */
  static final class ListCursor implements ResultCursor {
    private final List<Object[]> rows;
    private int next;
    private Object[] current;

    ListCursor(List<Object[]> rows) {
      this.rows = rows;
    }

    @Override
    public boolean next() {
      if (next >= rows.size()) {
        return false;
      }
      current = rows.get(next++);
      return true;
    }

    @Override
    public Object[] row() {
      return current;
    }

    @Override
    public void close() {}
  }
}
