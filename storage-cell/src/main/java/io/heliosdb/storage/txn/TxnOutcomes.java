package io.heliosdb.storage.txn;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.GetTxnStatusRequest;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnRecordResult;
import io.heliosdb.hidb.proto.TxnState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out what became of a transaction whose intent this cell met, from its record on the
 * coordinator cell (this one or a peer). Decided outcomes never change, so they are cached; a
 * coordinator that cannot be reached yields PENDING (the intent stays, nothing is guessed).
 */
final class TxnOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(TxnOutcomes.class);
  private static final int CACHED_OUTCOMES = 10_000;

  private final String cellId;
  private final TxnRecords localRecords;
  private final PeerCells peers;
  private final Map<Long, TxnRecord> decided = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, TxnRecord> eldest) {
          return size() > CACHED_OUTCOMES;
        }
      });

  /** This cell's own STAGING decision (status with decide_staging), for records it coordinates. */
  private final java.util.function.LongFunction<TxnRecordResult> stagingDecider;

  TxnOutcomes(String cellId, TxnRecords localRecords, PeerCells peers,
      java.util.function.LongFunction<TxnRecordResult> stagingDecider) {
    this.stagingDecider = stagingDecider;
    this.cellId = cellId;
    this.localRecords = localRecords;
    this.peers = peers;
  }

  /**
   * The record of {@code txn} as its coordinator has it now.
   *
   * @param pushMinCommitTs raise a pending transaction's min_commit_ts to this (0: no push)
   * @param abortIfExpired abort a pending transaction whose heartbeats stopped
   */
  TxnRecord lookup(TxnMeta txn, long pushMinCommitTs, boolean abortIfExpired) {
    TxnRecord cached = decided.get(txn.getTxnId());
    if (cached != null) {
      return cached;
    }
    TxnRecord record;
    if (txn.getCoordinatorCell().equals(cellId)) {
      record = localRecords.status(txn.getTxnId(), pushMinCommitTs, abortIfExpired).getRecord();
    } else {
      try {
        TxnRecordResult result = peers.getTxnStatus(txn.getCoordinatorCell(), GetTxnStatusRequest.newBuilder()
            .setHeader(HidbProtocol.header()).setTxnId(txn.getTxnId()).setPushMinCommitTs(pushMinCommitTs)
            .setAbortIfExpired(abortIfExpired).build());
        record = result.hasRecord() ? result.getRecord() : null;
      } catch (PeerCells.PeerUnavailableException e) {
        LOG.debug("outcome of transaction {} unknown: {}", Long.toUnsignedString(txn.getTxnId()), e.getMessage());
        record = null;
      }
      if (record == null) {
        return TxnRecord.newBuilder().setTxnId(txn.getTxnId()).setState(TxnState.TXN_PENDING)
            .setStartTs(txn.getStartTs()).setCoordinatorCell(txn.getCoordinatorCell()).build();
      }
    }
    if (!TxnRecords.undecided(record)) {
      decided.put(txn.getTxnId(), record);
    }
    return record;
  }

  /**
   * The outcome of {@code txn} with a STAGING record decided (ADR 0018): the coordinator waits for
   * compute's flip within the grace time, then asks the participants. PENDING when it cannot be
   * reached or decided.
   */
  TxnRecord decided(TxnMeta txn) {
    TxnRecord cached = decided.get(txn.getTxnId());
    if (cached != null) {
      return cached;
    }
    TxnRecord record;
    if (txn.getCoordinatorCell().equals(cellId)) {
      record = stagingDecider.apply(txn.getTxnId()).getRecord();
    } else {
      try {
        TxnRecordResult result = peers.getTxnStatus(txn.getCoordinatorCell(), GetTxnStatusRequest.newBuilder()
            .setHeader(HidbProtocol.header()).setTxnId(txn.getTxnId()).setDecideStaging(true).build());
        record = result.hasRecord() ? result.getRecord() : null;
      } catch (PeerCells.PeerUnavailableException e) {
        LOG.debug("outcome of transaction {} unknown: {}", Long.toUnsignedString(txn.getTxnId()), e.getMessage());
        record = null;
      }
    }
    if (record == null || TxnRecords.undecided(record)) {
      return TxnRecord.newBuilder().setTxnId(txn.getTxnId()).setState(TxnState.TXN_PENDING)
          .setStartTs(txn.getStartTs()).setCoordinatorCell(txn.getCoordinatorCell()).build();
    }
    decided.put(txn.getTxnId(), record);
    return record;
  }

  /** Remembers an outcome learnt from compute (ResolveIntents). */
  void remember(TxnRecord record) {
    if (!TxnRecords.undecided(record)) {
      decided.put(record.getTxnId(), record);
    }
  }
}
