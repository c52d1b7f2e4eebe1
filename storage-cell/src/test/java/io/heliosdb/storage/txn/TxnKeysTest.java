package io.heliosdb.storage.txn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TxnKeysTest {
  private static final byte[] INTENT_KEY = {0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 0x12, 0x34};
  private static final byte[] LONGEST_INTENT_KEY = new byte[64];

  static {
    Arrays.fill(LONGEST_INTENT_KEY, (byte) 0xFF);
  }

  /** The open-time DeleteRange of old participant entries (ADR 0022) takes all of them and nothing else. */
  @Test
  void theLegacyParticipantRangeHoldsEveryOldEntryAndNoRecordOrMarker() {
    byte[] start = TxnKeys.legacyParticipantsStart();
    byte[] end = TxnKeys.legacyParticipantsEnd();
    for (long txnId : new long[] {0L, 1L, 255L, 256L, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L}) {
      for (byte[] intentKey : new byte[][] {INTENT_KEY, LONGEST_INTENT_KEY}) {
        byte[] entry = TxnKeys.legacyParticipant(txnId, intentKey);
        assertTrue(Arrays.compareUnsigned(start, entry) <= 0 && Arrays.compareUnsigned(entry, end) < 0,
            "an old participant entry lies in the range");
      }
      assertTrue(Arrays.compareUnsigned(end, TxnKeys.record(txnId)) <= 0, "records sort after it");
      assertTrue(Arrays.compareUnsigned(end, TxnKeys.prepareMarker(txnId)) <= 0, "markers sort after it");
    }
  }
}
