package io.heliosdb.compliance.pgjdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PGobject;

/**
 * pgjdbc x every row of the PostgreSQL checklist: connect (plain, TLS, 28P01, 3D000), DDL, DML
 * with server-side parameters (prepareThreshold=1: named statements from the first execution),
 * queries, every value-model type in text and binary transfer, statement reuse, batches,
 * transactions and SQLSTATEs.
 */
@Timeout(120)
class PgJdbcMatrixTest {
  @TempDir
  static Path dataDir;
  private static MatrixServer server;
  private static final List<String> created = new ArrayList<>();
  private static final AtomicInteger tableCounter = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    server = MatrixServer.start(dataDir);
  }

  @AfterAll
  static void stop() throws SQLException {
    if (server == null) {
      return;
    }
    try (Connection c = server.connect(new Properties()); Statement s = c.createStatement()) {
      for (String t : created) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
    } finally {
      server.close();
    }
  }

  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  /** Server-side prepared statements from the first execution, results in binary where pgjdbc can. */
  private static Connection binary() throws SQLException {
    return server.connect(props("prepareThreshold", "1", "binaryTransfer", "true"));
  }

  /** Server-side prepared statements from the first execution, every value in text. */
  private static Connection text() throws SQLException {
    return server.connect(props("prepareThreshold", "1", "binaryTransfer", "false"));
  }

  private static Connection connection(boolean binary) throws SQLException {
    return binary ? binary() : text();
  }

  private static String table(String columns) throws SQLException {
    String name = "jdbc_t" + tableCounter.incrementAndGet() + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
    try (Connection c = server.connect(new Properties()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + name + " (" + columns + ")");
    }
    created.add(name);
    return name;
  }

  private static List<List<Object>> rows(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        row.add(rs.getObject(i));
      }
      out.add(row);
    }
    return out;
  }

  private static List<List<Object>> query(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    }
  }

  private static String sqlState(ThrowingRunnable action) {
    SQLException e = assertThrows(SQLException.class, action::run);
    return e.getSQLState();
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static void assertUsable(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
    }
    assertEquals(List.of(List.of(1)), query(c, "SELECT 1"));
  }

  // ---- connect ----

  @ParameterizedTest
  @ValueSource(strings = {"disable", "require"})
  void connectsInClearAndOverTls(String sslmode) throws SQLException {
    try (Connection c = server.connect(props("sslmode", sslmode))) {
      assertEquals(List.of(List.of(1)), query(c, "SELECT 1"));
      assertTrue(c.getMetaData().getDatabaseMajorVersion() >= 15);
    }
  }

  @Test
  void wrongPasswordIs28P01() {
    assertEquals("28P01", sqlState(() -> server.connect(props("password", "definitely-wrong")).close()));
  }

  @Test
  void unknownDatabaseIs3D000() {
    assertEquals("3D000", sqlState(() -> server.connect(props("database", "no_such_database_xyz")).close()));
  }

  // ---- DDL and DML ----

  @Test
  void createInsertAndDropTable() throws SQLException {
    String name = "jdbc_ddl_" + Long.toHexString(System.nanoTime() & 0xffffff);
    try (Connection c = binary(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, label VARCHAR(20))");
      assertEquals(1, s.executeUpdate("INSERT INTO " + name + " VALUES (1, 'one')"));
      assertEquals("42P07", sqlState(() -> s.execute("CREATE TABLE " + name + " (id INTEGER)")));
      s.execute("DROP TABLE " + name);
      assertEquals("42P01", sqlState(() -> s.executeQuery("SELECT * FROM " + name)));
    }
  }

  @Test
  void insertUpdateDeleteWithServerSideParameters() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, grp INTEGER, v TEXT, score DOUBLE PRECISION");
    try (Connection c = binary()) {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 6; i++) {
          ins.setInt(1, i);
          ins.setInt(2, i % 2);
          ins.setString(3, i == 3 ? null : "v" + i);
          ins.setDouble(4, i * 1.5);
          assertEquals(1, ins.executeUpdate());
        }
      }
      try (PreparedStatement upd = c.prepareStatement("UPDATE " + t + " SET score = score + ? WHERE grp = ?")) {
        upd.setDouble(1, 10);
        upd.setInt(2, 1);
        assertEquals(3, upd.executeUpdate());
        upd.setInt(2, 99);
        assertEquals(0, upd.executeUpdate());
      }
      try (PreparedStatement del = c.prepareStatement("DELETE FROM " + t + " WHERE id >= ?")) {
        del.setInt(1, 5);
        assertEquals(2, del.executeUpdate());
      }
      assertEquals(List.of(List.of(1, "v1", 11.5), List.of(2, "v2", 3.0)),
          query(c, "SELECT id, v, score FROM " + t + " WHERE id <= ? ORDER BY id", 2));
      assertEquals(List.of(Arrays.asList(3, null)), query(c, "SELECT id, v FROM " + t + " WHERE id = ?", 3));
    }
  }

  @Test
  void queriesWithWhereGroupByOrderByLimitAndJoin() throws SQLException {
    String emp = table("id INTEGER PRIMARY KEY, name VARCHAR(32), dept_id INTEGER, salary INTEGER");
    String dept = table("id INTEGER PRIMARY KEY, dname TEXT");
    try (Connection c = binary(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + emp + " VALUES (1, 'alice', 10, 5000), (2, 'bob', 10, 4000), "
          + "(3, 'carol', 20, 7000), (4, 'dave', 20, 3000), (5, 'erin', 30, 6000), (6, 'frank', NULL, 2500)");
      s.executeUpdate("INSERT INTO " + dept + " VALUES (10, 'sales'), (20, 'engineering'), (30, 'support'), (40, 'legal')");
      assertEquals(List.of(List.of(4), List.of(6)), query(c, "SELECT id FROM " + emp + " WHERE salary < ? ORDER BY id", 4000));
      assertEquals(List.of(List.of(1), List.of(4)),
          query(c, "SELECT id FROM " + emp + " WHERE name LIKE ? ORDER BY id", "%e"));
      assertEquals(List.of(List.of(10, 2L, 9000L), List.of(20, 2L, 10000L)),
          query(c, "SELECT dept_id, COUNT(*), SUM(salary) FROM " + emp + " WHERE dept_id IS NOT NULL "
              + "GROUP BY dept_id HAVING COUNT(*) >= ? ORDER BY dept_id", 2));
      assertEquals(List.of(List.of(3), List.of(5)),
          query(c, "SELECT id FROM " + emp + " ORDER BY salary DESC LIMIT ?", 2));
      assertEquals(List.of(List.of("carol", "engineering"), List.of("erin", "support")),
          query(c, "SELECT e.name, d.dname FROM " + emp + " e JOIN " + dept + " d ON e.dept_id = d.id "
              + "WHERE e.salary > ? ORDER BY e.id", 5000));
      assertEquals(List.of(List.of("engineering", 2L), List.of("legal", 0L), List.of("sales", 2L), List.of("support", 1L)),
          query(c, "SELECT d.dname, COUNT(e.id) FROM " + dept + " d LEFT JOIN " + emp + " e ON e.dept_id = d.id "
              + "GROUP BY d.dname ORDER BY d.dname"));
    }
  }

  // ---- value model ----

  /** How one SQL type is bound and read with pgjdbc's typed accessors. */
  private record TypeCase(String sqlType, List<Object> values, Binder binder, Reader reader) {
    @Override
    public String toString() {
      return sqlType;
    }
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps, int index, Object value) throws SQLException;
  }

  @FunctionalInterface
  private interface Reader {
    Object read(ResultSet rs, int index) throws SQLException;
  }

  private static PGobject json(String type, String value) {
    try {
      PGobject o = new PGobject();
      o.setType(type);
      o.setValue(value);
      return o;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Binder object() {
    return PreparedStatement::setObject;
  }

  private static List<TypeCase> typeCases() {
    return List.of(
        new TypeCase("BOOLEAN", List.of(true, false), (ps, i, v) -> ps.setBoolean(i, (Boolean) v), ResultSet::getBoolean),
        new TypeCase("SMALLINT", List.of((short) 0, (short) -32768, (short) 32767),
            (ps, i, v) -> ps.setShort(i, (Short) v), ResultSet::getShort),
        new TypeCase("INTEGER", List.of(0, -2147483648, 2147483647), (ps, i, v) -> ps.setInt(i, (Integer) v), ResultSet::getInt),
        new TypeCase("BIGINT", List.of(0L, Long.MIN_VALUE, Long.MAX_VALUE), (ps, i, v) -> ps.setLong(i, (Long) v),
            ResultSet::getLong),
        new TypeCase("REAL", List.of(0f, 1.5f, -3.25f, 16777216f), (ps, i, v) -> ps.setFloat(i, (Float) v), ResultSet::getFloat),
        new TypeCase("DOUBLE PRECISION", List.of(0d, Math.PI, -1e-300, Double.MAX_VALUE),
            (ps, i, v) -> ps.setDouble(i, (Double) v), ResultSet::getDouble),
        new TypeCase("NUMERIC(12,3)", List.of(new BigDecimal("0.000"), new BigDecimal("123456789.123"),
            new BigDecimal("-0.001"), new BigDecimal("10000.500")),
            (ps, i, v) -> ps.setBigDecimal(i, (BigDecimal) v), ResultSet::getBigDecimal),
        new TypeCase("VARCHAR(16)", List.of("", "abc", "exactly16chars!!"), (ps, i, v) -> ps.setString(i, (String) v),
            ResultSet::getString),
        new TypeCase("TEXT", List.of("", "héllo wörld ☃ 𝄞 中文", "it's \"quoted\" \\ back\\slash", "x".repeat(10_000)),
            (ps, i, v) -> ps.setString(i, (String) v), ResultSet::getString),
        new TypeCase("BYTEA", List.of("", "00", "610062", allBytes()),
            (ps, i, v) -> ps.setBytes(i, HexFormat.of().parseHex((String) v)),
            (rs, i) -> HexFormat.of().formatHex(rs.getBytes(i))),
        new TypeCase("DATE", List.of(LocalDate.of(2024, 2, 29), LocalDate.of(1970, 1, 1), LocalDate.of(9999, 12, 31)),
            object(), (rs, i) -> rs.getObject(i, LocalDate.class)),
        new TypeCase("TIME", List.of(LocalTime.MIDNIGHT, LocalTime.of(13, 45, 30, 123_456_000), LocalTime.of(23, 59, 59, 999_999_000)),
            object(), (rs, i) -> rs.getObject(i, LocalTime.class)),
        new TypeCase("TIMESTAMP", List.of(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000),
            LocalDateTime.of(1960, 1, 1, 0, 0, 1)), object(), (rs, i) -> rs.getObject(i, LocalDateTime.class)),
        new TypeCase("TIMESTAMPTZ", List.of(OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC),
            OffsetDateTime.of(2024, 6, 1, 17, 30, 0, 5000, ZoneOffset.ofHoursMinutes(5, 30)).withOffsetSameInstant(ZoneOffset.UTC)),
            object(), (rs, i) -> rs.getObject(i, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC)),
        new TypeCase("UUID", List.of(UUID.fromString("12345678-1234-5678-1234-567812345678"), new UUID(0, 0)),
            object(), (rs, i) -> rs.getObject(i, UUID.class)),
        new TypeCase("JSON", List.of("{\"a\": 1, \"b\": [1, 2, null]}", "[1, \"two\"]"),
            (ps, i, v) -> ps.setObject(i, json("json", (String) v)), ResultSet::getString),
        new TypeCase("JSONB", List.of("{\"a\": 1, \"nested\": {\"k\": true}}", "[]"),
            (ps, i, v) -> ps.setObject(i, json("jsonb", (String) v)), ResultSet::getString));
  }

  private static String allBytes() {
    byte[] b = new byte[256];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return HexFormat.of().formatHex(b);
  }

  static Stream<Arguments> typeCasesInBothFormats() {
    return typeCases().stream().flatMap(tc -> Stream.of(Arguments.of(tc, false), Arguments.of(tc, true)));
  }

  @ParameterizedTest(name = "{0} binary={1}")
  @MethodSource("typeCasesInBothFormats")
  void everyTypeRoundTrips(TypeCase tc, boolean binaryTransfer) throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, v " + tc.sqlType());
    try (Connection c = connection(binaryTransfer)) {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
        for (int i = 0; i < tc.values().size(); i++) {
          ins.setInt(1, i);
          tc.binder().bind(ins, 2, tc.values().get(i));
          ins.executeUpdate();
        }
      }
      List<Object> back = new ArrayList<>();
      // twice: the second run uses the named statement (and binary results) pgjdbc prepared by then
      for (int run = 0; run < 2; run++) {
        back.clear();
        try (PreparedStatement sel = c.prepareStatement("SELECT v FROM " + t + " WHERE id >= ? ORDER BY id")) {
          sel.setInt(1, 0);
          try (ResultSet rs = sel.executeQuery()) {
            while (rs.next()) {
              back.add(tc.reader().read(rs, 1));
            }
          }
        }
        assertEquals(tc.values(), back, tc.sqlType());
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
        ins.setInt(1, 1000);
        ins.setNull(2, java.sql.Types.NULL);
        ins.executeUpdate();
      }
      try (PreparedStatement sel = c.prepareStatement("SELECT v, v IS NULL FROM " + t + " WHERE id = ?")) {
        sel.setInt(1, 1000);
        try (ResultSet rs = sel.executeQuery()) {
          assertTrue(rs.next());
          assertNull(rs.getObject(1));
          assertTrue(rs.getBoolean(2));
        }
      }
    }
  }

  // ---- prepared statements, batches, transactions ----

  @Test
  void preparedStatementIsReusedWithNewParameters() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, v TEXT");
    try (Connection c = binary(); PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)");
        PreparedStatement sel = c.prepareStatement("SELECT v FROM " + t + " WHERE id = ?")) {
      for (int i = 0; i < 50; i++) {
        ins.setInt(1, i);
        ins.setString(2, "v" + i);
        assertEquals(1, ins.executeUpdate());
      }
      for (int i = 0; i < 50; i++) {
        sel.setInt(1, i);
        try (ResultSet rs = sel.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("v" + i, rs.getString(1));
          assertFalse(rs.next());
        }
      }
      assertTrue(ins.unwrap(org.postgresql.PGStatement.class).isUseServerPrepare(), "named server-side statement");
    }
  }

  @Test
  void batchInsertReportsEveryRow() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, v TEXT");
    try (Connection c = binary(); PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
      for (int i = 0; i < 100; i++) {
        ins.setInt(1, i);
        ins.setString(2, "b" + i);
        ins.addBatch();
      }
      int[] counts = ins.executeBatch();
      assertEquals(100, counts.length);
      assertTrue(Arrays.stream(counts).allMatch(n -> n == 1 || n == Statement.SUCCESS_NO_INFO));
      assertEquals(List.of(List.of(100L)), query(c, "SELECT COUNT(*) FROM " + t));
    }
  }

  @Test
  void batchWithAFailingRowLeavesNoneOfItsRows() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY");
    try (Connection c = binary()) {
      query(c, "SELECT 1");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO " + t + " VALUES (5)");
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?)")) {
        for (int i = 0; i < 10; i++) {
          ins.setInt(1, i);
          ins.addBatch();
        }
        BatchUpdateException e = assertThrows(BatchUpdateException.class, ins::executeBatch);
        assertEquals("23505", e.getNextException() != null ? e.getNextException().getSQLState() : e.getSQLState());
      }
      // autocommit: the batch up to its Sync was one implicit transaction
      assertEquals(List.of(List.of(5)), query(c, "SELECT id FROM " + t));
    }
  }

  @Test
  void transactionsCommitAndRollBack() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY");
    try (Connection c = binary(); Connection other = binary()) {
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?)")) {
        ins.setInt(1, 1);
        ins.executeUpdate();
        c.commit();
        ins.setInt(1, 2);
        ins.executeUpdate();
        assertEquals(List.of(List.of(2L)), query(c, "SELECT COUNT(*) FROM " + t));
        c.rollback();
      }
      assertEquals(List.of(List.of(1)), query(other, "SELECT id FROM " + t));
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?)")) {
        ins.setInt(1, 1);
        assertEquals("23505", sqlState(ins::executeUpdate));
        assertEquals("25P02", sqlState(() -> query(c, "SELECT 1")));
      }
      assertUsable(c);
    }
  }

  // ---- errors ----

  @Test
  void errorsCarryTheirSqlState() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, n INTEGER");
    try (Connection c = binary()) {
      assertEquals("42P01", sqlState(() -> query(c, "SELECT * FROM no_such_table_anywhere WHERE id = ?", 1)));
      assertUsable(c);
      assertEquals("42601", sqlState(() -> query(c, "SELEC ?", 1)));
      assertUsable(c);
      assertEquals("42703", sqlState(() -> query(c, "SELECT no_such_column FROM " + t)));
      assertUsable(c);
      query(c, "SELECT 1");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)")) {
        ins.setInt(1, 1);
        ins.setInt(2, 1);
        ins.executeUpdate();
        assertEquals("23505", sqlState(ins::executeUpdate));
      }
      assertUsable(c);
      assertEquals("22P02", sqlState(() -> query(c, "SELECT 'abc'::int")));
      assertEquals("22P02", sqlState(() -> query(c, "SELECT CAST(? AS INTEGER)", "abc")));
      assertUsable(c);
    }
  }

  /** pgjdbc asks for generated keys by appending RETURNING * (more in PgJdbcGeneratedKeysTest). */
  @Test
  void generatedKeysNeedReturning() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, v TEXT");
    try (Connection c = binary();
        PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + " VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      ins.setInt(1, 7);
      ins.setString(2, "k");
      assertEquals(1, ins.executeUpdate());
      try (ResultSet keys = ins.getGeneratedKeys()) {
        assertTrue(keys.next());
        assertEquals(7, keys.getInt("id"));
      }
    }
  }

  @Test
  void databaseMetaDataListsTables() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, label VARCHAR(20)");
    try (Connection c = binary(); ResultSet rs = c.getMetaData().getTables(null, "public", t, new String[] {"TABLE"})) {
      assertTrue(rs.next(), "getTables finds " + t);
      assertEquals(t, rs.getString("TABLE_NAME"));
      assertFalse(rs.next());
    }
  }

  private static List<String> columnsOf(String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Connection c = binary(); ResultSet rs = c.getMetaData().getColumns(null, "public", table, null)) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
      }
    }
    return columns;
  }

  /** pgjdbc's getColumns query (row_number() OVER a window, pg_get_expr, nullif) over pg_catalog. */
  @Test
  void databaseMetaDataListsColumns() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, label VARCHAR(20)");
    assertEquals(List.of("id int4", "label varchar"), columnsOf(t));
  }

  /** pgjdbc's getPrimaryKeys query (information_schema._pg_expandarray over indkey) over pg_catalog. */
  @Test
  void databaseMetaDataListsPrimaryKeys() throws SQLException {
    String t = table("a INTEGER, b TEXT, c INTEGER, PRIMARY KEY (c, a)");
    List<String> keys = new ArrayList<>();
    try (Connection c = binary(); ResultSet rs = c.getMetaData().getPrimaryKeys(null, "public", t)) {
      while (rs.next()) {
        keys.add(rs.getString("COLUMN_NAME") + " " + rs.getInt("KEY_SEQ") + " " + rs.getString("PK_NAME"));
      }
    }
    assertEquals(List.of("c 1 " + t + "_pkey", "a 2 " + t + "_pkey"), keys); // pgjdbc orders by KEY_SEQ
  }

  /**
   * setFetchSize with autocommit off: Execute with a row limit, PortalSuspended, more Executes. The
   * first rows must arrive long before the whole result could have been computed (each row sleeps).
   */
  @Test
  void fetchSizeStreamsAPortalInBatches() throws SQLException {
    String t = table("id INTEGER PRIMARY KEY, v INTEGER");
    int rows = 100_000;
    try (Connection c = binary()) {
      StringBuilder values = new StringBuilder();
      try (Statement s = c.createStatement()) {
        for (int start = 1; start <= rows; start += 5_000) {
          values.setLength(0);
          for (int i = start; i < start + 5_000; i++) {
            values.append(values.length() == 0 ? "" : ",").append('(').append(i).append(',').append(i % 10).append(')');
          }
          s.execute("INSERT INTO " + t + " VALUES " + values);
        }
      }
      c.setAutoCommit(false);
      long started = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, v FROM " + t + " ORDER BY id")) {
        ps.setFetchSize(1_000);
        long seen = 0;
        long sum = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            seen++;
            sum += rs.getInt(1);
          }
        }
        assertEquals(rows, seen);
        assertEquals((long) rows * (rows + 1) / 2, sum);
      }
      // 1 ms per row: 100 s for the whole result, so the first batch proves rows are computed per Execute.
      try (PreparedStatement ps = c.prepareStatement("SELECT id, pg_sleep(0.001) FROM " + t)) {
        ps.setFetchSize(50);
        started = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          for (int i = 0; i < 120; i++) {
            assertTrue(rs.next());
          }
          double seconds = (System.nanoTime() - started) / 1e9;
          assertTrue(seconds < 20, "first 120 rows took " + seconds + " s");
        }
      }
      c.rollback();
    }
  }

  /** Statement.cancel() from another thread and setQueryTimeout both send a CancelRequest: 57014. */
  @Test
  void cancelAndQueryTimeoutStopAStatement() throws Exception {
    try (Connection c = binary(); Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long started = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT pg_sleep(60)"));
      assertEquals("57014", e.getSQLState());
      assertTrue((System.nanoTime() - started) / 1e9 < 30);
      s.setQueryTimeout(0);
      Thread canceller = new Thread(() -> {
        try {
          Thread.sleep(500);
          s.cancel();
        } catch (Exception ignored) {
          // the assertion below reports a cancel that did not happen
        }
      });
      canceller.start();
      SQLException e2 = assertThrows(SQLException.class, () -> s.executeQuery("SELECT pg_sleep(60)"));
      canceller.join();
      assertEquals("57014", e2.getSQLState());
      assertUsable(c);
    }
  }
}
