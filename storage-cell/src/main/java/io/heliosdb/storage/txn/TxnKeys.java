package io.heliosdb.storage.txn;

import io.heliosdb.storage.engine.RowKeys;

/**
 * Keys of the txns column family: {@code 'r' | txn_id} for a transaction record (on its
 * coordinator) and {@code 'q' | txn_id}, the prepare marker of a parallel commit (ADR 0018).
 * Intent keys themselves (intents column family) are {@link RowKeys#keyPrefix}: table | shard | pk.
 *
 * <p>Before ADR 0022 each intent also had a participant entry {@code 'p' | txn_id | intent key}
 * here; the per-transaction key sets in memory replaced them. Data directories written before may
 * still hold some: the cell deletes the whole {@code 'p'} range once at open.
 */
final class TxnKeys {
  private static final byte RECORD = 'r';
  private static final byte LEGACY_PARTICIPANT = 'p';
  private static final byte PREPARE_MARKER = 'q';
  private static final int ID_KEY_LENGTH = 9;

  private TxnKeys() {}

  static byte[] record(long txnId) {
    return withId(RECORD, txnId, 0);
  }

  /** {@code 'q' | txn_id}: this cell's durable prepare of the transaction, or its durable refusal of any prepare (ADR 0018). */
  static byte[] prepareMarker(long txnId) {
    return withId(PREPARE_MARKER, txnId, 0);
  }

  /** A participant entry as written before ADR 0022 (only old data directories hold them; for tests). */
  static byte[] legacyParticipant(long txnId, byte[] intentKey) {
    byte[] out = withId(LEGACY_PARTICIPANT, txnId, intentKey.length);
    System.arraycopy(intentKey, 0, out, ID_KEY_LENGTH, intentKey.length);
    return out;
  }

  /** The first key of the legacy participant range. */
  static byte[] legacyParticipantsStart() {
    return new byte[] {LEGACY_PARTICIPANT};
  }

  /** The first key after the legacy participant range (at or below every prepare marker and record). */
  static byte[] legacyParticipantsEnd() {
    return new byte[] {LEGACY_PARTICIPANT + 1};
  }

  private static byte[] withId(byte kind, long txnId, int extra) {
    byte[] out = new byte[ID_KEY_LENGTH + extra];
    out[0] = kind;
    long value = txnId;
    for (int i = 8; i >= 1; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }
}
