package io.heliosdb.hidb.sharding;

/**
 * Maps an encoded primary key to one of a table's virtual shards with jump consistent hash
 * (Lamping & Veach): adding shards moves only 1/n of the keys, and no ring state is needed, so
 * compute and cells agree from the key bytes alone.
 */
public final class ShardHash {
  private ShardHash() {}

  /** Virtual shard in [0, shards) for the memcomparable key bytes. */
  public static int shardOf(byte[] key, int shards) {
    return jump(hash64(key), shards);
  }

  /** 64-bit FNV-1a over the bytes followed by a murmur3 finalizer for avalanche. */
  public static long hash64(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Jump consistent hash: bucket in [0, buckets) for a 64-bit key. */
  public static int jump(long key, int buckets) {
    if (buckets <= 0) {
      throw new IllegalArgumentException("buckets must be positive: " + buckets);
    }
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }
}
