package io.heliosdb.storage.txn;

import io.heliosdb.hidb.proto.GetTxnStatusRequest;
import io.heliosdb.hidb.proto.TxnRecordResult;

/**
 * How a cell reaches the coordinator cell of a transaction whose intent it met. The cell transport
 * stays behind this interface (DESIGN.md: gRPC today, others later).
 */
public interface PeerCells extends AutoCloseable {
  /**
   * Asks {@code cellId} for a transaction record.
   *
   * @throws PeerUnavailableException when the cell cannot be reached
   */
  TxnRecordResult getTxnStatus(String cellId, GetTxnStatusRequest request);

  /**
   * Asks {@code cellId} whether it holds a durable prepare ({@code status_only}: a STAGING record
   * being decided, ADR 0018).
   *
   * @throws PeerUnavailableException when the cell cannot be reached
   */
  io.heliosdb.hidb.proto.PrepareTxnResult prepareTxn(String cellId, io.heliosdb.hidb.proto.PrepareTxnRequest request);

  @Override
  void close();

  /** The coordinator cell did not answer; the transaction's outcome stays unknown for now. */
  final class PeerUnavailableException extends RuntimeException {
    public PeerUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
