package io.heliosdb.planner.api;

/** SQL dialects the planner parses. Each front end picks one. */
public enum Dialect {
  POSTGRES,
  /** MySQL 8.0 statements, translated by io.heliosdb.planner.dialect.mysql. */
  MYSQL
}
