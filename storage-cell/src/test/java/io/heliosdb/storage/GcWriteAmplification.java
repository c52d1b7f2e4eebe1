package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.mutation;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.CollectGarbageRequest;
import io.heliosdb.hidb.proto.CollectGarbageResult;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.storage.engine.CellStore;
import io.heliosdb.storage.engine.TestTables;
import io.heliosdb.storage.txn.TxnConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.FlushOptions;
import org.rocksdb.TickerType;

/**
 * Not a test: measures what the MVCC sweeper costs and saves in RocksDB (bench/README.md). The same
 * update-heavy workload (every key rewritten each round) runs twice on a fresh cell, without and
 * with a sweep after each round; prints user bytes, flush and compaction bytes, write
 * amplification and the SST size after a full compaction.
 * Run: java -cp <storage-cell test classpath> io.heliosdb.storage.GcWriteAmplification [keys] [rounds]
 */
public final class GcWriteAmplification {
  private GcWriteAmplification() {}

  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    System.out.printf("%-8s %10s %10s %10s %12s %8s %14s %14s %10s%n", "sweeper", "versions", "user MB",
        "flush MB", "compact MB", "WA", "SST MB before", "SST MB after", "removed");
    for (boolean sweep : new boolean[] {false, true}) {
      run(keys, rounds, sweep);
    }
  }

  private static void run(int keys, int rounds, boolean sweep) throws Exception {
    Path dir = Files.createTempDirectory("heliosdb-gc-wa");
    java.util.Random random = new java.util.Random(42);
    try (CellHarness cell = new CellHarness(CellConfig.defaults("gc-wa-" + sweep, dir),
        TxnConfig.defaults().withRecoverOnOpen(false))) {
      cell.createTable(TestTables.layout(), List.of(0, 1, 2, 3));
      CellStore store = cell.cell().engine().store();
      long ts = 1_000;
      long removed = 0;
      long sweeps = 0;
      for (int round = 0; round < rounds; round++) {
        for (int from = 0; from < keys; from += 500) {
          List<Mutation> mutations = new ArrayList<>();
          for (int id = from; id < Math.min(keys, from + 500); id++) {
            // 200 bytes of incompressible text, as real rows are not all padding.
            byte[] raw = new byte[100];
            random.nextBytes(raw);
            mutations.add(mutation(MutationKind.PUT, id, java.util.HexFormat.of().formatHex(raw), round));
          }
          cell.write(batch(++ts, mutations.toArray(new Mutation[0])));
        }
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
          store.db().flush(flush, store.rows());
        }
        if (sweep) {
          CollectGarbageResult r = cell.stub().collectGarbage(CollectGarbageRequest.newBuilder()
              .setHeader(HidbProtocol.header()).setLowWaterTs(ts).build());
          while (r.getSweeps() <= sweeps) {
            Thread.sleep(10);
            r = cell.stub().collectGarbage(CollectGarbageRequest.newBuilder().setHeader(HidbProtocol.header()).build());
          }
          sweeps = r.getSweeps();
          removed = r.getVersionsRemoved();
        }
      }
      long sstBefore = store.db().getLongProperty(store.rows(), "rocksdb.total-sst-files-size");
      try (org.rocksdb.CompactRangeOptions full = new org.rocksdb.CompactRangeOptions()
          .setBottommostLevelCompaction(org.rocksdb.CompactRangeOptions.BottommostLevelCompaction.kForce)) {
        store.db().compactRange(store.rows(), null, null, full);
      }
      double mb = 1024.0 * 1024.0;
      long user = store.statistic(TickerType.BYTES_WRITTEN);
      long flushed = store.statistic(TickerType.FLUSH_WRITE_BYTES);
      long compacted = store.statistic(TickerType.COMPACT_WRITE_BYTES);
      long sst = store.db().getLongProperty(store.rows(), "rocksdb.total-sst-files-size");
      System.out.printf("%-8s %10d %10.1f %10.1f %12.1f %8.2f %14.1f %14.1f %10d%n", sweep ? "on" : "off",
          (long) keys * rounds, user / mb, flushed / mb, compacted / mb, (flushed + compacted) / (double) user,
          sstBefore / mb, sst / mb, removed);
    }
  }
}
