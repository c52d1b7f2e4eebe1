package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MySqlExpressionRewritesTest {
  private final MySqlTranslator translator = new MySqlTranslator(new MySqlVariables(), "heliosdb", 7, "u");

  private String t(String sql) {
    return translator.toPlanner(sql);
  }

  @Test
  void ifBecomesCase() {
    assertEquals("SELECT (CASE WHEN (a > 1) THEN ( 'y') ELSE ( 'n') END) AS x FROM t",
        t("SELECT IF(a > 1, 'y', 'n') AS x FROM t"));
    assertEquals("SELECT 19 + (CASE WHEN (p > 0) THEN ( p + 1) ELSE ( p) END) AS s FROM t",
        t("SELECT 19 + IF (p > 0, p + 1, p) AS s FROM t"));
    assertEquals("DROP TABLE IF EXISTS t", t("DROP TABLE IF EXISTS t")); // not a call
    assertEquals("ALTER TABLE t ADD CONSTRAINT c CHECK (UPPER(a) = a)", t("ALTER TABLE t ADD CONSTRAINT c CHECK (UPPER(a) = a)"));
  }

  @Test
  void locateBecomesPositionOfText() {
    assertEquals("SELECT POSITION(CAST(('b') AS VARCHAR) IN ( c)) AS p FROM t", t("SELECT LOCATE('b', c) AS p FROM t"));
    assertEquals("SELECT POSITION(CAST(('b') AS VARCHAR) IN ( c) FROM ( 2)) AS p FROM t",
        t("SELECT LOCATE('b', c, 2) AS p FROM t"));
  }

  @Test
  void upperAndLowerTakeAnyTypeAndCollateIsDropped() {
    assertEquals("SELECT UPPER(CAST((n) AS VARCHAR)) AS u, LOWER(CAST((s) AS VARCHAR)) AS l FROM t WHERE s = 'x'",
        t("SELECT UPPER(n) AS u, LCASE(s) AS l FROM t WHERE s COLLATE utf8mb4_bin = 'x'"));
  }

  /** MySQL sorts NULL below every value; each ORDER BY item without NULLS FIRST / LAST says so. */
  @Test
  void orderByItemsGetMySqlsNullOrdering() {
    assertEquals("SELECT a FROM t ORDER BY a NULLS FIRST, b DESC NULLS LAST, (c + 1) ASC NULLS FIRST LIMIT 3",
        t("SELECT a FROM t ORDER BY a, b DESC, (c + 1) ASC LIMIT 3"));
    assertEquals("SELECT ROW_NUMBER() OVER (PARTITION BY k ORDER BY n DESC NULLS LAST) AS r FROM t ORDER BY f(a, b) NULLS FIRST",
        t("SELECT ROW_NUMBER() OVER (PARTITION BY k ORDER BY n DESC) AS r FROM t ORDER BY f(a, b)"));
    assertEquals("SELECT a FROM t ORDER BY a NULLS LAST", t("SELECT a FROM t ORDER BY a NULLS LAST"));
    assertEquals("SELECT a FROM t WHERE a IN (SELECT b FROM u ORDER BY b NULLS FIRST LIMIT 1) ORDER BY a NULLS FIRST",
        t("SELECT a FROM t WHERE a IN (SELECT b FROM u ORDER BY b LIMIT 1) ORDER BY a"));
  }

  @Test
  void havingWithoutGroupByFiltersRowsAndSeesSelectAliases() {
    assertEquals("SELECT a AS k, CASE WHEN b = 1 THEN 'one' ELSE 'other' END AS kind FROM t WHERE ( a > 0 ) AND "
            + "( (CASE WHEN b = 1 THEN 'one' ELSE 'other' END) IN ('one', NULL)) ORDER BY kind NULLS FIRST",
        t("SELECT a AS k, CASE WHEN b = 1 THEN 'one' ELSE 'other' END AS kind FROM t WHERE a > 0 "
            + "HAVING kind IN ('one', NULL) ORDER BY kind"));
    assertEquals("SELECT a AS k FROM t WHERE ( (a) = 2)", t("SELECT a AS k FROM t HAVING k = 2"));
    // with GROUP BY or an aggregate, HAVING is the planner's
    assertEquals("SELECT a, COUNT(*) AS \"COUNT(*)\" FROM t GROUP BY a HAVING COUNT(*) > 1",
        t("SELECT a, COUNT(*) FROM t GROUP BY a HAVING COUNT(*) > 1"));
    assertEquals("SELECT COUNT(*) AS n FROM t HAVING n > 1", t("SELECT COUNT(*) AS n FROM t HAVING n > 1"));
  }

  @Test
  void informationSchemaIsMySqls() {
    assertEquals("SELECT table_name FROM \"mysql_information_schema\".TABLES WHERE table_schema = 'heliosdb'",
        t("SELECT table_name FROM INFORMATION_SCHEMA.TABLES WHERE table_schema = 'heliosdb'"));
    assertEquals("SELECT * FROM \"mysql_information_schema\".columns", t("SELECT * FROM `information_schema`.columns"));
  }

  /** A query's divisor is NULL when zero, and a decimal: MySQL's 3 / 2 is 1.5000, not 1. */
  @Test
  void aQuerysDivisorBecomesNullWhenZeroAndDividesAsDecimal() {
    assertEquals("SELECT 1 / CAST(NULLIF( 0, 0) AS DECIMAL(65, 4)) AS \"1 / 0\"", t("SELECT 1 / 0"));
    assertEquals("SELECT a / CAST(NULLIF( -t.b, 0) AS DECIMAL(65, 4)) AS q, a / CAST(NULLIF( (b + 1), 0) AS DECIMAL(65, 4))"
            + " / CAST(NULLIF( f(c), 0) AS DECIMAL(65, 4)) AS r FROM t",
        t("SELECT a / -t.b AS q, a / (b + 1) / f(c) AS r FROM t"));
    assertEquals("UPDATE t SET a = a / 0", t("UPDATE t SET a = a / 0")); // strict mode: writes keep the error
  }
}
