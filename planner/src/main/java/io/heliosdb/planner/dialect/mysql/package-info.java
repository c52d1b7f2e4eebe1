/**
 * The MySQL dialect as a translation layer in front of the PostgreSQL-flavoured planner: a MySQL
 * tokenizer, a token-level rewrite to the planner's SQL (backticks, backslash escapes,
 * {@code LIMIT a, b}, MySQL type names in DDL, IF() / LOCATE() / HAVING without GROUP BY), the
 * MySQL-only commands answered here (SET NAMES / autocommit, {@code @@variables}, USE, SHOW ...)
 * from the catalog snapshot, and MySQL's information_schema ({@link
 * io.heliosdb.planner.dialect.mysql.MySqlInformationSchema}, ADR 0016). It never touches cells or
 * Raft directly: everything else runs through the session it is given.
 */
package io.heliosdb.planner.dialect.mysql;
