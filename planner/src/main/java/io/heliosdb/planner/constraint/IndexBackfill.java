package io.heliosdb.planner.constraint;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.error.ConstraintViolation;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.exec.CellWriter.Change;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import io.heliosdb.planner.exec.ScanStatsSink;
import io.heliosdb.planner.exec.Txn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fills a new index from the rows already in its table (ADR 0011). The index is in the catalog
 * (not yet valid) before this starts, so every writer maintains it from then on; the backfill
 * reads the table at a snapshot and writes the entries of those rows in batches, each its own
 * transaction whose conflict snapshot is the read snapshot: a row a writer changed after the
 * snapshot makes the batch conflict, and the batch is read again and retried.
 */
public final class IndexBackfill {
  private static final System.Logger LOG = System.getLogger(IndexBackfill.class.getName());
  private static final int BATCH_ROWS = 1000;
  private static final int MAX_ATTEMPTS = 20;
  private static final long PROGRESS_EVERY = 100_000;

  /** Rows indexed by all backfills of this JVM, for monitoring. */
  public static final AtomicLong ROWS_INDEXED = new AtomicLong();

  private final HeliosEngine engine;
  private final Catalog catalog;
  private final TableDescriptor table;
  private final IndexEntries entries;
  private final List<DataType> keyTypes = new ArrayList<>();

  public IndexBackfill(HeliosEngine engine, Catalog catalog, TableDescriptor table, IndexDescriptor index) {
    this.engine = engine;
    this.catalog = catalog;
    this.table = table;
    this.entries = new IndexEntries(table, index);
    table.primaryKey().forEach(k -> keyTypes.add(table.columns().get(k).type()));
  }

  /** @return rows indexed */
  public long run() {
    long snapshot = engine.clock().snapshot();
    long readId = engine.clock().next();
    long done = 0;
    long started = System.nanoTime();
    ScanRequest scan = new ScanRequest(table, null, ScanRequest.allColumns(table), null, List.of(), null, 0, true);
    List<Object[]> rows = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    try (RowStream s = engine.scanner().scan(catalog, scan, snapshot, readId, ScanStatsSink.NONE)) {
      Object[] row;
      while ((row = s.next()) != null) {
        rows.add(row);
        keys.add(s.key());
        if (rows.size() == BATCH_ROWS) {
          done += writeBatch(rows, keys, snapshot);
          rows.clear();
          keys.clear();
          if (done % PROGRESS_EVERY < BATCH_ROWS) {
            LOG.log(System.Logger.Level.INFO, "index {0} on {1}: {2} rows indexed", entries.index().name(),
                table.qualifiedName(), done);
          }
        }
      }
    }
    done += writeBatch(rows, keys, snapshot);
    LOG.log(System.Logger.Level.INFO, "index {0} on {1}: built from {2} rows in {3} ms", entries.index().name(),
        table.qualifiedName(), done, (System.nanoTime() - started) / 1_000_000);
    return done;
  }

  private long writeBatch(List<Object[]> rows, List<byte[]> keys, long snapshot) {
    if (rows.isEmpty()) {
      return 0;
    }
    List<Object[]> current = rows;
    long readAt = snapshot;
    for (int attempt = 1; ; attempt++) {
      Txn txn = new Txn(engine.clock().next(), readAt);
      try {
        List<Change> changes = changes(current, txn, readAt);
        if (!changes.isEmpty()) {
          engine.writer().writeIntents(catalog, entries.indexTable(), changes, txn, engine.transactions(), readAt);
          engine.transactions().commit(catalog, txn);
        }
        ROWS_INDEXED.addAndGet(current.size());
        return current.size();
      } catch (HeliosException e) {
        if (txn.hasWrites()) {
          engine.transactions().abort(catalog, txn);
        }
        boolean retry = e.code() == ErrorCode.SERIALIZATION_FAILURE
            || (e.code() == ErrorCode.UNIQUE_VIOLATION && !(e instanceof ConstraintViolation));
        if (!retry || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        sleep(attempt);
        // the rows changed under us: read them again, as they are now
        readAt = engine.clock().snapshot();
        current = reread(keys, readAt);
      }
    }
  }

  private List<Change> changes(List<Object[]> rows, Txn txn, long readAt) {
    List<Change> out = new ArrayList<>();
    Map<ByteBuffer, Object[]> byKey = new HashMap<>();
    for (Object[] row : rows) {
      IndexEntries.Entry e = entries.entryOf(row);
      if (e == null) {
        continue;
      }
      if (e.uniqueKey() && byKey.put(ByteBuffer.wrap(e.key()), row) != null) {
        throw duplicated(entries.indexValues(row));
      }
      out.add(new Change(e.uniqueKey() ? MutationKind.INSERT : MutationKind.PUT, e.key(), e.value()));
    }
    if (byKey.isEmpty()) {
      return out;
    }
    // entries writers already made for these rows are fine; another row's entry is a duplicate
    TableDescriptor it = entries.indexTable();
    List<byte[]> probe = out.stream().filter(c -> c.kind() == MutationKind.INSERT).map(Change::key).toList();
    Set<ByteBuffer> present = new HashSet<>();
    ScanRequest get = new ScanRequest(it, null, ScanRequest.allColumns(it), null, List.of(), probe, 0, false);
    try (RowStream s = engine.scanner().scan(catalog, get, readAt, txn.id(), ScanStatsSink.NONE)) {
      Object[] found;
      while ((found = s.next()) != null) {
        Object[] mine = byKey.get(ByteBuffer.wrap(s.key()));
        byte[] theirs = entries.baseKeyOf(found);
        byte[] ours = KeyCodec.encode(keyTypes, pkOf(mine));
        if (!Arrays.equals(theirs, ours)) {
          throw duplicated(entries.indexValues(mine));
        }
        present.add(ByteBuffer.wrap(s.key()));
      }
    }
    return out.stream().filter(c -> !present.contains(ByteBuffer.wrap(c.key()))).toList();
  }

  private Object[] pkOf(Object[] row) {
    Object[] pk = new Object[table.primaryKey().size()];
    for (int i = 0; i < pk.length; i++) {
      pk[i] = row[table.primaryKey().get(i)];
    }
    return pk;
  }

  private List<Object[]> reread(List<byte[]> keys, long readAt) {
    List<Object[]> rows = new ArrayList<>();
    ScanRequest get = new ScanRequest(table, null, ScanRequest.allColumns(table), null, List.of(), keys, 0, false);
    try (RowStream s = engine.scanner().scan(catalog, get, readAt, engine.clock().next(), ScanStatsSink.NONE)) {
      Object[] row;
      while ((row = s.next()) != null) {
        rows.add(row);
      }
    }
    return rows;
  }

  private ConstraintViolation duplicated(Object[] values) {
    IndexDescriptor index = entries.index();
    return new ConstraintViolation(ErrorCode.UNIQUE_VIOLATION, "could not create unique index \"" + index.name()
        + "\"", "Key (" + Violations.names(table, index.columns()) + ")=(" + Violations.join(values, ", ")
        + ") is duplicated.", index.name(), 1062, "Duplicate entry '" + Violations.join(values, "-")
        + "' for key '" + table.name() + "." + index.name() + "'");
  }

  private static void sleep(int attempt) {
    try {
      Thread.sleep(Math.min(500, 10L * attempt * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "index build interrupted");
    }
  }
}
