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

  @Test
  void theParticipantBoundEndsExactlyOneTransactionsEntries() {
    for (long txnId : new long[] {0L, 1L, 255L, 256L, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L}) {
      byte[] end = TxnKeys.participantPrefixEnd(txnId);
      for (byte[] intentKey : new byte[][] {INTENT_KEY, LONGEST_INTENT_KEY}) {
        assertTrue(Arrays.compareUnsigned(TxnKeys.participant(txnId, intentKey), end) < 0, "own entry below the bound");
        if (txnId != -1L) {
          assertTrue(Arrays.compareUnsigned(end, TxnKeys.participant(txnId + 1, new byte[] {0})) <= 0,
              "the next transaction's entries at or above the bound");
        }
      }
      assertTrue(Arrays.compareUnsigned(end, TxnKeys.prepareMarker(0L)) <= 0, "markers sort after every bound");
    }
  }
}
