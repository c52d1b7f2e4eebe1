package io.heliosdb.hidb.codec;

/**
 * A well-mixed 64-bit hash of an encoded key, for in-memory tables indexed by hash bits (the
 * compute side's duplicate-key check, a cell's newest-version cache). Not Arrays.hashCode: keys of
 * consecutive integers differ in a few trailing bytes, and a polynomial hash maps 100k of them to
 * about 10k values in a row. FNV-1a over the bytes, then murmur3's 64-bit finaliser, so every
 * output bit (high or low) depends on every input byte.
 */
public final class KeyHash {
  private KeyHash() {}

  public static long of(byte[] key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key) {
      h = (h ^ (b & 0xFF)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
