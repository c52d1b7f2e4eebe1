package io.heliosdb.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * Not a test: what a two-cell commit's syncs cost on this disk one after the other (ADR 0013: the
 * prepare, then the commit record) and side by side (ADR 0018: the prepare marker and the STAGING
 * record). Two RocksDB instances in one directory (two cells of a node); one client; each
 * iteration an unsynced 200-byte put on each, then the two synced writes. Prints latency
 * percentiles, alternating the modes three times.
 * Run: java -cp <rocksdbjni jar>:<storage-cell test classes> io.heliosdb.storage.ParallelSyncCost seconds dir
 */
public final class ParallelSyncCost {
  private ParallelSyncCost() {}

  public static void main(String[] args) throws Exception {
    RocksDB.loadLibrary();
    int seconds = Integer.parseInt(args[0]);
    Path base = Files.createTempDirectory(Paths.get(args[1]), "d1pc");
    ExecutorService pool = Executors.newCachedThreadPool();
    try (Options o = new Options().setCreateIfMissing(true);
         RocksDB a = RocksDB.open(o, base.resolve("a").toString());
         RocksDB b = RocksDB.open(o, base.resolve("b").toString());
         WriteOptions sync = new WriteOptions().setSync(true); WriteOptions buf = new WriteOptions()) {
      byte[] v = new byte[200];
      for (int round = 0; round < 3; round++) {
        for (String mode : List.of("sequential", "parallel")) {
          List<Long> lat = new ArrayList<>();
          long end = System.nanoTime() + seconds * 1_000_000_000L;
          long i = 0;
          while (System.nanoTime() < end) {
            byte[] k = ("k" + (i++)).getBytes();
            a.put(buf, k, v); b.put(buf, k, v);
            long t0 = System.nanoTime();
            byte[] ka = ("a" + i).getBytes(), kb = ("b" + i).getBytes();
            if (mode.equals("sequential")) {
              b.put(sync, kb, new byte[]{1});
              a.put(sync, ka, new byte[]{1});
            } else {
              Future<?> f = pool.submit(() -> { b.put(sync, kb, new byte[]{1}); return null; });
              a.put(sync, ka, new byte[]{1});
              f.get();
            }
            lat.add(System.nanoTime() - t0);
          }
          Collections.sort(lat);
          System.out.printf("%-10s n=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms%n", mode, lat.size(),
              lat.get(lat.size()/2)/1e6, lat.get(lat.size()*9/10)/1e6, lat.get(lat.size()*99/100)/1e6);
        }
      }
    } finally { pool.shutdownNow(); }
  }
}
