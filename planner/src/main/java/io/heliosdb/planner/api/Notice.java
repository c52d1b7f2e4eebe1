package io.heliosdb.planner.api;

/**
 * A message a statement leaves for the client besides its result, as PostgreSQL's NOTICE and
 * WARNING (e.g. DROP TABLE IF EXISTS of a missing table, COMMIT outside a transaction block).
 *
 * @param severity "NOTICE" or "WARNING" (PostgreSQL's spelling)
 * @param sqlState the SQLSTATE PostgreSQL attaches ("00000" for plain notices)
 * @param message the text, in PostgreSQL's wording
 */
public record Notice(String severity, String sqlState, String message) {
  public static Notice notice(String sqlState, String message) {
    return new Notice("NOTICE", sqlState, message);
  }

  public static Notice warning(String sqlState, String message) {
    return new Notice("WARNING", sqlState, message);
  }
}
