package io.heliosdb.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Not a test: what a WAL sync costs on this disk, and which way of syncing shares fsyncs among
 * concurrent committers (ADR 0013). Each thread does an unsynced 200-byte put and then the sync step:
 * {@code put} (the put itself synced), {@code syncwal} ({@code RocksDB.syncWal()}), {@code empty} (a
 * synced empty batch, what PrepareTxn does). Prints ops/s, WAL syncs per op and latency percentiles.
 * Run: java -cp <storage-cell test classpath> io.heliosdb.storage.WalSyncCost mode threads recycleLogFiles seconds
 */
public final class WalSyncCost {
  private WalSyncCost() {}

  public static void main(String[] args) throws Exception {
    RocksDB.loadLibrary();
    String mode = args.length > 0 ? args[0] : "empty";
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int recycle = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Path dir = Files.createTempDirectory("heliosdb-walsync");
    try (Statistics stats = new Statistics();
        Options options = new Options().setCreateIfMissing(true).setStatistics(stats).setRecycleLogFileNum(recycle);
        RocksDB db = RocksDB.open(options, dir.toString());
        WriteOptions sync = new WriteOptions().setSync(true);
        WriteOptions buffered = new WriteOptions()) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      byte[] value = new byte[200];
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<Long> latencies = new ArrayList<>();
          try (WriteBatch empty = new WriteBatch()) {
            for (long i = 0; System.nanoTime() < end; i++) {
              byte[] key = ("k" + thread + "-" + (i % 100_000)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
              long start = System.nanoTime();
              switch (mode) {
                case "put" -> db.put(sync, key, value);
                case "syncwal" -> {
                  db.put(buffered, key, value);
                  db.syncWal();
                }
                case "empty" -> {
                  db.put(buffered, key, value);
                  db.write(sync, empty);
                }
                default -> throw new IllegalArgumentException("mode: put, syncwal or empty");
              }
              latencies.add(System.nanoTime() - start);
            }
          }
          return latencies;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        all.addAll(result.get());
      }
      pool.shutdown();
      Collections.sort(all);
      long syncs = stats.getTickerCount(TickerType.WAL_FILE_SYNCED);
      System.out.printf("mode=%s threads=%d recycle=%d ops/s=%.0f syncs/op=%.2f p50=%.2fms p99=%.2fms%n", mode,
          threads, recycle, all.size() / (double) seconds, syncs / (double) all.size(),
          all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
