package io.heliosdb.storage.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Statistics;
import org.rocksdb.StatsLevel;
import org.rocksdb.TickerType;
import org.rocksdb.WriteOptions;

/**
 * The one RocksDB of a cell with its column families: rows (MVCC row versions), toast (out-of-line
 * values), index (local secondary indexes) and meta (table layouts). Owns every native handle it
 * opens and releases them in {@link #close()}. Transactions add intents and txns (ADR 0007).
 */
public final class CellStore implements AutoCloseable {
  public static final String ROWS = "rows";
  public static final String TOAST = "toast";
  public static final String INDEX = "index";
  public static final String META = "meta";
  /** Write intents of transactions, keyed like row versions without the timestamp (ADR 0007). */
  public static final String INTENTS = "intents";
  /** Transaction records (coordinator side) and the per-transaction index of local intents. */
  public static final String TXNS = "txns";

  static {
    RocksDB.loadLibrary();
  }

  private final Path dataDir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final ColumnFamilyOptions keyedOptions;
  private final List<ColumnFamilyHandle> handles;
  private final RocksDB db;
  private final WriteOptions syncWrite;
  private final WriteOptions bufferedWrite;
  private final Statistics statistics;
  private final NewestVersionCache versionCache;

  /**
   * Slots of the newest-version cache of a cell (ADR 0023): 128 Ki entries, at most about 80 MB
   * with {@link NewestVersionCache#MAX_VALUE_BYTES}-byte versions, usually a few tens of MB.
   */
  public static final int DEFAULT_VERSION_CACHE_SLOTS = 1 << 17;

  private CellStore(Path dataDir, DBOptions dbOptions, Statistics statistics, ColumnFamilyOptions cfOptions,
      ColumnFamilyOptions keyedOptions, List<ColumnFamilyHandle> handles, RocksDB db, int versionCacheSlots) {
    this.dataDir = dataDir;
    this.versionCache = new NewestVersionCache(versionCacheSlots);
    this.dbOptions = dbOptions;
    this.statistics = statistics;
    this.cfOptions = cfOptions;
    this.keyedOptions = keyedOptions;
    this.handles = handles;
    this.db = db;
    this.syncWrite = new WriteOptions().setSync(true);
    this.bufferedWrite = new WriteOptions().setSync(false);
  }

  public static CellStore open(Path dataDir) {
    return open(dataDir, DEFAULT_VERSION_CACHE_SLOTS);
  }

  /** {@code versionCacheSlots} sizes the newest-version cache (ADR 0023); 0 turns it off. */
  public static CellStore open(Path dataDir, int versionCacheSlots) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create cell data directory " + dataDir, e);
    }
    // Tickers only (no per-operation timers): WAL syncs show whether group commit is happening.
    Statistics statistics = new Statistics();
    statistics.setStatsLevel(StatsLevel.EXCEPT_DETAILED_TIMERS);
    DBOptions dbOptions = new DBOptions()
        .setStatistics(statistics)
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2)
        // close() flushes explicitly; a crash must be recoverable from the WAL alone, and tests
        // exercise that path by closing without the flush.
        .setAvoidFlushDuringShutdown(true);
    ColumnFamilyOptions cfOptions = parsed(withTombstoneCompaction(new java.util.Properties()));
    ColumnFamilyOptions keyedOptions = tableKeyedOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (String name : List.of(ROWS, TOAST, INDEX, META, INTENTS, TXNS)) {
      boolean tableKeyed = !name.equals(META) && !name.equals(TXNS);
      descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8),
          tableKeyed ? keyedOptions : cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dataDir.toString(), descriptors, handles);
      return new CellStore(dataDir, dbOptions, statistics, cfOptions, keyedOptions, handles, db, versionCacheSlots);
    } catch (RocksDBException e) {
      cfOptions.close();
      keyedOptions.close();
      dbOptions.close();
      statistics.close();
      throw new IllegalStateException("cannot open RocksDB in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Options of the column families keyed {@code table_id | shard_id | ...} (rows, toast, index,
   * intents): memtable inserts keep a position hint per 12-byte (table, shard) prefix. A batch's
   * keys come sorted but jump between shards, and an intent's deletion lands just before its own
   * put; without per-prefix hints (and their partial repair of the skip-list splice) every such
   * jump searched the memtable from the top. Measured on a 500-key batch over 4 shards: deleting
   * intents 300-330 us per batch without hints, 150 us with (the same as writing them).
   * The option exists only as an option string in RocksJava.
   */
  private static ColumnFamilyOptions tableKeyedOptions() {
    java.util.Properties options = new java.util.Properties();
    options.setProperty("memtable_insert_with_hint_prefix_extractor",
        "rocksdb.FixedPrefix." + RowKeys.SHARD_PREFIX_LENGTH);
    // Flushes and L0 -> L1 compactions write uncompressed, data that lives on is compressed (LZ4)
    // from L2 down. Snappy on every flush cost the flush thread 0.66-0.85 ms of CPU per 1000-row
    // INSERT, against 0.42-0.46 ms without (2,000 statements each), for 9% more disk at 2.3M rows.
    options.setProperty("compression_per_level",
        "kNoCompression:kNoCompression:kLZ4Compression:kLZ4Compression:kLZ4Compression:kLZ4Compression:kLZ4Compression");
    return parsed(withTombstoneCompaction(options));
  }

  /**
   * Every column family compacts an SST file that is mostly tombstones soon after it is written
   * (RocksDB's CompactOnDeletionCollector: half of any 16,384 consecutive entries, or half of the
   * file), so reads and scans do not step over them for long: resolved intents (each a put, then a
   * delete), forgotten transaction records and prepare markers, swept MVCC versions. This replaced
   * a manual compaction of the whole intents and txns column families after every 50,000 resolved
   * intents, which forced a flush each time (ADR 0028: 5-6% of the server's CPU on 1000-row INSERTs).
   */
  private static java.util.Properties withTombstoneCompaction(java.util.Properties options) {
    options.setProperty("table_properties_collectors",
        "{id=CompactOnDeletionCollector;window_size=16384;deletion_trigger=8192;deletion_ratio=0.5}");
    return options;
  }

  private static ColumnFamilyOptions parsed(java.util.Properties options) {
    try (org.rocksdb.ConfigOptions config = new org.rocksdb.ConfigOptions()) {
      ColumnFamilyOptions parsed = ColumnFamilyOptions.getColumnFamilyOptionsFromProps(config, options);
      if (parsed == null) {
        throw new IllegalStateException("RocksDB refused the column family options " + options);
      }
      return parsed;
    }
  }

  public RocksDB db() {
    return db;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * The newest version of recently read keys (ADR 0023): every writer of {@link #rows()} brackets
   * its batch with the cache's beginWrite/endWrite for the keys it writes.
   */
  public NewestVersionCache versionCache() {
    return versionCache;
  }

  public ColumnFamilyHandle rows() {
    return handles.get(1);
  }

  public ColumnFamilyHandle toast() {
    return handles.get(2);
  }

  public ColumnFamilyHandle index() {
    return handles.get(3);
  }

  public ColumnFamilyHandle meta() {
    return handles.get(4);
  }

  public ColumnFamilyHandle intents() {
    return handles.get(5);
  }

  public ColumnFamilyHandle txns() {
    return handles.get(6);
  }

  /** Column families that hold user data keyed by the table prefix. */
  public List<ColumnFamilyHandle> dataFamilies() {
    return List.of(rows(), toast(), index(), intents());
  }

  /** Write options with WAL fsync before the write returns. */
  public WriteOptions syncWrite() {
    return syncWrite;
  }

  /**
   * Write options without fsync: the batch is in the OS page cache when the write returns (it
   * survives a process crash, not a machine crash) until a later synced write or {@link
   * #makeWalDurable()} syncs the WAL, which also syncs every earlier write (the WAL is one
   * sequence; recovery keeps a prefix of it). Transactions write intents this way (ADR 0013).
   */
  public WriteOptions bufferedWrite() {
    return bufferedWrite;
  }

  /**
   * Makes every write acknowledged so far durable: one synced empty batch, which joins RocksDB's
   * write group, so concurrent committers and preparers on this cell share one fsync
   * (SyncWAL would serialize them; measured in ADR 0013).
   */
  public void makeWalDurable() throws RocksDBException {
    try (org.rocksdb.WriteBatch empty = new org.rocksdb.WriteBatch()) {
      db.write(syncWrite, empty);
    }
  }

  /** Whether RocksDB reports no background (flush/compaction) errors. */
  public boolean isHealthy() {
    try {
      String errors = db.getProperty("rocksdb.background-errors");
      return errors == null || errors.trim().equals("0");
    } catch (RocksDBException e) {
      return false;
    }
  }

  /** A RocksDB statistics ticker since open (bytes written, flushed, compacted ...). */
  public long statistic(TickerType ticker) {
    return statistics.getTickerCount(ticker);
  }

  /** WAL fsyncs since open; fewer than acknowledged writes when concurrent writers share them. */
  public long walSyncs() {
    return statistics.getTickerCount(TickerType.WAL_FILE_SYNCED);
  }

  public long estimatedLiveKeys() {
    try {
      return db.getLongProperty(rows(), "rocksdb.estimate-num-keys");
    } catch (RocksDBException e) {
      return 0;
    }
  }

  /** Flushes the memtables to SST files and closes every handle. */
  @Override
  public void close() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    } catch (RocksDBException e) {
      // Still close: the WAL holds everything that was acknowledged.
      org.slf4j.LoggerFactory.getLogger(CellStore.class)
          .warn("flush before close failed in {}: {}", dataDir, e.getMessage());
    }
    closeHandles();
  }

  /** Closes without flushing memtables, leaving recovery to the WAL, as after a crash. */
  public void closeWithoutFlush() {
    closeHandles();
  }

  private void closeHandles() {
    syncWrite.close();
    bufferedWrite.close();
    for (ColumnFamilyHandle handle : handles) {
      handle.close();
    }
    db.close();
    cfOptions.close();
    keyedOptions.close();
    dbOptions.close();
    statistics.close();
  }
}
