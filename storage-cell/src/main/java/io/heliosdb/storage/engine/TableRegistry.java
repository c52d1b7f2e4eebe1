package io.heliosdb.storage.engine;

import com.google.protobuf.InvalidProtocolBufferException;
import io.heliosdb.hidb.proto.CreateTableShardsRequest;
import io.heliosdb.hidb.proto.TableLayout;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The tables and shards this cell serves. Each entry is persisted in the meta column family as a
 * CreateTableShardsRequest (layout + shard ids, header cleared) under {@code "table/" + table_id}
 * and reloaded on open; reads are lock-free, DDL is serialized on the registry.
 */
public final class TableRegistry {
  private static final byte[] META_PREFIX = "table/".getBytes(StandardCharsets.US_ASCII);

  private final CellStore store;
  private final Map<Long, ServedTable> tables = new ConcurrentHashMap<>();

  private TableRegistry(CellStore store) {
    this.store = store;
  }

  /** Loads every persisted table layout. */
  public static TableRegistry load(CellStore store) {
    TableRegistry registry = new TableRegistry(store);
    try (RocksIterator it = store.db().newIterator(store.meta())) {
      for (it.seek(META_PREFIX); it.isValid() && startsWith(it.key(), META_PREFIX); it.next()) {
        CreateTableShardsRequest entry = parse(it.value());
        ServedTable table = ServedTable.of(entry.getLayout(), entry.getShardIdsList());
        registry.tables.put(table.tableId(), table);
      }
    }
    return registry;
  }

  public Optional<ServedTable> find(long tableId) {
    return Optional.ofNullable(tables.get(tableId));
  }

  public int size() {
    return tables.size();
  }

  /**
   * Serves {@code shardIds} of the table with this layout. Idempotent: shards already served stay
   * served, and the layout is replaced unless the stored one has a newer schema version.
   */
  public synchronized ServedTable createShards(TableLayout layout, Iterable<Integer> shardIds) {
    if (layout.getTableId() == -1L) {
      // The table prefix must have a successor for DropTableShards' DeleteRange.
      throw new IllegalArgumentException("table id 2^64-1 is reserved");
    }
    ServedTable existing = tables.get(layout.getTableId());
    TreeSet<Integer> shards = new TreeSet<>();
    TableLayout effective = layout;
    if (existing != null) {
      shards.addAll(existing.shards());
      if (Long.compareUnsigned(existing.schemaVersion(), layout.getSchemaVersion()) > 0) {
        effective = existing.layout();
      }
    }
    shardIds.forEach(shards::add);
    CreateTableShardsRequest entry = CreateTableShardsRequest.newBuilder()
        .setLayout(effective).addAllShardIds(shards).build();
    try {
      store.db().put(store.meta(), store.syncWrite(), metaKey(layout.getTableId()), entry.toByteArray());
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot persist layout of table " + layout.getTableId(), e);
    }
    ServedTable table = ServedTable.of(effective, shards);
    tables.put(table.tableId(), table);
    return table;
  }

  /**
   * Deletes every row, TOAST and index entry of the table (one DeleteRange per column family over
   * the table prefix) and forgets its layout, atomically. Returns whether the table was known.
   */
  public synchronized boolean drop(long tableId) {
    boolean known = tables.containsKey(tableId);
    byte[] begin = RowKeys.tablePrefix(tableId);
    byte[] end = RowKeys.successorOfPrefix(begin);
    try (WriteBatch batch = new WriteBatch()) {
      for (ColumnFamilyHandle family : store.dataFamilies()) {
        batch.deleteRange(family, begin, end);
      }
      batch.delete(store.meta(), metaKey(tableId));
      // No cached version of the table may outlive the range deletion (ADR 0023).
      store.versionCache().beginRangeWrite();
      try {
        store.db().write(store.syncWrite(), batch);
      } finally {
        store.versionCache().endRangeWrite();
      }
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot drop table " + tableId, e);
    }
    tables.remove(tableId);
    return known;
  }

  private static byte[] metaKey(long tableId) {
    return RowKeys.concat(META_PREFIX, RowKeys.tablePrefix(tableId));
  }

  private static CreateTableShardsRequest parse(byte[] bytes) {
    try {
      return CreateTableShardsRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt table layout in meta column family", e);
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
