package io.heliosdb.planner.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.CopyFormat;
import io.heliosdb.planner.sql.SqlLexer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyStatementTest {

  private static CopyStatement parse(String sql) {
    return CopyStatement.parse(sql, SqlLexer.tokenize(sql));
  }

  private static String sqlState(String sql) {
    return assertThrows(HeliosException.class, () -> parse(sql)).code().sqlState();
  }

  @Test
  void tableFromStdinDefaultsToText() {
    CopyStatement c = parse("COPY t FROM STDIN");
    assertTrue(c.from());
    assertNull(c.schema());
    assertEquals("t", c.table());
    assertEquals(List.of(), c.columns());
    assertEquals(CopyFormat.TEXT, c.format());
  }

  @Test
  void qualifiedQuotedTableAndColumnList() {
    CopyStatement c = parse("copy s.\"My T\" (a, \"B\") from stdin");
    assertEquals("s", c.schema());
    assertEquals("My T", c.table());
    assertEquals(List.of("a", "B"), c.columns());
  }

  @Test
  void optionListForCsv() {
    CopyStatement c = parse("COPY t TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'n', QUOTE '''', ESCAPE '\\')");
    assertFalse(c.from());
    assertEquals(new CopyFormat(true, true, ';', "n", '\'', '\\'), c.format());
    assertFalse(parse("COPY t FROM STDIN (FORMAT csv, HEADER false)").format().header());
  }

  @Test
  void oldStyleCsvHeader() {
    assertEquals(new CopyFormat(true, true, ',', "", '"', '"'), parse("COPY t FROM STDIN WITH CSV HEADER").format());
    assertEquals(new CopyFormat(false, false, '|', "", '"', '"'),
        parse("COPY t FROM STDIN DELIMITER AS '|' NULL ''").format());
  }

  @Test
  void queryToStdout() {
    CopyStatement c = parse("COPY (SELECT a, (b) FROM t WHERE c = ')') TO STDOUT CSV");
    assertEquals("SELECT a, (b) FROM t WHERE c = ')'", c.query());
    assertTrue(c.format().csv());
  }

  @Test
  void serverFilesAndProgramsAreRefused() {
    assertEquals("0A000", sqlState("COPY t FROM '/etc/passwd'"));
    assertEquals("0A000", sqlState("COPY t TO '/tmp/x'"));
    assertEquals("0A000", sqlState("COPY t FROM PROGRAM 'cat'"));
    assertEquals("0A000", sqlState("COPY t FROM STDIN (FORMAT binary)"));
  }

  @Test
  void badStatementsAreSyntaxOrParameterErrors() {
    assertEquals("42601", sqlState("COPY t"));
    assertEquals("42601", sqlState("COPY t FROM STDOUT"));
    assertEquals("42601", sqlState("COPY (SELECT 1) FROM STDIN"));
    assertEquals("42601", sqlState("COPY t FROM STDIN (BOGUS 1)"));
    assertEquals("42601", sqlState("COPY t FROM STDIN (QUOTE '\"')"));
    assertEquals("22023", sqlState("COPY t FROM STDIN (DELIMITER 'ab')"));
    assertEquals("22023", sqlState("COPY t FROM STDIN (FORMAT xml)"));
    assertEquals("22023", sqlState("COPY t FROM STDIN (FORMAT csv, DELIMITER '\"')"));
  }
}
