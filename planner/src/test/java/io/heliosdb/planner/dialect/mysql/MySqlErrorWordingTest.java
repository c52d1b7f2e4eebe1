package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import org.junit.jupiter.api.Test;

/** The planner's PostgreSQL wording becomes what mysqld prints for the same mistake. */
class MySqlErrorWordingTest {
  private static String reword(ErrorCode code, String message, String sql) {
    return MySqlErrorWording.reword(new HeliosException(code, message), sql, "heliosdb").getMessage();
  }

  @Test
  void tablesAndColumns() {
    assertEquals("Table 'heliosdb.nope' doesn't exist",
        reword(ErrorCode.UNDEFINED_TABLE, "relation \"nope\" does not exist", "SELECT * FROM nope"));
    assertEquals("Unknown table 'heliosdb.nope'",
        reword(ErrorCode.UNDEFINED_TABLE, "table \"nope\" does not exist", "DROP TABLE nope"));
    assertEquals("Unknown column 'nope' in 'field list'",
        reword(ErrorCode.UNDEFINED_COLUMN, "column \"nope\" does not exist", "SELECT nope FROM t"));
    assertEquals("Unknown column 'nope' in 'where clause'",
        reword(ErrorCode.UNDEFINED_COLUMN, "column \"nope\" does not exist", "SELECT a FROM t WHERE nope = 1"));
    HeliosException target = MySqlErrorWording.reword(new HeliosException(ErrorCode.SYNTAX_ERROR,
        "Unknown target column 'nope'"), "INSERT INTO t (id, nope) VALUES (1, 2)", "heliosdb");
    assertEquals(ErrorCode.UNDEFINED_COLUMN, target.code());
    assertEquals("Unknown column 'nope' in 'field list'", target.getMessage());
    assertEquals("Table 'mt' already exists", reword(ErrorCode.DUPLICATE_TABLE, "relation \"mt\" already exists", "CREATE TABLE mt (a INT)"));
    assertEquals("Column 'id' in field list is ambiguous", reword(ErrorCode.AMBIGUOUS_COLUMN, "Column 'id' is ambiguous", "x"));
  }

  @Test
  void syntaxErrorsQuoteTheStatementFromWhereParsingStopped() {
    assertEquals("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server "
        + "version for the right syntax to use near 'SELEC 1' at line 1",
        reword(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"SELEC\"", "SELEC 1"));
    assertEquals("You have an error in your SQL syntax; check the manual that corresponds to your MySQL server "
        + "version for the right syntax to use near 'WHERE' at line 1",
        reword(ErrorCode.SYNTAX_ERROR, "syntax error: Incorrect syntax near the keyword 'WHERE' at line 1, column 18.",
            "SELECT * FROM mt WHERE"));
  }

  @Test
  void constraintsAndValues() {
    assertEquals("Duplicate entry for key 'mt.PRIMARY'", reword(ErrorCode.UNIQUE_VIOLATION,
        "duplicate key value violates unique constraint \"mt_pkey\"", "INSERT INTO mt VALUES (1)"));
    assertEquals("Column 'id' cannot be null", reword(ErrorCode.NOT_NULL_VIOLATION,
        "Column 'id' has no default value and does not allow NULLs", "INSERT INTO mt (id) VALUES (NULL)"));
    assertEquals("Incorrect integer value: 'abc'", reword(ErrorCode.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type integer: \"abc\"", "INSERT INTO mt VALUES ('abc')"));
    assertEquals("FUNCTION heliosdb.nope does not exist", reword(ErrorCode.UNDEFINED_FUNCTION,
        "function nope does not exist", "SELECT nope()"));
  }

  @Test
  void mySqlWordingAndUnknownShapesAreKept() {
    HeliosException mysql = new HeliosException(ErrorCode.UNDEFINED_DATABASE, "Unknown database 'x'");
    assertSame(mysql, MySqlErrorWording.reword(mysql, "USE x", null));
    HeliosException odd = new HeliosException(ErrorCode.UNDEFINED_TABLE, "no quotes here");
    assertSame(odd, MySqlErrorWording.reword(odd, "SELECT 1", null));
  }
}
