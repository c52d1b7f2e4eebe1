package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MySqlTranslatorTest {
  private final MySqlTranslator translator = new MySqlTranslator(new MySqlVariables(), "heliosdb", 7, "alice");

  private String tr(String sql) {
    return translator.toPlanner(sql);
  }

  @Test
  void backtickIdentifiersBecomeLowerCaseQuotedIdentifiers() {
    assertEquals("SELECT \"name\", \"we\"\"ird\" FROM \"items\"", tr("SELECT `Name`, `we\"ird` FROM `Items`"));
    assertEquals("SELECT \"a`b\" FROM t", tr("SELECT `a``b` FROM t"));
  }

  @Test
  void mySqlStringEscapesBecomeStandardLiterals() {
    assertEquals("SELECT 'it''s' AS \"it's\"", tr("SELECT 'it\\'s'"));
    assertEquals("SELECT 'a\\b' AS \"a\\b\"", tr("SELECT 'a\\\\b'"));
    assertEquals("SELECT 'line\nbreak' AS \"line\nbreak\"", tr("SELECT 'line\\nbreak'"));
    assertEquals("SELECT 'double \"quoted\"' AS \"double \"\"quoted\"\"\"", tr("SELECT \"double \\\"quoted\\\"\""));
    assertEquals("SELECT 'x' AS \"x\"", tr("SELECT _utf8mb4'x'"));
    assertEquals("SELECT '\\x6869'::bytea AS \"hi\"", tr("SELECT _binary'hi'"));
    assertEquals("SELECT '\\x0aff'::bytea AS \"X'0aFF'\"", tr("SELECT X'0aFF'"));
  }

  @Test
  void limitWithOffsetIsReordered() {
    assertEquals("SELECT * FROM t LIMIT 10 OFFSET 5", tr("SELECT * FROM t LIMIT 5, 10"));
    assertEquals("SELECT * FROM t LIMIT 3", tr("SELECT * FROM t LIMIT 3"));
  }

  @Test
  void variablesAndSessionFunctionsBecomeLiterals() {
    assertEquals("SELECT '8.0.36-HeliosDB' AS \"@@version\", 1 AS \"@@session.auto_increment_increment\"", tr("SELECT @@version, @@session.auto_increment_increment"));
    assertEquals("SELECT 'heliosdb' AS \"DATABASE()\", 7 AS \"CONNECTION_ID()\", 'alice@%' AS \"CURRENT_USER()\"", tr("SELECT DATABASE(), CONNECTION_ID(), CURRENT_USER()"));
    assertEquals("SELECT COALESCE(a, 0) AS \"IFNULL(a, 0)\" FROM t", tr("SELECT IFNULL(a, 0) FROM t"));
    assertEquals("SELECT 1 AS \"1\"", tr("SELECT 1 FROM DUAL"));
  }

  @Test
  void commentsAreDroppedAndMySqlCastsMapped() {
    assertEquals("SELECT 1 AS \"1\"", tr("# leading\nSELECT 1 -- trailing"));
    assertEquals("SELECT CAST(a AS BIGINT) AS \"CAST(a AS SIGNED INTEGER)\", CAST(b AS TIMESTAMP) AS \"CAST(b AS DATETIME)\""
        + " FROM t", tr("SELECT CAST(a AS SIGNED INTEGER), CAST(b AS DATETIME) FROM t"));
  }

  @Test
  void createTableMapsTypesAndDropsTableOptions() {
    assertEquals("CREATE TABLE \"t\" (id integer NOT NULL, b smallint, c bigint, d timestamp, e text, f double precision,"
            + " g numeric(10,2), h varchar(20), PRIMARY KEY (id))",
        tr("CREATE TABLE `t` (id INT(11) NOT NULL, b TINYINT, c INT UNSIGNED, d DATETIME, e LONGTEXT, f DOUBLE,"
            + " g DECIMAL(10,2), h VARCHAR(20) CHARACTER SET utf8mb4 COMMENT 'x', PRIMARY KEY (id))"
            + " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"));
  }

  @Test
  void whatHasNoFaithfulTranslationIsRefused() {
    HeliosException e = assertThrows(HeliosException.class, () -> tr("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY)"));
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, e.code());
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, assertThrows(HeliosException.class, () -> tr("SELECT @x")).code());
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, assertThrows(HeliosException.class, () -> tr("SELECT a <=> b FROM t")).code());
    assertEquals(ErrorCode.SYNTAX_ERROR, assertThrows(HeliosException.class, () -> tr("SELECT 'open")).code());
    assertEquals(ErrorCode.UNDEFINED_OBJECT, assertThrows(HeliosException.class, () -> tr("SELECT @@no_such_var")).code());
  }

  @Test
  void splitKeepsSemicolonsInsideStringsAndComments() {
    assertEquals(List.of("SELECT 'a;b'", "SELECT `x;y`", "/* ; */ SELECT 3"),
        MySqlLexer.split("SELECT 'a;b'; SELECT `x;y`; /* ; */ SELECT 3; # c;\n"));
  }

  @Test
  void selectListExpressionsAreLabelledByTheirTextAsMySqlDoes() {
    MySqlTranslator tr = new MySqlTranslator(new MySqlVariables(), "heliosdb", 1, "alice");
    assertEquals("SELECT COUNT(*) AS \"COUNT(*)\", a, t.b, 1+1 AS \"1+1\" FROM t",
        tr.toPlanner("SELECT COUNT(*), a, t.b, 1+1 FROM t"));
    assertEquals("SELECT COUNT(*) n, a AS x, CASE WHEN a THEN 1 END AS \"CASE WHEN a THEN 1 END\" FROM t",
        tr.toPlanner("SELECT COUNT(*) n, a AS x, CASE WHEN a THEN 1 END FROM t"));
    assertEquals("SELECT DISTINCT * FROM t WHERE a = 1+1", tr.toPlanner("SELECT DISTINCT * FROM t WHERE a = 1+1"));
    assertEquals("SELECT 'abc' AS \"abc\", $1 AS \"?\"",
        tr.toPlannerWithMarkers("SELECT 'abc', ?", MySqlLexer.tokenize("SELECT 'abc', ?")));
    assertEquals("INSERT INTO t VALUES (1+1)", tr.toPlanner("INSERT INTO t VALUES (1+1)"));
  }
}
