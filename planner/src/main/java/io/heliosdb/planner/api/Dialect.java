package io.heliosdb.planner.api;

/** SQL dialects the planner parses. Each front end picks one. */
public enum Dialect {
  POSTGRES
}
