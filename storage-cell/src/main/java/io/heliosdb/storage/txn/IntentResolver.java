package io.heliosdb.storage.txn;

import com.google.protobuf.InvalidProtocolBufferException;
import io.heliosdb.hidb.proto.TxnIntent;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnRecord;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.CommitClock;
import io.heliosdb.storage.engine.RowKeys;
import io.heliosdb.storage.engine.SerializedWriteBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Turns this cell's intents of a decided transaction into ordinary MVCC versions at its commit_ts
 * (COMMITTED) or deletes them (ABORTED), in chunks under the keys' stripes; the keys come from the
 * transaction's in-memory key set (ADR 0022). The chunks are not WAL-synced (ADR 0013): a chunk
 * lost in a machine crash leaves its intents as they were (a chunk is one atomic batch and
 * recovery keeps a WAL prefix), the open-time scan of the intents column family puts them back
 * in the key sets, and recovery redoes it from the durable record. Idempotent: an intent
 * already resolved (or of another transaction, or of a dropped table) is skipped, so crash
 * recovery can simply run it again.
 */
final class IntentResolver {
  private static final int CHUNK = 256;

  private final CellStore store;
  private final KeyStripes stripes;
  private final CommitClock clock;
  private final LiveIntents live;

  IntentResolver(CellStore store, KeyStripes stripes, CommitClock clock, LiveIntents live) {
    this.live = live;
    this.store = store;
    this.stripes = stripes;
    this.clock = clock;
  }

  /** Resolves every local intent of the transaction to the record's outcome; returns how many. */
  long resolve(TxnRecord outcome) {
    if (TxnRecords.undecided(outcome)) {
      throw new IllegalArgumentException("cannot resolve an undecided transaction");
    }
    if (outcome.getState() == TxnState.TXN_COMMITTED) {
      clock.observe(outcome.getCommitTs());
    }
    long resolved = 0;
    // The transaction's keys come from its in-memory key set (ADR 0022), a chunk at a time in key
    // order, with the intent bytes it stored there (ADR 0025).
    long txnId = outcome.getTxnId();
    List<byte[]> intentKeys = new ArrayList<>(CHUNK);
    List<byte[]> kept = new ArrayList<>(CHUNK);
    byte[] after = null;
    try {
      while (true) {
        intentKeys.clear();
        kept.clear();
        live.entriesOf(txnId, after, CHUNK, intentKeys, kept);
        if (intentKeys.isEmpty()) {
          return resolved;
        }
        after = intentKeys.get(intentKeys.size() - 1);
        resolved += resolveChunk(outcome, intentKeys, kept);
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot resolve intents of transaction "
          + Long.toUnsignedString(outcome.getTxnId()), e);
    }
  }

  /**
   * One chunk of {@link #resolve}, under its keys' stripes: one batch that deletes the
   * transaction's intents and, if it committed, writes their versions; then the keys leave the
   * index. A key that is not the transaction's (another owner, or none) is skipped and leaves its set.
   */
  private long resolveChunk(TxnRecord outcome, List<byte[]> intentKeys, List<byte[]> kept) throws RocksDBException {
    // Split into steps, each compiled on its own (as one method C2 spent ~200-500 ms per
    // recompilation while a workload warmed up).
    long txnId = outcome.getTxnId();
    try (KeyStripes.Held held = stripes.lock(intentKeys)) {
      byte[][] values = currentIntents(txnId, intentKeys, kept);
      SerializedWriteBatch batch = new SerializedWriteBatch(CHUNK * 256);
      // per key: where its version starts in its intent (-1: not this transaction's intent)
      int[] versionStart = new int[intentKeys.size()];
      int[] versionLength = new int[intentKeys.size()];
      long chunkResolved = deleteIntents(batch, txnId, intentKeys, values, versionStart, versionLength);
      List<byte[]> versioned = outcome.getState() == TxnState.TXN_COMMITTED
          ? putVersions(batch, outcome.getCommitTs(), intentKeys, values, versionStart, versionLength)
          : List.of();
      if (chunkResolved > 0) {
        // The keys' cached newest versions are out of date from the write on (ADR 0023); the
        // keys stay in the intent index until after endWrites, so no read misses both.
        store.versionCache().writing(versioned, () -> batch.writeTo(store.db(), store.bufferedWrite()));
      }
      unindex(txnId, intentKeys, values, versionStart);
      return chunkResolved;
    }
  }

  /** Adds the deletion of each of the transaction's intents to the batch; how many. */
  private long deleteIntents(SerializedWriteBatch batch, long txnId, List<byte[]> intentKeys, byte[][] values,
      int[] versionStart, int[] versionLength) {
    IntentBytes.View view = new IntentBytes.View();
    long count = 0;
    for (int i = 0; i < intentKeys.size(); i++) {
      byte[] value = values[i];
      versionStart[i] = -1;
      if (value == null || view.read(value).txnId != txnId) {
        continue;
      }
      batch.delete(store.intents(), intentKeys.get(i));
      count++;
      versionStart[i] = view.versionStart;
      versionLength[i] = view.versionLength;
    }
    return count;
  }

  /** Adds each committed intent's version at the commit_ts to the batch; the keys given one. */
  private List<byte[]> putVersions(SerializedWriteBatch batch, long commitTs, List<byte[]> intentKeys, byte[][] values,
      int[] versionStart, int[] versionLength) {
    List<byte[]> versioned = new ArrayList<>(intentKeys.size());
    long lastTable = -1;
    for (int i = 0; i < intentKeys.size(); i++) {
      if (versionStart[i] < 0 || versionLength[i] == 0) {
        continue; // not this transaction's, or a lock
      }
      byte[] intentKey = intentKeys.get(i);
      long table = tableIdOf(intentKey);
      if (table != lastTable) {
        clock.observeTable(table, commitTs);
        lastTable = table;
      }
      batch.put(store.rows(), RowKeys.versionKey(intentKey, commitTs), values[i], versionStart[i], versionLength[i]);
      versioned.add(intentKey);
    }
    return versioned;
  }

  /**
   * After the chunk's batch is written: its keys leave the index (ADR 0021), and a key with no
   * intent of the transaction (none at all after a DeleteRange, or another's) leaves its set
   * too (ADR 0022).
   */
  private void unindex(long txnId, List<byte[]> intentKeys, byte[][] values, int[] versionStart) {
    List<byte[]> deleted = new ArrayList<>(intentKeys.size());
    for (int i = 0; i < intentKeys.size(); i++) {
      if (versionStart[i] >= 0) {
        deleted.add(intentKeys.get(i));
      } else {
        // no intent at all under a key the index still gives to the transaction (read, found
        // nothing: a DeleteRange): a stale entry, unindexed too
        Long owner = live.owner(intentKeys.get(i));
        live.notOwnedBy(intentKeys.get(i), txnId, values[i] == null && owner != null && owner.longValue() == txnId);
      }
    }
    live.removeAll(deleted, txnId);
  }

  /**
   * The transaction's intent on each key, under the keys' stripes (null: none of its own). A key
   * the index still gives to the transaction holds the bytes its key set kept (ADR 0025): a
   * decided transaction writes nothing more, and every other change of the key's intent (a
   * take-over, a deletion) takes the key from the transaction in the index under the stripe
   * first. Only keys whose bytes were not kept are read, in one multi-get. A key of a table
   * dropped a moment ago may still be indexed until {@code TxnEngine.tableDropped} runs; its
   * version lands in the dropped range, which no table id is ever given again (metadata hands out
   * table ids in increasing order), and costs only its bytes.
   */
  private byte[][] currentIntents(long txnId, List<byte[]> keys, List<byte[]> kept) throws RocksDBException {
    int n = keys.size();
    byte[][] out = new byte[n][];
    boolean[] unread = new boolean[n];
    for (int i = 0; i < n; i++) {
      Long owner = live.owner(keys.get(i));
      if (owner != null && owner.longValue() == txnId) {
        out[i] = kept.get(i);
        unread[i] = out[i] == null;
      }
    }
    IntentReads.fill(store, keys, i -> unread[i], out);
    return out;
  }


  /**
   * Adds to {@code batch} the resolution of {@code value}, the intent stored under
   * {@code intentKey}, if it belongs to the transaction (caller holds the key's stripe, and writes
   * a new intent of its own on the key in the same batch, so the key stays indexed in
   * {@link LiveIntents}; it leaves the transaction's key set once the batch is written). Returns
   * whether it did; the caller then brackets the batch's write with the version cache's
   * beginWrite/endWrite for the key (ADR 0023).
   */
  boolean resolveInto(SerializedWriteBatch batch, byte[] intentKey, byte[] value, TxnRecord outcome) {
    if (value == null) {
      return false;
    }
    IntentBytes.View view = new IntentBytes.View().read(value);
    if (view.txnId != outcome.getTxnId()) {
      return false;
    }
    batch.delete(store.intents(), intentKey);
    if (outcome.getState() == TxnState.TXN_COMMITTED && view.versionLength > 0) {
      clock.observeTable(tableIdOf(intentKey), outcome.getCommitTs());
      batch.put(store.rows(), RowKeys.versionKey(intentKey, outcome.getCommitTs()), value, view.versionStart,
          view.versionLength);
    }
    return true;
  }

  /**
   * Takes back every write of the (pending) transaction made at seq >= {@code fromSeq}: each such
   * intent returns to its newest earlier value, or is deleted (and leaves the transaction's key
   * set) when it had none. Returns how many intents changed.
   */
  long rollback(long txnId, int fromSeq) {
    long changed = 0;
    byte[] after = null;
    while (true) {
      List<byte[]> intentKeys = live.keysOf(txnId, after, CHUNK);
      if (intentKeys.isEmpty()) {
        return changed;
      }
      after = intentKeys.get(intentKeys.size() - 1);
      List<byte[]> deleted = new ArrayList<>();
      List<byte[]> notOwned = new ArrayList<>();
      List<byte[]> noIntent = new ArrayList<>();
      List<byte[]> restoredKeys = new ArrayList<>();
      List<byte[]> restoredIntents = new ArrayList<>();
      try (KeyStripes.Held held = stripes.lock(intentKeys); WriteBatch batch = new WriteBatch()) {
        for (byte[] intentKey : intentKeys) {
          byte[] value = store.db().get(store.intents(), intentKey);
          if (value == null) {
            noIntent.add(intentKey); // a stale index entry
            continue;
          }
          TxnIntent intent = parse(value);
          if (intent.getTxn().getTxnId() != txnId) {
            notOwned.add(intentKey);
            continue;
          }
          if (intent.getSeq() < fromSeq) {
            continue;
          }
          changed++;
          TxnIntent restored = restoreBefore(intent, fromSeq);
          if (restored == null) {
            batch.delete(store.intents(), intentKey);
            deleted.add(intentKey);
          } else {
            byte[] bytes = restored.toByteArray();
            batch.put(store.intents(), intentKey, bytes);
            restoredKeys.add(intentKey);
            restoredIntents.add(bytes);
          }
        }
        // Not synced: the transaction's commit makes its cells durable first (ADR 0013), and an
        // uncommitted transaction's intents go away whatever state they are in.
        if (batch.count() > 0) {
          store.db().write(store.bufferedWrite(), batch);
        }
        // Unindexed after the deletions are written, still under the stripes (ADR 0021); a
        // restored older intent keeps its key indexed and in the transaction's set.
        deleted.forEach(live::remove);
        for (int i = 0; i < restoredKeys.size(); i++) {
          live.changed(restoredKeys.get(i), txnId, restoredIntents.get(i)); // ADR 0025
        }
        notOwned.forEach(key -> live.notOwnedBy(key, txnId, false));
        noIntent.forEach(key -> live.notOwnedBy(key, txnId, true));
      } catch (RocksDBException e) {
        throw new IllegalStateException("cannot roll back intents of transaction "
            + Long.toUnsignedString(txnId), e);
      }
    }
  }

  /** The intent as it was before statement {@code fromSeq}, or null when there was none. */
  static TxnIntent restoreBefore(TxnIntent intent, int fromSeq) {
    List<io.heliosdb.hidb.proto.IntentHistory> history = intent.getHistoryList();
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).getSeq() < fromSeq) {
        return TxnIntent.newBuilder().setTxn(intent.getTxn()).setSeq(history.get(i).getSeq())
            .setVersion(history.get(i).getVersion()).addAllHistory(history.subList(0, i)).build();
      }
    }
    return null;
  }

  /**
   * Transactions with intents on this cell, each with the meta of one of its intents (read from
   * the intents column family: the meta names the coordinator to ask).
   */
  Map<Long, TxnMeta> transactionsWithIntents() {
    Map<Long, TxnMeta> out = new LinkedHashMap<>();
    try {
      for (long txnId : live.transactions()) {
        byte[] after = null;
        search:
        while (true) {
          List<byte[]> keys = live.keysOf(txnId, after, 16);
          if (keys.isEmpty()) {
            break;
          }
          after = keys.get(keys.size() - 1);
          for (byte[] key : keys) {
            byte[] value = store.db().get(store.intents(), key);
            if (value != null) {
              TxnIntent intent;
              try {
                intent = TxnIntent.parseFrom(value);
              } catch (InvalidProtocolBufferException corrupt) {
                continue; // indexed under txn 0 or a stale owner; its readers report it
              }
              if (intent.getTxn().getTxnId() == txnId) {
                out.put(txnId, intent.getTxn());
                break search;
              }
            }
          }
        }
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot list intents", e);
    }
    return out;
  }

  static long tableIdOf(byte[] intentKey) {
    long value = 0;
    for (int i = 0; i < RowKeys.TABLE_PREFIX_LENGTH; i++) {
      value = (value << 8) | (intentKey[i] & 0xFF);
    }
    return value;
  }

  static TxnIntent parse(byte[] value) {
    try {
      return TxnIntent.parseFrom(value);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt write intent", e);
    }
  }
}
