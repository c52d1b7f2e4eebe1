package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import io.heliosdb.planner.sql.NormalizedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The MySQL side of one session: current database, autocommit and session variables. Each
 * statement is either answered here (SET, SHOW, USE, DESCRIBE, selects of variables) or
 * translated by {@link MySqlTranslator} and run by the planner. With autocommit off a
 * statement outside a transaction first opens one, and statements that commit implicitly in
 * MySQL (DDL, SET autocommit=1, BEGIN inside a transaction) do so here too.
 *
 * <p>A result whose {@code changedSettings} holds "autocommit" tells the front end the new mode
 * (MySQL reports it in every OK packet's status flags).
 */
public final class MySqlDialectSession {
  /** The setting a front end reads from {@code changedSettings} to learn the autocommit mode. */
  public static final String AUTOCOMMIT = "autocommit";

  private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema");

  private final MySqlSessionContext context;
  private final MySqlVariables variables = new MySqlVariables();
  private final MySqlShowCommands show = new MySqlShowCommands(this);
  private final MySqlStatementTemplates templates;
  /** Runs the planner's normalized text with lifted literals; null when they do not fit its plan. */
  private Function<NormalizedStatement, StatementResult> liftedRunner;
  private String database;
  private boolean autocommit = true;

  /**
   * @param database the database the client connected to, or null/empty for none
   * @throws HeliosException UNDEFINED_DATABASE when it does not exist
   */
  public MySqlDialectSession(MySqlSessionContext context, String database) {
    this(context, database, new MySqlTemplateStore());
  }

  /**
   * @param templateStore statement templates shared with the server's other MySQL sessions
   * @throws HeliosException UNDEFINED_DATABASE when the database does not exist
   */
  public MySqlDialectSession(MySqlSessionContext context, String database, MySqlTemplateStore templateStore) {
    this.context = context;
    this.templates = new MySqlStatementTemplates(templateStore);
    if (database != null && !database.isEmpty()) {
      use(database);
    }
  }

  /**
   * Lets statements of a shape seen before skip translation (see {@link MySqlStatementTemplates}):
   * {@code runner} runs the planner's normalized text with the lifted literal values as planning
   * the translated text would, or answers null when the values do not fit the cached plan.
   */
  public void liftedRunner(Function<NormalizedStatement, StatementResult> runner) {
    this.liftedRunner = runner;
  }

  public boolean autocommit() {
    return autocommit;
  }

  /** The current database (MySQL DATABASE()), or null when none is selected. */
  public String currentDatabase() {
    return database;
  }

  public StatementResult execute(String sql) {
    try {
      PointReadCandidate approved = approvedPointRead;
      approvedPointRead = null;
      if (approved != null && sql.equals(approvedPointReadSql)) {
        // a plain SELECT: what dispatch() would run
        if (approved.lifted() != null) {
          StatementResult result = liftedRunner.apply(approved.lifted());
          if (result != null) {
            return result;
          }
        } else {
          return context.planner().apply(approved.plannerText());
        }
      }
      return dispatch(sql);
    } catch (HeliosException e) {
      if ((e.code() == ErrorCode.SERIALIZATION_FAILURE || e.code() == ErrorCode.DEADLOCK_DETECTED)
          && context.transactionState().get() != TransactionState.IDLE) {
        // MySQL rolls the whole transaction back on ER_LOCK_DEADLOCK (1213): the client's next
        // statement starts afresh, where PostgreSQL would keep the block aborted until ROLLBACK.
        context.planner().apply("ROLLBACK");
      }
      throw e;
    }
  }

  private StatementResult dispatch(String sql) {
    if (MySqlLexer.hasVersionComment(sql)) {
      throw HeliosException.notSupported("MySQL version comments (/*!NNNNN ... */: mysqld runs their text)");
    }
    List<Token> tokens = MySqlLexer.tokenize(sql);
    if (tokens.isEmpty()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "Query was empty");
    }
    Token head = tokens.get(0);
    String first = head.kind() == Kind.WORD ? head.text().toUpperCase(Locale.ROOT) : "";
    return switch (first) {
      case "SET" -> set(tokens);
      case "SHOW" -> show.show(tokens);
      case "USE" -> {
        if (tokens.size() < 2) {
          throw syntax("USE");
        }
        use(MySqlShowCommands.name(tokens.get(1)));
        yield StatementResult.command("USE");
      }
      case "DESCRIBE", "DESC" -> show.describe(tokens);
      case "EXPLAIN" -> tokens.size() > 1 && (tokens.get(1).kind() == Kind.BACKTICK_IDENT
          || (tokens.get(1).kind() == Kind.WORD && !isStatementWord(tokens.get(1))))
          ? show.describe(tokens) : planned(sql, tokens, false);
      case "BEGIN", "START" -> begin(tokens);
      case "COMMIT" -> context.planner().apply("COMMIT");
      case "ROLLBACK" -> {
        for (Token t : tokens) {
          if (t.isWord("to")) {
            yield planned(sql, tokens, false); // ROLLBACK [WORK] TO [SAVEPOINT] name: the planner's grammar
          }
        }
        yield context.planner().apply("ROLLBACK");
      }
      case "CREATE", "DROP", "ALTER" -> ddl(sql, tokens);
      case "SELECT" -> {
        StatementResult answered = selectOfSessionValues(tokens);
        yield answered != null ? answered : planned(sql, tokens, true);
      }
      case "UPDATE", "DELETE" -> {
        String limited = MySqlLimitedDml.rewrite(sql, tokens, show::describeTable);
        yield limited == null ? planned(sql, tokens, true) : planned(limited, MySqlLexer.tokenize(limited), true);
      }
      case "INSERT", "REPLACE" -> {
        String valuesForm = MySqlInsertSet.asValues(sql, tokens);
        yield remember(valuesForm == null ? planned(sql, tokens, true)
            : planned(valuesForm, MySqlLexer.tokenize(valuesForm), true));
      }
      case "LOCK", "UNLOCK", "KILL", "HANDLER", "LOAD", "FLUSH", "RENAME", "OPTIMIZE", "REPAIR", "XA" ->
          throw HeliosException.notSupported(first);
      default -> planned(sql, tokens, true);
    };
  }

  /** The planner's error {@code e} from {@code sql} as MySQL words it (see {@link MySqlErrorWording}). */
  public HeliosException reword(HeliosException e, String sql) {
    return MySqlErrorWording.reword(e, sql, database);
  }

  // ---- server-side prepared statements

  /**
   * Prepares one statement with {@code ?} placeholders (COM_STMT_PREPARE). Plain queries and DML
   * are translated and prepared by the planner; what the dialect answers itself is kept as text
   * and takes no parameters. Result columns of SHOW, DESCRIBE and selects of session values are
   * learnt by running them once here (they only read).
   *
   * @param parameterTypeHints types the client bound per placeholder (null entries = infer), or null
   */
  public MySqlPreparedStatement prepare(String sql, List<DataType> parameterTypeHints) {
    if (MySqlLexer.hasVersionComment(sql)) {
      throw HeliosException.notSupported("MySQL version comments (/*!NNNNN ... */: mysqld runs their text)");
    }
    List<Token> tokens = MySqlLexer.tokenize(sql);
    if (tokens.isEmpty()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "Query was empty");
    }
    int placeholders = 0;
    boolean multiple = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() == Kind.PLACEHOLDER) {
        placeholders++;
      } else if (t.kind() == Kind.SEMICOLON && i + 1 < tokens.size()) {
        multiple = true;
      }
    }
    if (multiple) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "You have an error in your SQL syntax; check the manual that "
          + "corresponds to your MySQL server version for the right syntax to use near '"
          + abbreviate(sql.substring(tokens.get(0).end())) + "' at line 1");
    }
    Token head = tokens.get(0);
    String first = head.kind() == Kind.WORD ? head.text().toUpperCase(Locale.ROOT) : "";
    if (isPlannedStatement(first, tokens)) {
      String translated = translator().toPlannerWithMarkers(sql, tokens);
      try {
        return new MySqlPreparedStatement(sql, context.preparer().apply(translated, parameterTypeHints), List.of(), first);
      } catch (RuntimeException e) {
        if (placeholders > 0 && parameterTypeHints == null && isParameterInference(e)) {
          return new MySqlPreparedStatement(sql, null, List.of(), first, placeholders);
        }
        throw e;
      }
    }
    if (placeholders > 0) {
      throw HeliosException.notSupported("parameters in " + (first.isEmpty() ? "this" : first) + " statements");
    }
    List<ColumnMeta> columns = List.of();
    // only statements that read nothing but metadata are run here (not EXPLAIN ANALYZE, which runs the query)
    if (first.equals("SHOW") || first.equals("DESCRIBE") || first.equals("DESC") || first.equals("SELECT")
        || (first.equals("EXPLAIN") && !(tokens.size() > 1 && tokens.get(1).isWord("analyze")))) {
      StatementResult probe = execute(sql);
      try (var rows = probe.rows()) {
        columns = probe.columns();
      }
    }
    return new MySqlPreparedStatement(sql, null, columns, first);
  }

  /** Runs a statement {@link #prepare} made (COM_STMT_EXECUTE). */
  public StatementResult execute(MySqlPreparedStatement statement, List<Object> parameters) {
    if (statement.isDeferred()) {
      // the client's types did not help (all strings or NULLs): plan as is, whose error is the user's
      try (MySqlPreparedStatement planned = prepare(statement.sql(), java.util.Collections.nCopies(
          statement.parameterTypes().size(), (DataType) null))) {
        return execute(planned, parameters);
      }
    }
    if (statement.planned() == null) {
      return execute(statement.sql());
    }
    if (!autocommit && context.transactionState().get() == TransactionState.IDLE) {
      context.planner().apply("BEGIN"); // as planned(): with autocommit off every statement opens one
    }
    return context.preparedRunner().apply(statement.planned(), parameters);
  }

  /** Whether planning failed only because a placeholder's type could not be inferred (Calcite's wording). */
  private static boolean isParameterInference(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("dynamic parameter")) {
        return true;
      }
    }
    return false;
  }

  /** Statements the planner prepares: plain queries and DML (not the dialect's own SELECTs of variables). */
  private boolean isPlannedStatement(String first, List<Token> tokens) {
    switch (first.toUpperCase(Locale.ROOT)) {
      case "SELECT":
        return selectOfSessionValuesOrNull(tokens) == null;
      case "WITH", "VALUES", "TABLE", "UPDATE", "DELETE":
        return true;
      case "INSERT":
        for (Token t : tokens) {
          if (t.isWord("ignore") || t.isWord("duplicate")) {
            return false; // the dialect's own handling (or refusal) applies
          }
        }
        return true;
      default:
        return false;
    }
  }

  private StatementResult selectOfSessionValuesOrNull(List<Token> tokens) {
    for (Token t : tokens) {
      if (t.kind() == Kind.PLACEHOLDER) {
        return null;
      }
    }
    return selectOfSessionValues(tokens);
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 80 ? t.substring(0, 80) : t;
  }

  /**
   * The planner text of {@code sql} when it may be a point read the front end can run on its I/O
   * thread: one plain SELECT without variables, in a session that needs no implicit BEGIN. Null
   * otherwise; the planner then decides from the cached plan.
   */
  public PointReadCandidate pointReadCandidate(String sql) {
    if (!autocommit && context.transactionState().get() == TransactionState.IDLE) {
      return null;
    }
    List<Token> tokens = MySqlLexer.tokenize(sql);
    if (tokens.isEmpty() || !tokens.get(0).isWord("select") || MySqlLexer.hasVersionComment(sql)) {
      return null; // not a SELECT, or one with a version comment, which dispatch() refuses
    }
    for (Token t : tokens) {
      switch (t.kind()) {
        case SEMICOLON, SYSTEM_VARIABLE, USER_VARIABLE, PLACEHOLDER -> {
          return null;
        }
        default -> { }
      }
    }
    String shape = liftedRunner == null ? null : templates.shapeOf(sql, tokens);
    if (shape != null) {
      NormalizedStatement lifted = templates.lift(shape, tokens);
      if (lifted != null) {
        return new PointReadCandidate(null, lifted);
      }
    }
    return new PointReadCandidate(translate(sql, tokens, shape), null);
  }

  /**
   * A SELECT the front end may run on its I/O thread if its cached plan is a point read: either
   * its planner text, or (for a shape seen before) that text's lifted form, never both.
   */
  public record PointReadCandidate(String plannerText, NormalizedStatement lifted) {}

  /**
   * The planner approved {@code sql} as a point read: the following execute(sql) runs {@code
   * candidate} instead of lexing and translating again.
   */
  public void approvedPointRead(String sql, PointReadCandidate candidate) {
    approvedPointReadSql = sql;
    approvedPointRead = candidate;
  }

  private String approvedPointReadSql;
  private PointReadCandidate approvedPointRead;

  // ---- transactions

  private StatementResult begin(List<Token> tokens) {
    if (context.transactionState().get() != TransactionState.IDLE) {
      context.planner().apply("COMMIT"); // MySQL: BEGIN inside a transaction commits it first
    }
    String mode = "";
    for (int i = 1; i + 1 < tokens.size(); i++) {
      if (tokens.get(i).isWord("read") && tokens.get(i + 1).isWord("only")) {
        mode = " READ ONLY";
      } else if (tokens.get(i).isWord("read") && tokens.get(i + 1).isWord("write")) {
        mode = " READ WRITE";
      }
    }
    context.planner().apply("BEGIN" + mode);
    return StatementResult.command("BEGIN");
  }

  /** The isolation level transactions of this session use, in PostgreSQL spelling ("read committed"). */
  public String isolation() {
    derive();
    return isolation;
  }

  /** SET [SESSION] TRANSACTION READ ONLY / transaction_read_only = 1. */
  public boolean readOnlyByDefault() {
    derive();
    return readOnlyByDefault;
  }

  /** innodb_lock_wait_timeout in milliseconds (MySQL counts seconds; default 50). */
  public long lockWaitTimeoutMillis() {
    derive();
    return lockWaitTimeoutMillis;
  }

  // Read by every statement: derived again only after a SET (variable lookups lower-case the name
  // and walk two tree maps).
  private int derivedAt = -1;
  private String isolation;
  private boolean readOnlyByDefault;
  private long lockWaitTimeoutMillis;

  private void derive() {
    if (derivedAt == variables.changes()) {
      return;
    }
    isolation = String.valueOf(variables.get("transaction_isolation")).toLowerCase(Locale.ROOT).replace('-', ' ');
    Object readOnly = variables.get("transaction_read_only");
    readOnlyByDefault = readOnly instanceof Number n ? n.longValue() != 0
        : "1".equals(String.valueOf(readOnly)) || "ON".equalsIgnoreCase(String.valueOf(readOnly));
    Object wait = variables.get("innodb_lock_wait_timeout");
    try {
      lockWaitTimeoutMillis = Long.parseLong(String.valueOf(wait)) * 1000L;
    } catch (NumberFormatException e) {
      lockWaitTimeoutMillis = 50_000L;
    }
    derivedAt = variables.changes();
  }

  /** LAST_INSERT_ID(): the first value generated for an AUTO_INCREMENT column by the last INSERT that generated one. */
  private long lastInsertId;

  private StatementResult remember(StatementResult result) {
    if (result.lastInsertId() != 0) {
      lastInsertId = result.lastInsertId();
    }
    return result;
  }

  /** Translates and runs; with autocommit off, a statement outside a transaction opens one first. */
  private StatementResult planned(String sql, List<Token> tokens, boolean transactional) {
    String shape = liftedRunner == null ? null : templates.shapeOf(sql, tokens);
    if (shape != null) {
      NormalizedStatement lifted = templates.lift(shape, tokens);
      if (lifted != null) {
        beginIfImplicit(transactional);
        StatementResult result = liftedRunner.apply(lifted);
        if (result != null) {
          return result;
        }
        templates.unusable(shape); // the values do not fit the plan: the full path, as at first sight
      }
    }
    String translated = translate(sql, tokens, shape);
    beginIfImplicit(transactional);
    return context.planner().apply(translated);
  }

  /** With autocommit off, a statement outside a transaction opens one first. */
  private void beginIfImplicit(boolean transactional) {
    if (transactional && !autocommit && context.transactionState().get() == TransactionState.IDLE) {
      context.planner().apply("BEGIN");
    }
  }

  /** The planner text of {@code sql}; learns the template of {@code shape} (when not null and not known unusable). */
  private String translate(String sql, List<Token> tokens, String shape) {
    if (shape == null || templates.isUnusable(shape)) {
      return translator().toPlanner(sql, tokens);
    }
    MySqlTranslator.Traced traced = translator().toPlannerTraced(sql, tokens);
    templates.learn(shape, tokens, traced);
    return traced.text();
  }

  private static boolean isStatementWord(Token t) {
    return Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "FORMAT", "ANALYZE", "VALUES", "TABLE")
        .contains(t.text().toUpperCase(Locale.ROOT));
  }

  // ---- DDL

  private StatementResult ddl(String sql, List<Token> tokens) {
    if (context.transactionState().get() != TransactionState.IDLE) {
      context.planner().apply("COMMIT"); // DDL commits implicitly in MySQL
    }
    if (tokens.size() > 2 && (tokens.get(1).isWord("database") || tokens.get(1).isWord("schema"))) {
      return databaseDdl(tokens);
    }
    return context.planner().apply(translator().toPlanner(sql, tokens));
  }

  /** CREATE/DROP DATABASE x: databases are schemas; the default database cannot be created or dropped. */
  private StatementResult databaseDdl(List<Token> tokens) {
    boolean create = tokens.get(0).isWord("create");
    int i = 2;
    boolean ifClause = false;
    if (i + 1 < tokens.size() && tokens.get(i).isWord("if")) {
      ifClause = true;
      i += create ? 3 : 2;
    }
    if (i >= tokens.size()) {
      throw syntax(create ? "CREATE DATABASE" : "DROP DATABASE");
    }
    String db = MySqlShowCommands.name(tokens.get(i));
    if (db.equals(context.defaultDatabase()) || db.equals(context.defaultSchema()) || SYSTEM_SCHEMAS.contains(db)) {
      if (create && ifClause) {
        return StatementResult.update("CREATE DATABASE", 1);
      }
      throw new HeliosException(create ? ErrorCode.DUPLICATE_SCHEMA : ErrorCode.INSUFFICIENT_PRIVILEGE,
          create ? "Can't create database '" + db + "'; database exists" : "Can't drop database '" + db + "'");
    }
    String quoted = MySqlTranslator.quoteIdentifier(db);
    if (create) {
      context.planner().apply("CREATE SCHEMA " + (ifClause ? "IF NOT EXISTS " : "") + quoted);
      return StatementResult.update("CREATE DATABASE", 1);
    }
    if (!catalog().schemas().contains(db)) {
      if (ifClause) {
        return StatementResult.update("DROP DATABASE", 0);
      }
      throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "Can't drop database '" + db + "'; database doesn't exist");
    }
    int tables = catalog().tablesIn(db).size();
    context.planner().apply("DROP SCHEMA " + quoted + " CASCADE");
    if (db.equals(database)) {
      database = null;
    }
    return StatementResult.update("DROP DATABASE", tables);
  }

  // ---- databases

  /** USE db: the schema becomes the first on the search path. */
  void use(String db) {
    String schema = schemaOf(db);
    context.planner().apply("SET search_path TO " + MySqlTranslator.quoteIdentifier(schema));
    database = db.equals(context.defaultSchema()) ? context.defaultDatabase() : db;
    templates.context(translationContext());
  }

  /**
   * What a translation may read besides the statement: the current database and the session's
   * variables (templates are kept per value of this).
   */
  private String translationContext() {
    Map<String, Object> changed = variables.sessionValues();
    return (database == null ? "" : database) + (changed.isEmpty() ? "" : "\u0000" + changed);
  }

  /** The schema a database name maps to, or UNDEFINED_DATABASE (MySQL 1049). */
  String schemaOf(String db) {
    String name = db.toLowerCase(Locale.ROOT);
    if (name.equals(context.defaultDatabase())) {
      return context.defaultSchema();
    }
    if (!catalog().schemas().contains(name) || SYSTEM_SCHEMAS.contains(name)) {
      throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "Unknown database '" + db + "'");
    }
    return name;
  }

  String currentDatabaseOrFail() {
    if (database == null) {
      throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "No database selected");
    }
    return database;
  }

  /** Database names as SHOW DATABASES lists them. */
  List<String> databases() {
    Set<String> names = new TreeSet<>();
    names.add(context.defaultDatabase());
    for (String schema : catalog().schemas()) {
      if (!schema.equals(context.defaultSchema()) && !SYSTEM_SCHEMAS.contains(schema)) {
        names.add(schema);
      }
    }
    return new ArrayList<>(names);
  }

  Catalog catalog() {
    return context.catalog().get();
  }

  MySqlVariables variables() {
    return variables;
  }

  private MySqlTranslator translator() {
    return new MySqlTranslator(variables, database, context.connectionId(), context.user(), lastInsertId);
  }

  // ---- SET

  private StatementResult set(List<Token> t) {
    try {
      return assign(t);
    } finally {
      templates.context(translationContext()); // translations may read session variables
    }
  }

  private StatementResult assign(List<Token> t) {
    // All or nothing, as in MySQL: a failing assignment leaves every variable as it was, and
    // autocommit (which may commit) changes only once the whole statement was read.
    Map<String, Object> before = variables.sessionValues();
    Object autocommitValue;
    try {
      autocommitValue = assignAll(t);
    } catch (RuntimeException e) {
      variables.restore(before);
      throw e;
    }
    String changedAutocommit = autocommitValue == NO_CHANGE ? null : setAutocommit(autocommitValue);
    if (changedAutocommit != null) {
      return new StatementResult("SET", List.of(), io.heliosdb.planner.api.ResultCursor.EMPTY, 0,
          Map.of(AUTOCOMMIT, changedAutocommit));
    }
    return StatementResult.command("SET");
  }

  private static final Object NO_CHANGE = new Object();

  /** The assignments of a SET statement; returns the value autocommit is to take, or NO_CHANGE. */
  private Object assignAll(List<Token> t) {
    int i = 1;
    Object autocommitValue = NO_CHANGE;
    while (i < t.size()) {
      String scope = "session";
      if (t.get(i).isWord("session") || t.get(i).isWord("local")) {
        i++;
      } else if (t.get(i).isWord("global") || t.get(i).isWord("persist") || t.get(i).isWord("persist_only")) {
        throw HeliosException.notSupported("SET GLOBAL");
      }
      if (i >= t.size()) {
        throw syntax("SET");
      }
      Token name = t.get(i);
      if (name.isWord("names") || name.isWord("charset") || (name.isWord("character") && i + 1 < t.size())) {
        i = setCharset(t, name.isWord("character") ? i + 2 : i + 1, name.isWord("names"));
      } else if (name.isWord("transaction")) {
        i = setTransaction(t, i + 1);
      } else if (name.kind() == Kind.USER_VARIABLE) {
        throw HeliosException.notSupported("user variables (" + name.text() + ")");
      } else {
        String variable = name.kind() == Kind.SYSTEM_VARIABLE ? MySqlTranslator.variableName(name.text())
            : name.kind() == Kind.BACKTICK_IDENT ? MySqlLexer.identifierValue(name.text()) : name.text();
        if (name.kind() == Kind.SYSTEM_VARIABLE && name.text().toLowerCase(Locale.ROOT).startsWith("@@global.")) {
          throw HeliosException.notSupported("SET GLOBAL");
        }
        i++;
        if (i >= t.size() || !(t.get(i).isPunct("=") || t.get(i).isPunct(":="))) {
          throw syntax("SET " + variable);
        }
        i++;
        if (i >= t.size()) {
          throw syntax("SET " + variable);
        }
        int end = MySqlLexer.expressionEnd(t, i);
        Object value = end == i + 1 ? setValue(t.get(i)) : evaluate(t, i, end);
        i = end;
        if (variable.equalsIgnoreCase("sql_mode") && value instanceof String modes) {
          // as mysqld stores it: upper case, empty entries dropped ('A,,B' from Rails' REPLACEs)
          value = java.util.Arrays.stream(modes.split(",")).map(String::trim).filter(m -> !m.isEmpty())
              .map(m -> m.toUpperCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(","));
        }
        if (variable.equalsIgnoreCase("time_zone") && !isUtc(value)) {
          // NOW(), CURDATE() and TIMESTAMP values are UTC; storing another zone would only pretend
          throw HeliosException.notSupported("time_zone other than UTC ('+00:00', 'UTC', 'SYSTEM')");
        }
        if (variable.equalsIgnoreCase(AUTOCOMMIT)) {
          autocommitValue = value;
        } else {
          variables.set(variable, value);
          if (variable.equalsIgnoreCase("transaction_isolation") || variable.equalsIgnoreCase("tx_isolation")) {
            variables.set(variable.equalsIgnoreCase("tx_isolation") ? "transaction_isolation" : "tx_isolation", value);
          }
        }
      }
      if (i < t.size() && t.get(i).isPunct(",")) {
        i++;
      } else if (i < t.size() && t.get(i).kind() != Kind.SEMICOLON) {
        throw syntax("SET");
      } else {
        break;
      }
    }
    return autocommitValue;
  }

  /** time_zone values that mean UTC here: '+00:00' (and '-00:00', '+0:00'), 'UTC', and 'SYSTEM' (the server's zone is UTC). */
  private static boolean isUtc(Object value) {
    String zone = String.valueOf(value).trim().toUpperCase(Locale.ROOT);
    return zone.equals("SYSTEM") || zone.equals("UTC") || zone.equals("Z") || zone.matches("[+-]0?0:00");
  }

  /**
   * A SET value that is an expression ({@code CONCAT(@@sql_mode, ',X')}, as Rails sets sql_mode):
   * the value of {@code SELECT <the expression as written>}, run like any query of the session.
   */
  private Object evaluate(List<Token> t, int from, int to) {
    String source = t.get(from).source();
    if (source == null) {
      throw syntax("SET");
    }
    String expression = source.substring(t.get(from).start(), t.get(to - 1).end());
    StatementResult result = dispatch("SELECT " + expression + " AS v"); // an alias: no label from the text
    try (io.heliosdb.planner.api.ResultCursor rows = result.rows()) {
      if (rows == null || !rows.next()) {
        throw syntax("SET");
      }
      Object v = rows.row()[0];
      if (v instanceof Number n && !(v instanceof java.math.BigDecimal) && !(v instanceof Double)
          && !(v instanceof Float)) {
        return n.longValue();
      }
      return v == null ? null : v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
          : v.toString();
    }
  }

  /** SET autocommit: turning it on commits an open transaction (as MySQL does). */
  private String setAutocommit(Object value) {
    boolean on;
    if (value == null) {
      on = true;
    } else if (value instanceof Long l) {
      on = l != 0;
    } else {
      String s = value.toString().toUpperCase(Locale.ROOT);
      if (s.equals("ON") || s.equals("TRUE")) {
        on = true;
      } else if (s.equals("OFF") || s.equals("FALSE")) {
        on = false;
      } else {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "Variable 'autocommit' can't be set to the value of '" + value + "'");
      }
    }
    if (on && !autocommit && context.transactionState().get() != TransactionState.IDLE) {
      context.planner().apply("COMMIT");
    }
    autocommit = on;
    variables.set(AUTOCOMMIT, on ? 1L : 0L);
    return on ? "ON" : "OFF";
  }

  private static Object setValue(Token v) {
    return switch (v.kind()) {
      case NUMBER -> {
        try {
          yield Long.parseLong(v.text());
        } catch (NumberFormatException e) {
          yield v.text();
        }
      }
      case STRING -> MySqlLexer.stringValue(v.text());
      case WORD -> v.isWord("default") ? null : v.text();
      case BACKTICK_IDENT -> MySqlLexer.identifierValue(v.text());
      default -> throw new HeliosException(ErrorCode.SYNTAX_ERROR,
          "You have an error in your SQL syntax near '" + v.text() + "'");
    };
  }

  /** SET NAMES x [COLLATE y] / SET CHARACTER SET x: HeliosDB speaks UTF-8 only. */
  private int setCharset(List<Token> t, int i, boolean names) {
    if (i >= t.size()) {
      throw syntax("SET NAMES");
    }
    Token v = t.get(i);
    String charset = v.kind() == Kind.STRING ? MySqlLexer.stringValue(v.text()) : v.text();
    String lower = charset.toLowerCase(Locale.ROOT);
    if (!lower.equals("utf8mb4") && !lower.equals("utf8") && !lower.equals("utf8mb3") && !lower.equals("default")
        && !lower.equals("ascii")) {
      throw HeliosException.notSupported("character set '" + charset + "' (only utf8mb4)");
    }
    i++;
    String collation = "utf8mb4_0900_ai_ci";
    if (names && i + 1 < t.size() && t.get(i).isWord("collate")) {
      Token c = t.get(i + 1);
      collation = c.kind() == Kind.STRING ? MySqlLexer.stringValue(c.text()) : c.text();
      i += 2;
    }
    for (String var : List.of("character_set_client", "character_set_connection", "character_set_results")) {
      variables.set(var, "utf8mb4");
    }
    variables.set("collation_connection", collation);
    return i;
  }

  /** SET [SESSION] TRANSACTION characteristic [, characteristic]: ISOLATION LEVEL ... | READ ONLY | READ WRITE. */
  private int setTransaction(List<Token> t, int i) {
    while (i < t.size() && t.get(i).kind() != Kind.SEMICOLON) {
      if (t.get(i).isPunct(",")) {
        // a comma joins characteristics of the one SET TRANSACTION; anything else starts the next assignment
        if (i + 1 < t.size() && (t.get(i + 1).isWord("isolation") || t.get(i + 1).isWord("read"))) {
          i++;
          continue;
        }
        break;
      }
      if (t.get(i).isWord("isolation") && i + 2 < t.size() && t.get(i + 1).isWord("level")) {
        StringBuilder level = new StringBuilder(t.get(i + 2).text().toUpperCase(Locale.ROOT));
        i += 3;
        // READ COMMITTED, READ UNCOMMITTED and REPEATABLE READ have a second word
        if (i < t.size() && t.get(i).kind() == Kind.WORD
            && (level.toString().equals("READ") || level.toString().equals("REPEATABLE"))) {
          level.append('-').append(t.get(i).text().toUpperCase(Locale.ROOT));
          i++;
        }
        variables.set("transaction_isolation", level.toString());
        variables.set("tx_isolation", level.toString());
      } else if (t.get(i).isWord("read") && i + 1 < t.size()) {
        long readOnly = t.get(i + 1).isWord("only") ? 1L : 0L;
        variables.set("transaction_read_only", readOnly);
        variables.set("tx_read_only", readOnly);
        i += 2;
      } else {
        throw syntax("SET TRANSACTION");
      }
    }
    return i;
  }

  // ---- SELECT of variables and session functions only

  /**
   * Answers {@code SELECT @@a, @@b AS x, DATABASE(), 1} (no FROM) here: clients send such a
   * statement at every connect, and the planner has nothing to add. Null when the select list
   * holds anything else.
   */
  private StatementResult selectOfSessionValues(List<Token> t) {
    List<ColumnMeta> columns = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    int i = 1;
    boolean anyVariable = false;
    while (i < t.size()) {
      Token item = t.get(i);
      int start = i;
      Object value;
      DataType type;
      String label;
      if (item.kind() == Kind.SYSTEM_VARIABLE) {
        value = variables.get(MySqlTranslator.variableName(item.text()));
        anyVariable = true;
        i++;
      } else if (item.kind() == Kind.WORD && i + 2 < t.size() && t.get(i + 1).isPunct("(") && t.get(i + 2).isPunct(")")
          && sessionFunctionValue(item.text()) != NONE) {
        value = sessionFunctionValue(item.text());
        anyVariable = true;
        i += 3;
      } else if (item.kind() == Kind.NUMBER && item.text().matches("\\d{1,18}")) {
        value = Long.parseLong(item.text());
        i++;
      } else if (item.kind() == Kind.STRING) {
        value = MySqlLexer.stringValue(item.text());
        i++;
      } else {
        return null;
      }
      type = value instanceof Long ? DataType.BIGINT : DataType.VARCHAR;
      label = labelOf(t, start, i);
      if (i + 1 < t.size() && t.get(i).isWord("as")) {
        label = aliasName(t.get(i + 1));
        i += 2;
      } else if (i < t.size() && (t.get(i).kind() == Kind.BACKTICK_IDENT || t.get(i).kind() == Kind.STRING
          || (t.get(i).kind() == Kind.WORD && !t.get(i).isWord("from") && !t.get(i).isWord("limit")))) {
        label = aliasName(t.get(i));
        i++;
      }
      columns.add(ColumnMeta.of(label, type));
      values.add(value);
      if (i < t.size() && t.get(i).isPunct(",")) {
        i++;
        continue;
      }
      if (i < t.size() && t.get(i).kind() != Kind.SEMICOLON) {
        return null;
      }
      break;
    }
    if (!anyVariable || columns.isEmpty()) {
      return null;
    }
    return MySqlShowCommands.table(columns, List.<Object[]>of(values.toArray()));
  }

  private static final Object NONE = new Object();

  private Object sessionFunctionValue(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "DATABASE", "SCHEMA" -> database;
      case "VERSION" -> MySqlVariables.SERVER_VERSION;
      case "CONNECTION_ID" -> context.connectionId();
      case "LAST_INSERT_ID" -> lastInsertId;
      case "USER", "SESSION_USER", "SYSTEM_USER", "CURRENT_USER" -> context.user() + "@%";
      default -> NONE;
    };
  }

  private static String labelOf(List<Token> t, int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int k = from; k < to; k++) {
      Token tok = t.get(k);
      sb.append(tok.kind() == Kind.STRING ? MySqlLexer.stringValue(tok.text()) : tok.text());
    }
    return sb.toString();
  }

  private static String aliasName(Token t) {
    return switch (t.kind()) {
      case BACKTICK_IDENT -> MySqlLexer.identifierValue(t.text());
      case STRING -> MySqlLexer.stringValue(t.text());
      default -> t.text();
    };
  }

  private static HeliosException syntax(String near) {
    return new HeliosException(ErrorCode.SYNTAX_ERROR, "You have an error in your SQL syntax near '" + near + "'");
  }
}
