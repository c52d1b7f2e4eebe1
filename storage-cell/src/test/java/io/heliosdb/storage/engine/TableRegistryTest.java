package io.heliosdb.storage.engine;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.StatusCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

class TableRegistryTest {
  @TempDir Path dir;

  @Test
  void layoutsAndShardsAreReloadedOnOpenAndCreateIsIdempotent() {
    try (CellStore store = CellStore.open(dir)) {
      TableRegistry tables = TableRegistry.load(store);
      tables.createShards(TestTables.layout(), List.of(0, 2));
      tables.createShards(TestTables.layout(), List.of(0, 2));
      tables.createShards(TestTables.layout(), List.of(3));
    }
    try (CellStore store = CellStore.open(dir)) {
      TableRegistry tables = TableRegistry.load(store);
      ServedTable table = tables.find(TestTables.TABLE_ID).orElseThrow();
      assertEquals(Set.of(0, 2, 3), table.shards());
      assertEquals(TestTables.layout(), table.layout());
      assertEquals(TestTables.TYPES, table.columnTypes());
      assertEquals(1, tables.size());
    }
  }

  @Test
  void olderSchemaVersionDoesNotReplaceANewerLayout() {
    try (CellStore store = CellStore.open(dir)) {
      TableRegistry tables = TableRegistry.load(store);
      tables.createShards(TestTables.layout().toBuilder().setSchemaVersion(5).build(), List.of(0));
      ServedTable table = tables.createShards(TestTables.layout().toBuilder().setSchemaVersion(4).build(), List.of(1));
      assertEquals(5, table.schemaVersion());
      assertEquals(Set.of(0, 1), table.shards());
    }
  }

  @Test
  void dropDeletesTheTablesRowsButNotOtherTables() {
    try (CellStore store = CellStore.open(dir)) {
      TableRegistry tables = TableRegistry.load(store);
      RowWriter writer = new RowWriter(store, new CellCounters(), 4);
      ServedTable table = tables.createShards(TestTables.layout(), List.of(0, 1, 2, 3));
      ServedTable other = tables.createShards(TestTables.layout().toBuilder().setTableId(43).build(),
          List.of(0, 1, 2, 3));
      for (long id = 0; id < 20; id++) {
        assertEquals(StatusCode.OK, writer.write(table, batch(5, mutation(MutationKind.PUT, id, "x", 1)))
            .getStatus().getCode());
      }
      assertEquals(StatusCode.OK, writer.write(other,
          batch(5, mutation(MutationKind.PUT, 1, "x", 1)).toBuilder().setTableId(43).build()).getStatus().getCode());

      assertTrue(tables.drop(TestTables.TABLE_ID));
      assertFalse(tables.find(TestTables.TABLE_ID).isPresent());
      assertEquals(0, countKeys(store, TestTables.TABLE_ID));
      assertEquals(1, countKeys(store, 43));
      assertFalse(tables.drop(TestTables.TABLE_ID), "dropping again is harmless");
    }
    try (CellStore store = CellStore.open(dir)) {
      assertFalse(TableRegistry.load(store).find(TestTables.TABLE_ID).isPresent());
    }
  }

  private static int countKeys(CellStore store, long tableId) {
    byte[] prefix = RowKeys.tablePrefix(tableId);
    int count = 0;
    try (RocksIterator it = store.db().newIterator(store.rows())) {
      for (it.seek(prefix); it.isValid() && java.util.Arrays.equals(it.key(), 0, 8, prefix, 0, 8); it.next()) {
        count++;
      }
    }
    return count;
  }
}
