package io.heliosdb.planner.api;

/** Transaction status of a session, as PostgreSQL's ReadyForQuery and MySQL's status flags report it. */
public enum TransactionState {
  IDLE,
  IN_TRANSACTION,
  /** A statement failed inside a transaction block; only ROLLBACK is accepted until then. */
  FAILED
}
