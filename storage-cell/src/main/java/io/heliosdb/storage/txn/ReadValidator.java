package io.heliosdb.storage.txn;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.proto.ReadSpan;
import io.heliosdb.hidb.proto.Status;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnIntent;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.hidb.proto.ValidateReadsRequest;
import io.heliosdb.hidb.proto.ValidateReadsResult;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.CommitClock;
import io.heliosdb.storage.engine.RowKeys;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * SERIALIZABLE commit validation (ADR 0008): did another transaction commit a change to what this
 * one read, after its snapshot? A read key is checked exactly (its newest version, and an intent of
 * a transaction that committed but is not resolved yet); a scanned table is checked as a whole
 * (the newest commit into it, and its unresolved committed intents), which is coarse but cheap.
 */
final class ReadValidator {
  private final CellStore store;
  private final CommitClock clock;
  private final TxnOutcomes outcomes;

  private final LiveIntents live;

  ReadValidator(CellStore store, CommitClock clock, TxnOutcomes outcomes, LiveIntents live) {
    this.live = live;
    this.store = store;
    this.clock = clock;
    this.outcomes = outcomes;
  }

  ValidateReadsResult validate(ValidateReadsRequest request) {
    long startTs = request.getStartTs();
    try {
      for (ReadSpan span : request.getSpansList()) {
        String changed = span.getWholeTable() ? tableChanged(span.getTableId(), request.getTxnId(), startTs)
            : keyChanged(RowKeys.keyPrefix(span.getTableId(), span.getShardId(), span.getKey().toByteArray()),
                request.getTxnId(), startTs);
        if (changed != null) {
          return ValidateReadsResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.CONFLICT)
              .setErrorCode(ErrorCode.SERIALIZATION_FAILURE.name())
              .setMessage("could not serialize access due to read/write dependencies among transactions: "
                  + changed)).build();
        }
      }
    } catch (RocksDBException e) {
      return ValidateReadsResult.newBuilder().setStatus(Status.newBuilder().setCode(StatusCode.INTERNAL)
          .setErrorCode(ErrorCode.INTERNAL_ERROR.name()).setMessage("read validation failed: " + e.getMessage()))
          .build();
    }
    return ValidateReadsResult.newBuilder().setStatus(HidbProtocol.ok()).build();
  }

  private String keyChanged(byte[] intentKey, long txnId, long startTs) throws RocksDBException {
    // The index is asked before the rows iterator below takes its view (ADR 0021).
    byte[] intent = live.mayHold(intentKey) ? store.db().get(store.intents(), intentKey) : null;
    if (intent != null) {
      String committed = committedAfter(IntentResolver.parse(intent), txnId, startTs);
      if (committed != null) {
        return committed;
      }
    }
    try (RocksIterator rows = store.db().newIterator(store.rows())) {
      rows.seek(intentKey);
      if (rows.isValid() && RowKeys.isVersionOf(rows.key(), intentKey)
          && Long.compareUnsigned(RowKeys.commitTs(rows.key()), startTs) > 0) {
        return "a row read was changed by a commit at " + Long.toUnsignedString(RowKeys.commitTs(rows.key()));
      }
    }
    return null;
  }

  private String tableChanged(long tableId, long txnId, long startTs) {
    long newest = clock.newestCommit(tableId);
    if (Long.compareUnsigned(newest, startTs) > 0) {
      return "a table read was changed by a commit at or before " + Long.toUnsignedString(newest);
    }
    byte[] prefix = RowKeys.tablePrefix(tableId);
    if (!live.mayHoldIn(prefix, RowKeys.successorOfPrefix(prefix))) {
      return null; // no intent in the table (ADR 0021)
    }
    try (Slice upper = new Slice(RowKeys.successorOfPrefix(prefix));
        ReadOptions options = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = store.db().newIterator(store.intents(), options)) {
      for (it.seek(prefix); it.isValid(); it.next()) {
        String committed = committedAfter(IntentResolver.parse(it.value()), txnId, startTs);
        if (committed != null) {
          return committed;
        }
      }
    }
    return null;
  }

  /** Why an intent counts as a change committed after the snapshot, or null. */
  private String committedAfter(TxnIntent intent, long txnId, long startTs) {
    if (intent.getTxn().getTxnId() == txnId || intent.getVersion().isEmpty()) {
      return null;
    }
    TxnRecord record = outcomes.lookup(intent.getTxn(), 0, false);
    // STAGING (ADR 0018) may be committed: counted as such (conservative: at worst a needless 40001).
    if ((record.getState() == TxnState.TXN_COMMITTED || record.getState() == TxnState.TXN_STAGING)
        && Long.compareUnsigned(record.getCommitTs(), startTs) > 0) {
      return "transaction " + Long.toUnsignedString(record.getTxnId()) + " committed at "
          + Long.toUnsignedString(record.getCommitTs());
    }
    return null;
  }
}
