package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** COM_STMT_PREPARE's side in the dialect: what is prepared by the planner, what is kept as text. */
class MySqlPreparedStatementTest {
  private final List<String> sent = new ArrayList<>();
  private final List<String> prepared = new ArrayList<>();
  private final List<List<Object>> ran = new ArrayList<>();
  private TransactionState state = TransactionState.IDLE;
  private final Catalog catalog = new Catalog(3, Set.of("public"),
      Map.of(10L, new TableDescriptor(10, "public", "items", 1,
          List.of(new ColumnDescriptor("id", DataType.INTEGER, false, null, false)), List.of(0), 8, List.of())),
      Map.of(), Map.of());

  private StatementResult planner(String sql) {
    sent.add(sql);
    if (sql.equals("BEGIN")) {
      state = TransactionState.IN_TRANSACTION;
    }
    return StatementResult.command("OK");
  }

  private PreparedStatement prepare(String sql, List<DataType> hints) {
    prepared.add(sql);
    long markers = sql.chars().filter(c -> c == '$').count();
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < markers; i++) {
      types.add(hints != null && hints.get(i) != null ? hints.get(i) : DataType.TEXT);
    }
    return new PreparedStatement() {
      @Override
      public List<DataType> parameterTypes() {
        return types;
      }

      @Override
      public List<ColumnMeta> resultColumns() {
        return List.of();
      }

      @Override
      public String command() {
        return "INSERT";
      }

      @Override
      public void close() {}
    };
  }

  private MySqlDialectSession open() {
    return new MySqlDialectSession(new MySqlSessionContext(this::planner, () -> catalog, () -> state, "alice",
        "heliosdb", "public", 42, this::prepare, (p, params) -> {
          ran.add(params);
          return StatementResult.update("INSERT", 1);
        }), "heliosdb");
  }

  @Test
  void placeholdersBecomeNumberedMarkersInTheTranslation() {
    MySqlDialectSession s = open();
    MySqlPreparedStatement p = s.prepare("SELECT `Name` FROM t WHERE a = ? AND b = 'it''s ?' AND c = ?", null);
    assertEquals(List.of("SELECT \"name\" FROM t WHERE a = $1 AND b = 'it''s ?' AND c = $2"), prepared);
    assertEquals(2, p.parameterTypes().size());
    s.execute(p, List.of(1, "x"));
    assertEquals(List.of(List.of(1, "x")), ran);
  }

  @Test
  void dialectStatementsAreKeptAsTextAndRefuseParameters() {
    MySqlDialectSession s = open();
    MySqlPreparedStatement show = s.prepare("SHOW DATABASES", null);
    assertEquals("Database", show.resultColumns().get(0).name(), "columns learnt by running the SHOW once");
    MySqlPreparedStatement set = s.prepare("SET autocommit = 0", null);
    assertEquals(0, set.parameterTypes().size());
    assertEquals("OFF", s.execute(set, List.of()).changedSettings().get("autocommit"));
    assertEquals("Field", s.prepare("DESCRIBE items", null).resultColumns().get(0).name(),
        "DESCRIBE's columns are known at prepare");
    MySqlPreparedStatement variable = s.prepare("SELECT @@version_comment", null);
    assertEquals(1, variable.resultColumns().size());
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED,
        assertThrows(HeliosException.class, () -> s.prepare("SET autocommit = ?", null)).code());
    assertEquals(ErrorCode.SYNTAX_ERROR,
        assertThrows(HeliosException.class, () -> s.prepare("SELECT 1; SELECT 2", null)).code());
    assertEquals(ErrorCode.SYNTAX_ERROR, assertThrows(HeliosException.class, () -> s.prepare("  ", null)).code());
  }

  @Test
  void withAutocommitOffAnExecuteOpensTheTransaction() {
    MySqlDialectSession s = open();
    s.execute("SET autocommit = 0");
    MySqlPreparedStatement p = s.prepare("INSERT INTO t VALUES (?)", List.of(DataType.BIGINT));
    s.execute(p, List.of(5L));
    assertEquals("BEGIN", sent.get(sent.size() - 1));
    assertEquals(TransactionState.IN_TRANSACTION, state);
    assertEquals(DataType.BIGINT, p.parameterTypes().get(0), "hints reach the planner");
  }

  @Test
  void aContextWithoutPreparingRefusesIt() {
    MySqlDialectSession s = new MySqlDialectSession(new MySqlSessionContext(this::planner, () -> catalog, () -> state,
        "alice", "heliosdb", "public", 42), null);
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED,
        assertThrows(HeliosException.class, () -> s.prepare("SELECT a FROM t WHERE b = ?", null)).code());
    assertNull(s.currentDatabase());
  }
}
