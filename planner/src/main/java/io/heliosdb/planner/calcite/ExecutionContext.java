package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.planner.catalog.SessionInfo;
import io.heliosdb.planner.exec.CellScanner;
import io.heliosdb.planner.exec.ScanStatsSink;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything one execution of a plan needs at run time: the catalog it was planned against, the
 * MVCC snapshot, the bound parameters (value-model Java form), the cancel flag, and the session
 * state catalog functions read (current_user, current_setting()), and the transaction the reads
 * belong to (its own write intents are visible to them; 0 = none).
 */
public record ExecutionContext(Catalog catalog, CellScanner scanner, long snapshotTs, List<Object> parameters,
    List<DataType> parameterTypes, ScanStatsSink stats, AtomicBoolean cancelFlag, SessionInfo session, long txnId,
    PointReadCapture capture) {

  /** An execution in a transaction; its point reads are not captured. */
  public ExecutionContext(Catalog catalog, CellScanner scanner, long snapshotTs, List<Object> parameters,
      List<DataType> parameterTypes, ScanStatsSink stats, AtomicBoolean cancelFlag, SessionInfo session, long txnId) {
    this(catalog, scanner, snapshotTs, parameters, parameterTypes, stats, cancelFlag, session, txnId, null);
  }

  /** The same execution, with the point reads of one table noted in {@code rows} (a DML source). */
  public ExecutionContext capturing(PointReadCapture rows) {
    return new ExecutionContext(catalog, scanner, snapshotTs, parameters, parameterTypes, stats, cancelFlag, session,
        txnId, rows);
  }

  /** An execution in a session, reading outside any transaction (txn id 0). */
  public ExecutionContext(Catalog catalog, CellScanner scanner, long snapshotTs, List<Object> parameters,
      List<DataType> parameterTypes, ScanStatsSink stats, AtomicBoolean cancelFlag, SessionInfo session) {
    this(catalog, scanner, snapshotTs, parameters, parameterTypes, stats, cancelFlag, session, 0);
  }

  /** An execution outside a client session. */
  public ExecutionContext(Catalog catalog, CellScanner scanner, long snapshotTs, List<Object> parameters,
      List<DataType> parameterTypes, ScanStatsSink stats, AtomicBoolean cancelFlag) {
    this(catalog, scanner, snapshotTs, parameters, parameterTypes, stats, cancelFlag, SessionInfo.NONE);
  }

  /** Key under which generated code finds this context in the DataContext. */
  public static final String KEY = "heliosExecution";
}
