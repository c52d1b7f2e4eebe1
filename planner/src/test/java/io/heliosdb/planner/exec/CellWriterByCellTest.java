package io.heliosdb.planner.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.sharding.ShardHash;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.exec.CellWriter.Change;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellWriterByCellTest {

  /**
   * The grouping a statement's intents are sent by equals a map from cell (in order of first
   * appearance) to its changes in statement order, for one cell, a few, and more cells than the
   * linear search serves (the map takes over).
   */
  @Test
  void groupsChangesByTheirShardsCellInStatementOrder() {
    Random random = new Random(9);
    for (int cells : new int[] {1, 2, 3, 12, 40}) {
      List<String> shardToCell = new ArrayList<>();
      for (int s = 0; s < 64; s++) {
        // new String: the grouping must compare cell ids by value, not only by reference
        shardToCell.add(new String("cell-" + random.nextInt(cells)));
      }
      TableDescriptor table = new TableDescriptor(7, "public", "t", 1,
          List.of(new ColumnDescriptor("id", DataType.INTEGER, false, null, false)), List.of(0), 64, shardToCell);
      for (int n : new int[] {1, 5, 300}) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          byte[] key = new byte[4];
          random.nextBytes(key);
          changes.add(new Change(MutationKind.INSERT, key, new byte[] {1}));
        }
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
          int shard = ShardHash.shardOf(changes.get(i).key(), 64);
          expected.computeIfAbsent(table.shardToCell().get(shard), c -> new ArrayList<>()).add(i);
        }
        CellWriter.ByCell byCell = CellWriter.ByCell.of(table, changes);
        assertEquals(List.copyOf(expected.keySet()), byCell.cellIds);
        for (int c = 0; c < byCell.cellIds.size(); c++) {
          int[] members = Arrays.copyOf(byCell.members[c], byCell.counts[c]);
          assertArrayEquals(expected.get(byCell.cellIds.get(c)).stream().mapToInt(Integer::intValue).toArray(), members);
          for (int i : members) {
            assertEquals(ShardHash.shardOf(changes.get(i).key(), 64), byCell.shards[i]);
          }
        }
      }
    }
  }
}
