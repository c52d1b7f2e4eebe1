package io.heliosdb.storage.txn;

import io.heliosdb.storage.engine.RowKeys;
import java.util.Arrays;

/**
 * Keys of the txns column family: {@code 'r' | txn_id} for a transaction record (on its
 * coordinator) and {@code 'p' | txn_id | intent key} for each intent this cell holds of a
 * transaction, so resolution and crash recovery find them without scanning every intent (and
 * {@code 'q' | txn_id}, the prepare marker of a parallel commit, ADR 0018). Intent
 * keys themselves (intents column family) are {@link RowKeys#keyPrefix}: table | shard | pk.
 */
final class TxnKeys {
  private static final byte RECORD = 'r';
  private static final byte PARTICIPANT = 'p';
  private static final byte PREPARE_MARKER = 'q';
  static final int PARTICIPANT_PREFIX_LENGTH = 9;

  private TxnKeys() {}

  static byte[] record(long txnId) {
    return withId(RECORD, txnId, 0);
  }

  /**
   * {@code 'q' | txn_id}: this cell's durable prepare of the transaction, or its durable refusal
   * of any prepare (ADR 0018). Sorts after every participant entry, so their scans stop before it.
   */
  static byte[] prepareMarker(long txnId) {
    return withId(PREPARE_MARKER, txnId, 0);
  }

  static byte[] participantPrefix(long txnId) {
    return withId(PARTICIPANT, txnId, 0);
  }

  /**
   * The first key after every participant entry of txnId: an iterator bound, so a scan of one
   * transaction's entries stops there instead of stepping over the tombstones of other, already
   * resolved transactions that follow it.
   */
  static byte[] participantPrefixEnd(long txnId) {
    return txnId == -1L ? new byte[] {PARTICIPANT + 1} : participantPrefix(txnId + 1);
  }

  static byte[] participant(long txnId, byte[] intentKey) {
    byte[] out = withId(PARTICIPANT, txnId, intentKey.length);
    System.arraycopy(intentKey, 0, out, PARTICIPANT_PREFIX_LENGTH, intentKey.length);
    return out;
  }

  /** The first participant key of all transactions. */
  static byte[] participantsStart() {
    return new byte[] {PARTICIPANT};
  }

  static boolean isParticipant(byte[] key) {
    return key.length > PARTICIPANT_PREFIX_LENGTH && key[0] == PARTICIPANT;
  }

  static long participantTxnId(byte[] key) {
    long value = 0;
    for (int i = 1; i < PARTICIPANT_PREFIX_LENGTH; i++) {
      value = (value << 8) | (key[i] & 0xFF);
    }
    return value;
  }

  static byte[] participantIntentKey(byte[] key) {
    return Arrays.copyOfRange(key, PARTICIPANT_PREFIX_LENGTH, key.length);
  }

  private static byte[] withId(byte kind, long txnId, int extra) {
    byte[] out = new byte[PARTICIPANT_PREFIX_LENGTH + extra];
    out[0] = kind;
    long value = txnId;
    for (int i = 8; i >= 1; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }
}
