package io.heliosdb.planner.exec;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.AdminResult;
import io.heliosdb.hidb.proto.CreateTableShardsRequest;
import io.heliosdb.hidb.proto.DropTableShardsRequest;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Creates and drops a table's shards on the cells that the shard map assigns them to. */
public final class ShardManager {
  private final CellClients cells;

  public ShardManager(CellClients cells) {
    this.cells = cells;
  }

  /** Virtual shards per cell id, in shard order. */
  public static Map<String, List<Integer>> shardsByCell(TableDescriptor table) {
    Map<String, List<Integer>> byCell = new TreeMap<>();
    for (int shard = 0; shard < table.shardToCell().size(); shard++) {
      byCell.computeIfAbsent(table.shardToCell().get(shard), k -> new ArrayList<>()).add(shard);
    }
    return byCell;
  }

  /** Idempotent: tells every owning cell about the table (also used to heal a cell that missed it). */
  public void createShards(Catalog catalog, TableDescriptor table) {
    for (Map.Entry<String, List<Integer>> e : shardsByCell(table).entrySet()) {
      createShardsOn(catalog, table, e.getKey());
    }
  }

  void createShardsOn(Catalog catalog, TableDescriptor table, String cellId) {
    List<Integer> shards = shardsByCell(table).getOrDefault(cellId, List.of());
    AdminResult r = cells.blocking(catalog, cellId).createTableShards(CreateTableShardsRequest.newBuilder()
        .setHeader(HidbProtocol.header())
        .setLayout(table.toLayout())
        .addAllShardIds(shards)
        .build());
    if (!CellStatus.isOk(r.getStatus())) {
      throw new HeliosException(ErrorCode.INTERNAL_ERROR,
          "cell " + cellId + " refused shards of " + table.qualifiedName() + ": " + r.getStatus().getMessage());
    }
  }

  public void dropShards(Catalog catalog, TableDescriptor table) {
    for (String cellId : shardsByCell(table).keySet()) {
      cells.blocking(catalog, cellId).dropTableShards(DropTableShardsRequest.newBuilder()
          .setHeader(HidbProtocol.header()).setTableId(table.tableId()).build());
    }
  }
}
