package io.heliosdb.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PgTokenRewritesTest {
  @Test
  void qualifiedOperatorBecomesTheBareOperator() {
    assertEquals("WHERE c.relname  ~  '^(t)$'", PgTokenRewrites.rewrite("WHERE c.relname OPERATOR(pg_catalog.~) '^(t)$'"));
    assertEquals("a  !~  b", PgTokenRewrites.rewrite("a OPERATOR(!~) b"));
    // Not an OPERATOR(...) form: left alone.
    assertEquals("select operator from t", PgTokenRewrites.rewrite("select operator from t"));
  }

  @Test
  void binaryCollationsAreDropped() {
    assertEquals("x = 'a' ", PgTokenRewrites.rewrite("x = 'a' COLLATE pg_catalog.default"));
    assertEquals("x = 'a'  AND y", PgTokenRewrites.rewrite("x = 'a' COLLATE \"C\" AND y"));
    // Other collations are not ours to drop: the parser reports them.
    assertEquals("x COLLATE \"de_DE\"", PgTokenRewrites.rewrite("x COLLATE \"de_DE\""));
  }

  @Test
  void unnestIsQuotedOutsideFromClauses() {
    assertEquals("SELECT \"unnest\"(c.conkey) AS k FROM pg_constraint c, unnest(c.conkey) u",
        PgTokenRewrites.rewrite("SELECT unnest(c.conkey) AS k FROM pg_constraint c, unnest(c.conkey) u"));
    assertEquals("SELECT * FROM t JOIN unnest(a) ON true WHERE x IN (SELECT \"unnest\"(b) FROM s)",
        PgTokenRewrites.rewrite("SELECT * FROM t JOIN unnest(a) ON true WHERE x IN (SELECT unnest(b) FROM s)"));
  }

  @Test
  void ordinaryStatementsAreReturnedUnchanged() {
    String sql = "SELECT a, b FROM t WHERE a = 1";
    assertSame(sql, PgTokenRewrites.rewrite(sql));
    assertEquals("SELECT 'operator' || \"collate\"", PgTokenRewrites.rewrite("SELECT 'operator' || \"collate\""));
  }
}
