package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MySqlDialectSessionTest {
  private final List<String> sent = new ArrayList<>();
  private TransactionState state = TransactionState.IDLE;
  private final Catalog catalog = new Catalog(3, Set.of("public", "shop", "pg_catalog"),
      Map.of(10L, new TableDescriptor(10, "public", "items", 1,
          List.of(new ColumnDescriptor("id", DataType.INTEGER, false, null, false),
              new ColumnDescriptor("name", DataType.varchar(20), true, "'x'", false)),
          List.of(0), 8, List.of())),
      Map.of(), Map.of());

  private String failWith40001;

  private StatementResult planner(String sql) {
    sent.add(sql);
    if (failWith40001 != null && sql.startsWith(failWith40001)) {
      throw new HeliosException(ErrorCode.SERIALIZATION_FAILURE, "could not serialize access due to concurrent update");
    }
    if (sql.equals("BEGIN")) {
      state = TransactionState.IN_TRANSACTION;
    } else if (sql.equals("COMMIT") || sql.equals("ROLLBACK")) {
      state = TransactionState.IDLE;
    }
    return StatementResult.command("OK");
  }

  private MySqlDialectSession open(String db) {
    return new MySqlDialectSession(new MySqlSessionContext(this::planner, () -> catalog, () -> state, "alice",
        "heliosdb", "public", 42), db);
  }

  private static List<List<Object>> rows(StatementResult r) {
    List<List<Object>> out = new ArrayList<>();
    try (ResultCursor c = r.rows()) {
      while (c.next()) {
        out.add(java.util.Arrays.stream(c.row()).map(v -> v == null ? "NULL" : v).toList());
      }
    }
    return out;
  }

  @Test
  void aStatementOfAShapeSeenBeforeSkipsTranslation() {
    MySqlDialectSession s = open("heliosdb");
    List<io.heliosdb.planner.sql.NormalizedStatement> lifted = new ArrayList<>();
    s.liftedRunner(n -> {
      lifted.add(n);
      return StatementResult.command("LIFTED");
    });
    sent.clear();
    s.execute("SELECT id, name FROM items WHERE id = 1 AND name = 'a''b'");
    assertEquals(1, sent.size()); // first sight: translated
    assertEquals("LIFTED", s.execute("SELECT id, name FROM items WHERE id = 22 AND name = 'c\\d'").command());
    assertEquals(1, sent.size());
    assertEquals(List.of(22, "cd"), lifted.get(0).liftedLiterals()); // MySQL reads \\d as d
    // a literal that stays text (LIMIT) must repeat; otherwise the statement is translated again
    s.execute("SELECT id FROM items WHERE id = 1 LIMIT 5");
    s.execute("SELECT id FROM items WHERE id = 1 LIMIT 6");
    assertEquals(3, sent.size());
    assertTrue(sent.get(2).endsWith("LIMIT 6"));
    // a runner that cannot take the values (null) sends the statement down the full path
    s.liftedRunner(n -> null);
    s.execute("SELECT id, name FROM items WHERE id = 3 AND name = 'x'");
    assertEquals(4, sent.size());
    // session state read by the translation is never templated
    s.execute("SELECT @@autocommit, id FROM items WHERE id = 1");
    s.execute("SELECT @@autocommit, id FROM items WHERE id = 2");
    assertEquals(6, sent.size());
  }

  @Test
  void databasesAreSchemasAndUnknownOnesAreRefused() {
    MySqlDialectSession s = open("heliosdb");
    assertEquals(List.of("SET search_path TO \"public\""), sent);
    s.execute("USE shop");
    assertEquals("shop", s.currentDatabase());
    assertEquals("SET search_path TO \"shop\"", sent.get(1));
    assertEquals(ErrorCode.UNDEFINED_DATABASE, assertThrows(HeliosException.class, () -> open("nodb")).code());
    assertEquals(List.of(List.of("heliosdb"), List.of("shop")), rows(s.execute("SHOW DATABASES")));
  }

  @Test
  void autocommitOffOpensATransactionAndTurningItOnCommits() {
    MySqlDialectSession s = open("heliosdb");
    StatementResult set = s.execute("SET autocommit = 0");
    assertEquals("OFF", set.changedSettings().get("autocommit"));
    assertFalse(s.autocommit());
    s.execute("INSERT INTO t VALUES (1)");
    assertEquals(List.of("BEGIN", "INSERT INTO t VALUES (1)"), sent.subList(1, 3));
    assertEquals(TransactionState.IN_TRANSACTION, state);
    assertEquals("ON", s.execute("SET AUTOCOMMIT=1").changedSettings().get("autocommit"));
    assertEquals("COMMIT", sent.get(3));
    assertEquals(TransactionState.IDLE, state);
  }

  @Test
  void ddlCommitsAnOpenTransaction() {
    MySqlDialectSession s = open("heliosdb");
    s.execute("BEGIN");
    s.execute("CREATE TABLE x (id INT PRIMARY KEY)");
    assertEquals(List.of("BEGIN", "COMMIT", "CREATE TABLE x (id integer PRIMARY KEY)"), sent.subList(1, 4));
  }

  @Test
  void selectOfVariablesIsAnsweredWithLabels() {
    MySqlDialectSession s = open(null);
    StatementResult r = s.execute("SELECT @@session.auto_increment_increment AS auto_increment_increment, "
        + "@@version, DATABASE(), CONNECTION_ID()");
    assertEquals(List.of("auto_increment_increment", "@@version", "DATABASE()", "CONNECTION_ID()"),
        r.columns().stream().map(c -> c.name()).toList());
    assertEquals(List.of(List.of(1L, MySqlVariables.SERVER_VERSION, "NULL", 42L)), rows(r));
    assertTrue(sent.isEmpty(), "answered without the planner");
  }

  @Test
  void setNamesAndSessionVariablesAreKept() {
    MySqlDialectSession s = open("heliosdb");
    s.execute("SET NAMES utf8mb4 COLLATE utf8mb4_general_ci");
    s.execute("SET SESSION sql_mode = 'ANSI_QUOTES', @@session.wait_timeout = 100");
    assertEquals(List.of(List.of("sql_mode", "ANSI_QUOTES")), rows(s.execute("SHOW VARIABLES LIKE 'sql_mode'")));
    assertEquals(List.of(List.of(100L)), rows(s.execute("SELECT @@wait_timeout")));
    assertEquals(List.of(List.of("utf8mb4_general_ci")), rows(s.execute("SELECT @@collation_connection")));
    assertEquals(ErrorCode.UNDEFINED_OBJECT,
        assertThrows(HeliosException.class, () -> s.execute("SET no_such_variable = 1")).code());
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED,
        assertThrows(HeliosException.class, () -> s.execute("SET NAMES latin1")).code());
  }

  @Test
  void showTablesColumnsAndCreateTableComeFromTheCatalog() {
    MySqlDialectSession s = open("heliosdb");
    assertEquals(List.of(List.of("items", "BASE TABLE")), rows(s.execute("SHOW FULL TABLES")));
    StatementResult tables = s.execute("SHOW TABLES LIKE 'it%'");
    assertEquals("Tables_in_heliosdb", tables.columns().get(0).name());
    assertEquals(List.of(List.of("id", "int", "NO", "PRI", "NULL", ""), List.of("name", "varchar(20)", "YES", "", "x", "")),
        rows(s.execute("SHOW COLUMNS FROM `Items`")));
    assertEquals(rows(s.execute("SHOW COLUMNS FROM items")), rows(s.execute("DESCRIBE items")));
    String ddl = (String) rows(s.execute("SHOW CREATE TABLE items")).get(0).get(1);
    assertEquals("CREATE TABLE `items` (\n  `id` int NOT NULL,\n  `name` varchar(20) DEFAULT 'x',\n  PRIMARY KEY (`id`)\n)"
        + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci", ddl);
    assertEquals(ErrorCode.UNDEFINED_TABLE, assertThrows(HeliosException.class, () -> s.execute("SHOW COLUMNS FROM nope")).code());
    assertTrue(rows(s.execute("SHOW WARNINGS")).isEmpty());
  }

  @Test
  void createDatabaseIsCreateSchema() {
    MySqlDialectSession s = open(null);
    assertNull(s.currentDatabase());
    s.execute("CREATE DATABASE IF NOT EXISTS `Sales`");
    assertEquals("CREATE SCHEMA IF NOT EXISTS \"sales\"", sent.get(sent.size() - 1));
    s.execute("INSERT IGNORE INTO t VALUES (1)");
    assertEquals("INSERT IGNORE INTO t VALUES (1)", sent.get(sent.size() - 1));
  }

  @Test
  void showIndexListsThePrimaryKeyAsConnectorJReadsIt() {
    MySqlDialectSession s = open("heliosdb");
    for (String sql : List.of("SHOW INDEX FROM items", "SHOW KEYS FROM `items` FROM `heliosdb`", "SHOW INDEXES IN heliosdb.items")) {
      List<List<Object>> rows = rows(s.execute(sql));
      assertEquals(1, rows.size(), sql);
      assertEquals(List.of("items", 0L, "PRIMARY", 1L, "id"), rows.get(0).subList(0, 5), sql);
    }
    assertEquals(ErrorCode.UNDEFINED_TABLE,
        assertThrows(HeliosException.class, () -> s.execute("SHOW KEYS FROM nope")).code());
  }

  @Test
  void repeatableReadIsParsedAsTwoWords() {
    MySqlDialectSession m = open("heliosdb");
    m.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    assertEquals("repeatable read", m.isolation());
    m.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    assertEquals("read committed", m.isolation());
  }

  @Test
  void aSerializationFailureRollsTheWholeTransactionBackAsMySqlDoes() {
    MySqlDialectSession m = open("heliosdb");
    m.execute("START TRANSACTION");
    failWith40001 = "UPDATE";
    HeliosException e = assertThrows(HeliosException.class, () -> m.execute("UPDATE items SET name = 'y' WHERE id = 1"));
    assertEquals(ErrorCode.SERIALIZATION_FAILURE, e.code());
    assertEquals("ROLLBACK", sent.get(sent.size() - 1));
    assertEquals(TransactionState.IDLE, state);
  }

  /** Isolation, read-only default and lock wait are derived once per SET, and every SET is seen. */
  @Test
  void transactionSettingsFollowEverySet() {
    MySqlDialectSession s = open("heliosdb");
    org.junit.jupiter.api.Assertions.assertEquals("read committed", s.isolation());
    org.junit.jupiter.api.Assertions.assertFalse(s.readOnlyByDefault());
    org.junit.jupiter.api.Assertions.assertEquals(50_000L, s.lockWaitTimeoutMillis());
    s.execute("SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE");
    org.junit.jupiter.api.Assertions.assertEquals("serializable", s.isolation());
    s.execute("SET SESSION TRANSACTION READ ONLY");
    org.junit.jupiter.api.Assertions.assertTrue(s.readOnlyByDefault());
    s.execute("SET innodb_lock_wait_timeout = 3");
    org.junit.jupiter.api.Assertions.assertEquals(3_000L, s.lockWaitTimeoutMillis());
    s.execute("SET SESSION transaction_isolation = 'REPEATABLE-READ'");
    org.junit.jupiter.api.Assertions.assertEquals("repeatable read", s.isolation());
  }
}
