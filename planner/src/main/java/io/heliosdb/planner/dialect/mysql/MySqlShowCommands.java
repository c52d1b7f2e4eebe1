package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MySQL's SHOW statements, answered from the catalog snapshot and the session's variables with
 * the column names and shapes MySQL 8.0 uses. Databases are schemas: the default database
 * ("heliosdb") is the default schema ("public").
 */
final class MySqlShowCommands {
  private final MySqlDialectSession session;

  MySqlShowCommands(MySqlDialectSession session) {
    this.session = session;
  }

  StatementResult show(List<Token> t) {
    int i = 1;
    boolean full = false;
    if (i < t.size() && t.get(i).isWord("full")) {
      full = true;
      i++;
    }
    if (i < t.size() && (t.get(i).isWord("session") || t.get(i).isWord("global") || t.get(i).isWord("local"))) {
      i++;
    }
    if (i >= t.size()) {
      throw syntax(t);
    }
    String what = t.get(i).text().toUpperCase(Locale.ROOT);
    i++;
    return switch (what) {
      case "DATABASES", "SCHEMAS" -> databases(t, i);
      case "TABLES" -> tables(t, i, full);
      case "COLUMNS", "FIELDS" -> columns(t, i, full);
      case "VARIABLES" -> variables(t, i);
      case "WARNINGS", "ERRORS" -> table(List.of(col("Level"), longCol("Code"), col("Message")), List.of());
      case "CREATE" -> create(t, i);
      case "INDEX", "INDEXES", "KEYS" -> indexes(t, i);
      case "TABLE" -> {
        if (i >= t.size() || !t.get(i).isWord("status")) {
          throw syntax(t);
        }
        yield tableStatus(t, i + 1);
      }
      case "ENGINES" -> engines(t, i);
      case "CHARSET" -> characterSets(t, i);
      case "CHARACTER" -> {
        if (i >= t.size() || !t.get(i).isWord("set")) {
          throw syntax(t);
        }
        yield characterSets(t, i + 1);
      }
      case "COLLATION" -> collations(t, i);
      default -> throw HeliosException.notSupported("SHOW " + what);
    };
  }

  // ---- SHOW DATABASES

  private StatementResult databases(List<Token> t, int i) {
    Pattern like = likeFilter(t, i);
    List<Object[]> rows = new ArrayList<>();
    for (String db : session.databases()) {
      if (like == null || like.matcher(db).matches()) {
        rows.add(new Object[] {db});
      }
    }
    return table(List.of(col("Database")), rows);
  }

  // ---- SHOW [FULL] TABLES [FROM db] [LIKE 'p']

  private StatementResult tables(List<Token> t, int i, boolean full) {
    TablesShown shown = tablesShown(t, i);
    List<Object[]> rows = new ArrayList<>();
    for (String name : shown.names()) {
      rows.add(full ? new Object[] {name, "BASE TABLE"} : new Object[] {name});
    }
    List<ColumnMeta> columns = new ArrayList<>();
    columns.add(col("Tables_in_" + shown.db()));
    if (full) {
      columns.add(col("Table_type"));
    }
    return table(columns, rows);
  }

  /** The database a SHOW TABLES / TABLE STATUS names and its tables that match the LIKE, by name. */
  private record TablesShown(String db, List<String> names) {}

  /** [{FROM | IN} db] [LIKE 'p'] from token {@code i}: the current database when no FROM. */
  private TablesShown tablesShown(List<Token> t, int i) {
    String db = session.currentDatabaseOrFail();
    if (i + 1 < t.size() && (t.get(i).isWord("from") || t.get(i).isWord("in"))) {
      db = name(t.get(i + 1));
      i += 2;
    }
    String schema = session.schemaOf(db);
    Pattern like = likeFilter(t, i);
    List<String> names = session.catalog().tablesIn(schema).stream().map(TableDescriptor::name).sorted()
        .filter(name -> like == null || like.matcher(name).matches()).toList();
    return new TablesShown(db, names);
  }

  // ---- SHOW TABLE STATUS [{FROM | IN} db] [LIKE 'p']

  /**
   * One row per table, MySQL 8's columns. Sizes and row counts are not kept per table: 0, as InnoDB
   * shows before ANALYZE TABLE (the same values as information_schema.TABLES).
   */
  private StatementResult tableStatus(List<Token> t, int i) {
    List<Object[]> rows = new ArrayList<>();
    for (String name : tablesShown(t, i).names()) {
      rows.add(new Object[] {name, "InnoDB", 10L, "Dynamic", 0L, 0L, 0L, 0L, 0L, 0L, null, null, null, null,
          DEFAULT_COLLATION, null, "", ""});
    }
    List<ColumnMeta> columns = List.of(col("Name"), col("Engine"), longCol("Version"), col("Row_format"),
        longCol("Rows"), longCol("Avg_row_length"), longCol("Data_length"), longCol("Max_data_length"),
        longCol("Index_length"), longCol("Data_free"), longCol("Auto_increment"), col("Create_time"),
        col("Update_time"), col("Check_time"), col("Collation"), longCol("Checksum"), col("Create_options"),
        col("Comment"));
    return table(columns, rows);
  }

  // ---- SHOW ENGINES, SHOW CHARACTER SET, SHOW COLLATION

  private static final String DEFAULT_COLLATION = "utf8mb4_0900_ai_ci";

  /** The one engine: tables take ENGINE=InnoDB (and any other name) and behave transactionally. */
  private StatementResult engines(List<Token> t, int i) {
    if (i < t.size()) {
      throw syntax(t);
    }
    return table(List.of(col("Engine"), col("Support"), col("Comment"), col("Transactions"), col("XA"),
        col("Savepoints")), List.<Object[]>of(new Object[] {"InnoDB", "DEFAULT",
            "HeliosDB storage cells: MVCC, transactions, row-level conflicts", "YES", "NO", "YES"}));
  }

  /** Text is UTF-8 throughout: utf8mb4 (and binary for byte strings) are the character sets. */
  private StatementResult characterSets(List<Token> t, int i) {
    Pattern like = likeFilter(t, i);
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row : List.of(new Object[] {"binary", "Binary pseudo charset", "binary", 1L},
        new Object[] {"utf8mb4", "UTF-8 Unicode", DEFAULT_COLLATION, 4L})) {
      if (like == null || like.matcher((String) row[0]).matches()) {
        rows.add(row);
      }
    }
    return table(List.of(col("Charset"), col("Description"), col("Default collation"), longCol("Maxlen")), rows);
  }

  /**
   * The collation names CREATE TABLE and COLLATE accept. Comparison is by code point whichever is
   * named (docs/compatibility.md: COLLATE is not honoured yet).
   */
  private StatementResult collations(List<Token> t, int i) {
    Pattern like = likeFilter(t, i);
    List<Object[]> rows = new ArrayList<>();
    for (Object[] row : List.of(
        new Object[] {"binary", "binary", 63L, "Yes", "Yes", 1L, "NO PAD"},
        new Object[] {"utf8mb4_0900_ai_ci", "utf8mb4", 255L, "Yes", "Yes", 0L, "NO PAD"},
        new Object[] {"utf8mb4_0900_bin", "utf8mb4", 309L, "", "Yes", 1L, "NO PAD"},
        new Object[] {"utf8mb4_bin", "utf8mb4", 46L, "", "Yes", 1L, "PAD SPACE"},
        new Object[] {"utf8mb4_general_ci", "utf8mb4", 45L, "", "Yes", 1L, "PAD SPACE"},
        new Object[] {"utf8mb4_unicode_ci", "utf8mb4", 224L, "", "Yes", 8L, "PAD SPACE"})) {
      if (like == null || like.matcher((String) row[0]).matches()) {
        rows.add(row);
      }
    }
    return table(List.of(col("Collation"), col("Charset"), longCol("Id"), col("Default"), col("Compiled"),
        longCol("Sortlen"), col("Pad_attribute")), rows);
  }

  /** The table a SHOW names, and the index of the token after its name. */
  private record TableRef(String db, String table, int next) {}

  /** {FROM | IN} [db.]t [{FROM | IN} db], starting at token {@code i}. */
  private TableRef tableRef(List<Token> t, int i) {
    if (i + 1 >= t.size() || !(t.get(i).isWord("from") || t.get(i).isWord("in"))) {
      throw syntax(t);
    }
    String db = session.currentDatabase();
    String table = name(t.get(i + 1));
    i += 2;
    if (i + 1 < t.size() && t.get(i).isPunct(".")) {
      db = table;
      table = name(t.get(i + 1));
      i += 2;
    }
    if (i + 1 < t.size() && (t.get(i).isWord("from") || t.get(i).isWord("in"))) {
      db = name(t.get(i + 1));
      i += 2;
    }
    return new TableRef(db, table, i);
  }

  // ---- SHOW [FULL] COLUMNS FROM t [FROM db] [LIKE 'p']

  private StatementResult columns(List<Token> t, int i, boolean full) {
    TableRef ref = tableRef(t, i);
    TableDescriptor descriptor = describeTarget(ref.db(), ref.table());
    Pattern like = likeFilter(t, ref.next());
    List<Object[]> rows = new ArrayList<>();
    List<Integer> pk = descriptor.hasHiddenRowId() ? List.of() : descriptor.primaryKey();
    for (int c = 0; c < descriptor.columns().size(); c++) {
      ColumnDescriptor column = descriptor.columns().get(c);
      if (column.hidden() || (like != null && !like.matcher(column.name()).matches())) {
        continue;
      }
      String type = MySqlTypeNames.toMySql(column.type());
      String nullable = column.nullable() ? "YES" : "NO";
      String key = pk.contains(c) ? "PRI" : "";
      boolean generated = fromSequence(column.defaultExpression());
      String dflt = generated ? null : defaultValue(column.defaultExpression());
      String extra = generated ? "auto_increment" : "";
      rows.add(full
          ? new Object[] {column.name(), type, collation(column.type()), nullable, key, dflt, extra, "select,insert,update,references", ""}
          : new Object[] {column.name(), type, nullable, key, dflt, extra});
    }
    List<ColumnMeta> columns = full
        ? List.of(col("Field"), col("Type"), col("Collation"), col("Null"), col("Key"), col("Default"), col("Extra"),
            col("Privileges"), col("Comment"))
        : List.of(col("Field"), col("Type"), col("Null"), col("Key"), col("Default"), col("Extra"));
    return table(columns, rows);
  }

  /** DESCRIBE / DESC t: SHOW COLUMNS FROM t. */
  StatementResult describe(List<Token> t) {
    List<Token> rewritten = new ArrayList<>();
    rewritten.add(t.get(0));
    rewritten.add(new Token(Kind.WORD, 0, 0, "COLUMNS", true));
    rewritten.add(new Token(Kind.WORD, 0, 0, "FROM", true));
    for (int i = 1; i < t.size(); i++) {
      if (t.get(i).kind() == Kind.SEMICOLON) {
        break;
      }
      rewritten.add(t.get(i));
    }
    List<Token> shown = new ArrayList<>(rewritten);
    int tail = 4;
    if (shown.size() > 5 && shown.get(4).isPunct(".")) {
      tail = 6;
    }
    if (shown.size() > tail) {
      // DESCRIBE t col: the column name acts as a LIKE pattern
      Token column = shown.get(tail);
      shown = new ArrayList<>(shown.subList(0, tail));
      shown.add(new Token(Kind.WORD, 0, 0, "LIKE", true));
      shown.add(new Token(Kind.STRING, 0, 0, MySqlTranslator.literal(name(column)), true));
    }
    return columns(shown, 2, false);
  }

  /** The table {@code [db.]table} names (db null: the current database), or 1146 / 1046. */
  TableDescriptor describeTable(String db, String table) {
    return describeTarget(db == null ? session.currentDatabase() : db, table);
  }

  private TableDescriptor describeTarget(String db, String table) {
    if (db == null) {
      throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "No database selected");
    }
    String schema = session.schemaOf(db);
    return session.catalog().table(schema, table.toLowerCase(Locale.ROOT)).orElseThrow(() ->
        new HeliosException(ErrorCode.UNDEFINED_TABLE, "Table '" + db + "." + table + "' doesn't exist"));
  }

  // ---- SHOW VARIABLES [LIKE 'p' | WHERE Variable_name = 'x']

  private StatementResult variables(List<Token> t, int i) {
    Pattern like;
    if (i + 3 < t.size() && t.get(i).isWord("where") && t.get(i + 1).isWord("variable_name")
        && t.get(i + 2).isPunct("=") && t.get(i + 3).kind() == Kind.STRING
        && (i + 4 == t.size() || (i + 5 == t.size() && t.get(i + 4).kind() == Kind.SEMICOLON))) {
      like = Pattern.compile(Pattern.quote(MySqlLexer.stringValue(t.get(i + 3).text())), Pattern.CASE_INSENSITIVE);
    } else {
      like = likeFilter(t, i);
    }
    List<Object[]> rows = new ArrayList<>();
    for (Map.Entry<String, Object> e : session.variables().all().entrySet()) {
      if (like == null || like.matcher(e.getKey()).matches()) {
        rows.add(new Object[] {e.getKey(), variableText(e.getKey(), e.getValue())});
      }
    }
    return table(List.of(col("Variable_name"), col("Value")), rows);
  }

  /** SHOW VARIABLES prints booleans (autocommit, foreign_key_checks ...) as ON/OFF, as MySQL does. */
  private static String variableText(String name, Object value) {
    if (value instanceof Long l && (name.equals("autocommit") || name.equals("foreign_key_checks")
        || name.equals("unique_checks") || name.equals("sql_auto_is_null") || name.equals("sql_safe_updates")
        || name.equals("performance_schema") || name.endsWith("read_only") || name.equals("sql_warnings"))) {
      return l != 0 ? "ON" : "OFF";
    }
    return String.valueOf(value);
  }

  // ---- SHOW {INDEX | INDEXES | KEYS} {FROM | IN} t [{FROM | IN} db]

  private StatementResult indexes(List<Token> t, int i) {
    TableRef ref = tableRef(t, i);
    TableDescriptor d = describeTarget(ref.db(), ref.table());
    List<ColumnMeta> columns = List.of(col("Table"), longCol("Non_unique"), col("Key_name"), longCol("Seq_in_index"),
        col("Column_name"), col("Collation"), longCol("Cardinality"), longCol("Sub_part"), col("Packed"),
        col("Null"), col("Index_type"), col("Comment"), col("Index_comment"), col("Visible"), col("Expression"));
    return table(columns, MySqlKeys.showIndexRows(d));
  }

  // ---- SHOW CREATE TABLE / DATABASE

  private StatementResult create(List<Token> t, int i) {
    if (i + 1 >= t.size()) {
      throw syntax(t);
    }
    if (t.get(i).isWord("database") || t.get(i).isWord("schema")) {
      String db = name(t.get(i + 1));
      session.schemaOf(db);
      return table(List.of(col("Database"), col("Create Database")), List.<Object[]>of(new Object[] {db,
          "CREATE DATABASE `" + db + "` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci */"}));
    }
    if (!t.get(i).isWord("table")) {
      throw HeliosException.notSupported("SHOW CREATE " + t.get(i).text().toUpperCase(Locale.ROOT));
    }
    String db = session.currentDatabase();
    String table = name(t.get(i + 1));
    if (i + 3 < t.size() && t.get(i + 2).isPunct(".")) {
      db = table;
      table = name(t.get(i + 3));
    }
    TableDescriptor d = describeTarget(db, table);
    return table(List.of(col("Table"), col("Create Table")), List.<Object[]>of(new Object[] {d.name(), createTable(d)}));
  }

  /** MySQL's layout of SHOW CREATE TABLE, which SQLAlchemy's reflection parses line by line. */
  static String createTable(TableDescriptor d) {
    StringBuilder sb = new StringBuilder("CREATE TABLE `").append(d.name()).append("` (\n");
    List<String> lines = new ArrayList<>();
    for (ColumnDescriptor c : d.columns()) {
      if (c.hidden()) {
        continue;
      }
      StringBuilder line = new StringBuilder("  `").append(c.name()).append("` ").append(MySqlTypeNames.toMySql(c.type()));
      if (!c.nullable()) {
        line.append(" NOT NULL");
      }
      String dflt = defaultValue(c.defaultExpression());
      if (fromSequence(c.defaultExpression())) {
        line.append(" AUTO_INCREMENT");
      } else if (dflt != null) {
        line.append(" DEFAULT '").append(dflt.replace("'", "''")).append('\'');
      } else if (c.nullable()) {
        line.append(" DEFAULT NULL");
      }
      lines.add(line.toString());
    }
    if (!d.hasHiddenRowId() && !d.primaryKey().isEmpty()) {
      List<String> keyColumns = new ArrayList<>();
      d.primaryKey().forEach(k -> keyColumns.add("`" + d.columns().get(k).name() + "`"));
      lines.add("  PRIMARY KEY (" + String.join(",", keyColumns) + ")");
    }
    lines.addAll(MySqlKeys.createTableLines(d));
    sb.append(String.join(",\n", lines));
    return sb.append("\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci").toString();
  }

  /** SERIAL / IDENTITY / AUTO_INCREMENT columns draw from a sequence: MySQL shows them as AUTO_INCREMENT. */
  static boolean fromSequence(String expression) {
    return expression != null && expression.strip().toLowerCase(java.util.Locale.ROOT).startsWith("nextval(");
  }

  /** The default as MySQL shows it: the literal's value without quotes, or null for none. */
  static String defaultValue(String expression) {
    if (expression == null || expression.equalsIgnoreCase("null")) {
      return null;
    }
    String e = expression.strip();
    int cast = e.indexOf("::");
    if (cast > 0) {
      e = e.substring(0, cast);
    }
    if (e.length() >= 2 && e.startsWith("'") && e.endsWith("'")) {
      return e.substring(1, e.length() - 1).replace("''", "'");
    }
    return e;
  }

  private static String collation(DataType type) {
    return type.isString() ? "utf8mb4_0900_ai_ci" : null;
  }

  // ---- helpers

  /** LIKE 'pattern' at {@code i} as a case-insensitive regex, or null when there is none. */
  private static Pattern likeFilter(List<Token> t, int i) {
    if (i + 1 < t.size() && t.get(i).isWord("like") && t.get(i + 1).kind() == Kind.STRING) {
      return likePattern(MySqlLexer.stringValue(t.get(i + 1).text()));
    }
    if (i < t.size() && t.get(i).kind() != Kind.SEMICOLON && !t.get(i).isWord("where")) {
      throw syntax(t);
    }
    if (i < t.size() && t.get(i).isWord("where")) {
      // Only SHOW VARIABLES reads WHERE (Variable_name = '...', see variables()); elsewhere the
      // filter would be dropped and every row returned.
      throw HeliosException.notSupported("SHOW ... WHERE (use LIKE, or query information_schema)");
    }
    return null;
  }

  static Pattern likePattern(String like) {
    StringBuilder regex = new StringBuilder();
    for (int k = 0; k < like.length(); k++) {
      char c = like.charAt(k);
      if (c == '\\' && k + 1 < like.length()) {
        regex.append(Pattern.quote(String.valueOf(like.charAt(++k))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  }

  /** An identifier token's name: backticks removed, unquoted words as written. */
  static String name(Token t) {
    return switch (t.kind()) {
      case BACKTICK_IDENT -> MySqlLexer.identifierValue(t.text()).toLowerCase(Locale.ROOT);
      case STRING -> MySqlLexer.stringValue(t.text());
      default -> t.text().toLowerCase(Locale.ROOT);
    };
  }

  private static HeliosException syntax(List<Token> t) {
    return new HeliosException(ErrorCode.SYNTAX_ERROR, "You have an error in your SQL syntax near '"
        + t.stream().map(Token::text).reduce((a, b) -> a + " " + b).orElse("") + "'");
  }

  static ColumnMeta col(String name) {
    return ColumnMeta.of(name, DataType.VARCHAR);
  }

  static ColumnMeta longCol(String name) {
    return ColumnMeta.of(name, DataType.BIGINT);
  }

  static StatementResult table(List<ColumnMeta> columns, List<Object[]> rows) {
    List<Object[]> sorted = new ArrayList<>(rows);
    return new StatementResult("SHOW", columns, ResultCursor.of(sorted), sorted.size(), Map.of());
  }
}
