package io.heliosdb.planner.session;

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
    int i = hash(key) >>> shift;
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

  /**
   * FNV-1a with murmur3's finalizer. Not Arrays.hashCode: for keys of consecutive integers its
   * values collide across byte positions (31 * b3 + b4) and run consecutively, into long probe runs.
   */
  private static int hash(byte[] key) {
    int h = 0x811C9DC5;
    for (byte b : key) {
      h = (h ^ (b & 0xFF)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }
}
