package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the MySQL dialect needs from the session it sits in front of.
 *
 * @param planner runs one statement in the planner's own (PostgreSQL-flavoured) SQL
 * @param catalog the current catalog snapshot
 * @param transactionState the session's transaction state
 * @param user the authenticated user
 * @param defaultDatabase the database name that maps to {@code defaultSchema} ("heliosdb")
 * @param defaultSchema the schema of {@code defaultDatabase} ("public")
 * @param connectionId the id the front end gave the connection (CONNECTION_ID()); 0 when none
 * @param preparer prepares one statement of the planner's SQL with $n markers (and type hints, null = infer)
 * @param preparedRunner runs a statement {@code preparer} made with parameter values
 */
public record MySqlSessionContext(
    Function<String, StatementResult> planner,
    Supplier<Catalog> catalog,
    Supplier<TransactionState> transactionState,
    String user,
    String defaultDatabase,
    String defaultSchema,
    long connectionId,
    BiFunction<String, List<DataType>, PreparedStatement> preparer,
    BiFunction<PreparedStatement, List<Object>, StatementResult> preparedRunner) {

  /** Startup setting through which a front end passes its connection id. */
  public static final String CONNECTION_ID_SETTING = "mysql.connection_id";

  /** A context without server-side prepared statements (they are refused). */
  public MySqlSessionContext(Function<String, StatementResult> planner, Supplier<Catalog> catalog,
      Supplier<TransactionState> transactionState, String user, String defaultDatabase, String defaultSchema,
      long connectionId) {
    this(planner, catalog, transactionState, user, defaultDatabase, defaultSchema, connectionId,
        (sql, hints) -> {
          throw HeliosException.notSupported("server-side prepared statements");
        },
        (statement, params) -> {
          throw HeliosException.notSupported("server-side prepared statements");
        });
  }
}
