package io.heliosdb.planner.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementNormalizerTest {

  @Test
  void liftsValuesButNotSyntax() {
    NormalizedStatement n = StatementNormalizer.liftLiterals(
        "SELECT a, 1 FROM t WHERE b = 'x' AND c IN (1, 2.5) AND d::numeric(10,2) > 3 ORDER BY 1 LIMIT 10");
    // "SELECT a, 1" is lifted too; if a lifted literal cannot be a parameter, the session plans the
    // text as written.
    assertEquals("SELECT a, ? FROM t WHERE b = ? AND c IN (?, ?) AND CAST(d AS numeric(10,2)) > ? ORDER BY 1 LIMIT 10",
        n.text());
    assertEquals(List.of(1, "x", 1, new BigDecimal("2.5"), 3), n.liftedLiterals());
  }

  @Test
  void castsBindTighterThanComparison() {
    assertEquals("SELECT CAST('2024-06-01 12:00:00.000000 UTC' AS TIMESTAMP WITH LOCAL TIME ZONE)",
        StatementNormalizer.markers("SELECT '2024-06-01T17:30:00+05:30'::timestamptz").text());
    assertEquals("SELECT * FROM t WHERE b = CAST(X'00ff' AS VARBINARY)",
        StatementNormalizer.markers("SELECT * FROM t WHERE b = '\\x00ff'::bytea").text());
    assertEquals("INSERT INTO t VALUES (CAST(? AS VARBINARY), CAST(? AS INTEGER))",
        StatementNormalizer.liftLiterals("INSERT INTO t VALUES ('\\x00'::bytea, 5::int4)").text());
    assertEquals("SELECT CAST(CAST('2024-06-01 12:00:00.000000 UTC' AS TIMESTAMP WITH LOCAL TIME ZONE) AS TIMESTAMP"
        + " WITH LOCAL TIME ZONE)", StatementNormalizer.markers("SELECT '2024-06-01T12:00:00Z'::timestamptz::timestamptz").text());
  }

  @Test
  void dollarParametersBecomeMarkers() {
    NormalizedStatement n = StatementNormalizer.markers("SELECT $2, '$1', $1 FROM t -- $3");
    assertEquals("SELECT ?, '$1', ? FROM t -- $3", n.text());
    assertEquals(2, n.clientParameterCount());
    assertEquals(1, n.markerToParameter()[0]);
    assertEquals(0, n.markerToParameter()[1]);
  }

  @Test
  void splitsOnSemicolonsOutsideQuotes() {
    assertEquals(List.of("SELECT ';'", "SELECT $$a;b$$", "SELECT 1 -- done;"),
        SqlLexer.split("SELECT ';'; SELECT $$a;b$$;; SELECT 1 -- done;"));
  }
}
