package io.heliosdb.planner.session;

import io.heliosdb.hidb.codec.KeyHash;
import java.util.Arrays;

/**
 * The encoded keys a statement proposed so far, to find a key it proposes twice: an open-addressing
 * table of the arrays themselves, sized for the statement's rows up front, instead of a HashSet
 * wrapping every key in a ByteBuffer and a map node.
 */
final class DistinctKeys {
  private final byte[][] slots;
  private final int mask;
  private final int shift;

  DistinctKeys(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    slots = new byte[capacity][];
    mask = capacity - 1;
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
  }

  /** Adds {@code key} (not copied: the caller never changes it); false when an equal key was already added. */
  boolean add(byte[] key) {
    int i = (int) (KeyHash.of(key) >>> (32 + shift)); // the top bits
    while (true) {
      byte[] k = slots[i];
      if (k == null) {
        slots[i] = key;
        return true;
      }
      if (Arrays.equals(k, key)) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }
}
