package io.heliosdb.storage.txn;

import io.heliosdb.hidb.proto.TxnIntent;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.RowKeys;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * What one transactional read (reader transaction id + snapshot) makes of the intents it meets.
 * An intent decides its key when it is the reader's own, or when its transaction committed at or
 * before the snapshot (its version is then the visible one even before resolution rewrote it);
 * otherwise the committed versions decide. A pending transaction met at a snapshot is pushed to
 * commit above it, so the read stays repeatable. Decided transactions are handed to
 * {@code resolveLater} so the intents get rewritten. One instance per request; not thread-safe.
 */
public final class IntentOverlay {
  private final CellStore store;
  private final long readerTxnId;
  private final long snapshotTs;
  private final TxnOutcomes outcomes;
  private final Consumer<TxnRecord> resolveLater;
  private final Map<Long, TxnRecord> seen = new HashMap<>();

  private final LiveIntents live;

  IntentOverlay(CellStore store, LiveIntents live, long readerTxnId, long snapshotTs, TxnOutcomes outcomes,
      Consumer<TxnRecord> resolveLater) {
    this.live = live;
    this.store = store;
    this.readerTxnId = readerTxnId;
    this.snapshotTs = snapshotTs;
    this.outcomes = outcomes;
    this.resolveLater = resolveLater;
  }

  /** The column family the overlay's intents are read from. */
  public ColumnFamilyHandle intents() {
    return store.intents();
  }

  /** The version value (kind byte + row) the intent decides its key with, or null when it does not. */
  public byte[] decide(byte[] intentValue) {
    TxnIntent intent = IntentResolver.parse(intentValue);
    if (intent.getVersion().isEmpty()) {
      return null; // a lock only (FOR UPDATE / FOR SHARE): the committed versions decide
    }
    long txnId = intent.getTxn().getTxnId();
    if (txnId == readerTxnId) {
      return intent.getVersion().toByteArray();
    }
    TxnRecord record = seen.get(txnId);
    if (record == null) {
      long push = snapshotTs == RowKeys.LATEST ? 0 : snapshotTs + 1;
      record = outcomes.lookup(intent.getTxn(), push, true);
      // STAGING (ADR 0018): its commit_ts is fixed. Above the snapshot it is invisible whatever
      // becomes of it; at or below, the read needs the outcome: the coordinator gives it (waiting
      // for compute's flip, or asking the participants).
      if (record.getState() == TxnState.TXN_STAGING
          && Long.compareUnsigned(record.getCommitTs(), snapshotTs) <= 0) {
        record = outcomes.decided(intent.getTxn());
      }
      seen.put(txnId, record);
      if (!TxnRecords.undecided(record)) {
        resolveLater.accept(record);
      }
    }
    boolean visible = record.getState() == TxnState.TXN_COMMITTED
        && Long.compareUnsigned(record.getCommitTs(), snapshotTs) <= 0;
    return visible ? intent.getVersion().toByteArray() : null;
  }

  /**
   * Whether a key in [start, end) may hold an intent (false: none does). Asked BEFORE the caller
   * takes the RocksDB view it reads the versions from (ADR 0021): an intent missing here was
   * deleted, with its resolution written in the same batch, before that view.
   */
  public boolean mayHoldIntentsIn(byte[] start, byte[] end) {
    return live.mayHoldIn(start, end);
  }

  /**
   * The intent-aware version of one key: its deciding intent's, else null (use the versions).
   * Call it before taking the view the versions are read from (see {@link #mayHoldIntentsIn}).
   */
  public byte[] decideKey(byte[] intentKey) {
    if (!live.mayHold(intentKey)) {
      return null; // no intent (ADR 0021): nearly every key, and no RocksDB read for it
    }
    try {
      byte[] value = store.db().get(store.intents(), intentKey);
      return value == null ? null : decide(value);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot read write intent", e);
    }
  }
}
