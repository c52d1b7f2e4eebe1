package io.heliosdb.planner.exec;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.hidb.sharding.ShardHash;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sends a statement's row changes to the cells owning their keys: one synchronous (WAL-synced)
 * WriteBatch per cell, all cells in parallel. Each cell applies its batch atomically; atomicity
 * across cells is the transactions issue's two-phase commit.
 */
public final class CellWriter {
  private final CellClients cells;
  private final ShardManager shards;

  public CellWriter(CellClients cells, ShardManager shards) {
    this.cells = cells;
    this.shards = shards;
  }

  /** One row change: key = encoded primary key, row = encoded row (null for DELETE). */
  public record Change(MutationKind kind, byte[] key, byte[] row) {}

  public void write(Catalog catalog, TableDescriptor table, List<Change> changes, long commitTs) {
    write(catalog, table, changes, null, commitTs, null);
  }

  /**
   * Writes the changes; if some cell refuses its batch, the batches other cells already applied
   * are undone with {@code inverses} (parallel to {@code changes}) so the statement has no effect.
   */
  public void write(Catalog catalog, TableDescriptor table, List<Change> changes, List<Change> inverses,
      long commitTs, java.util.function.LongSupplier undoTimestamps) {
    if (changes.isEmpty()) {
      return;
    }
    Map<String, WriteBatch.Builder> byCell = new LinkedHashMap<>();
    Map<String, List<Change>> inversesByCell = new LinkedHashMap<>();
    for (int ci = 0; ci < changes.size(); ci++) {
      Change c = changes.get(ci);
      int shard = ShardHash.shardOf(c.key(), table.virtualShards());
      String cellId = table.shardToCell().get(shard);
      WriteBatch.Builder b = byCell.computeIfAbsent(cellId, id -> WriteBatch.newBuilder()
          .setHeader(HidbProtocol.header())
          .setTableId(table.tableId())
          .setSchemaVersion(table.schemaVersion())
          .setCommitTs(commitTs)
          .setSync(true));
      Mutation.Builder m = Mutation.newBuilder().setKind(c.kind()).setShardId(shard).setKey(ByteString.copyFrom(c.key()));
      if (c.row() != null) {
        m.setRow(ByteString.copyFrom(c.row()));
      }
      b.addMutations(m);
      if (inverses != null) {
        inversesByCell.computeIfAbsent(cellId, id -> new ArrayList<>()).add(inverses.get(ci));
      }
    }
    List<String> cellIds = new ArrayList<>(byCell.keySet());
    List<ListenableFuture<WriteResult>> futures = new ArrayList<>();
    for (String cellId : cellIds) {
      futures.add(cells.write(catalog, cellId, byCell.get(cellId).build()));
    }
    HeliosException failure = null;
    List<String> applied = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      WriteResult result = await(futures.get(i), cellIds.get(i));
      if (result.getStatus().getCode() == StatusCode.UNKNOWN_TABLE) {
        shards.createShardsOn(catalog, table, cellIds.get(i));
        result = await(cells.write(catalog, cellIds.get(i), byCell.get(cellIds.get(i)).build()), cellIds.get(i));
      }
      if (!CellStatus.isOk(result.getStatus())) {
        if (failure == null) {
          failure = CellStatus.toException(result.getStatus(), table.name());
        }
      } else {
        applied.add(cellIds.get(i));
      }
    }
    if (failure != null) {
      if (inverses != null) {
        for (String cellId : applied) {
          List<Change> undo = new ArrayList<>(inversesByCell.get(cellId));
          java.util.Collections.reverse(undo);
          for (Change u : undo) {
            write(catalog, table, List.of(u), undoTimestamps.getAsLong());
          }
        }
      }
      throw failure;
    }
  }

  /**
   * Writes the changes as intents of {@code txn} (ADR 0007): invisible to other transactions
   * until the commit. The first write begins the transaction's record on the cell of the first
   * change's shard. A failure leaves intents behind that the caller's abort removes.
   *
   * @param statementSnapshot the snapshot this statement read at: a row committed after it is a
   *     write-write conflict (first committer wins, SQLSTATE 40001)
   */
  public void writeIntents(Catalog catalog, TableDescriptor table, List<Change> changes, Txn txn,
      CellTransactions transactions, long statementSnapshot) {
    if (changes.isEmpty()) {
      return;
    }
    if (!txn.hasWrites()) {
      int firstShard = ShardHash.shardOf(changes.get(0).key(), table.virtualShards());
      transactions.begin(catalog, txn, table.shardToCell().get(firstShard));
    }
    io.heliosdb.hidb.proto.TxnMeta meta = transactions.meta(txn, statementSnapshot);
    ByCell byCell = ByCell.of(table, changes);
    List<String> cellIds = byCell.cellIds;
    WriteBatch[] batches = new WriteBatch[cellIds.size()];
    // One builder reused for every mutation: build() copies its fields out.
    Mutation.Builder m = Mutation.newBuilder();
    for (int cell = 0; cell < batches.length; cell++) {
      int[] members = byCell.members[cell];
      int count = byCell.counts[cell];
      List<Mutation> mutations = new ArrayList<>(count);
      for (int j = 0; j < count; j++) {
        int ci = members[j];
        Change c = changes.get(ci);
        // wrapped, not copied: a change's arrays are encoded for it and never changed afterwards
        m.clear().setKind(c.kind()).setShardId(byCell.shards[ci]).setKey(UnsafeByteOperations.unsafeWrap(c.key()));
        if (c.row() != null) {
          m.setRow(UnsafeByteOperations.unsafeWrap(c.row()));
        }
        mutations.add(m.build());
      }
      batches[cell] = WriteBatch.newBuilder()
          .setHeader(HidbProtocol.header())
          .setTableId(table.tableId())
          .setSchemaVersion(table.schemaVersion())
          .setTxn(meta)
          .setSync(true)
          .addAllMutations(mutations)
          .build();
    }
    for (String cellId : cellIds) {
      txn.writing(cellId);
    }
    List<ListenableFuture<WriteResult>> futures = cells.writeAll(catalog, cellIds, java.util.Arrays.asList(batches));
    HeliosException failure = null;
    for (int i = 0; i < futures.size(); i++) {
      String cellId = cellIds.get(i);
      WriteResult result = await(futures.get(i), cellId);
      if (result.getStatus().getCode() == StatusCode.UNKNOWN_TABLE) {
        shards.createShardsOn(catalog, table, cellId);
        result = await(cells.write(catalog, cellId, batches[i]), cellId);
      }
      // Intents may have been written even when the status is not OK: count the cell in.
      txn.wrote(cellId, result.getMinCommitTs(), result.getCellEpoch());
      if (!CellStatus.isOk(result.getStatus()) && failure == null) {
        if (result.getStatus().getCode() != StatusCode.CONFLICT) {
          failure = CellStatus.toException(result.getStatus(), table.name());
          WriteBatch batch = batches[i];
          int failed = result.getFailedMutation();
          if (result.getStatus().getCode() == StatusCode.UNIQUE_VIOLATION && failed >= 0
              && failed < batch.getMutationsCount()) {
            failure = new DuplicateKey(failure.getMessage(), batch.getMutations(failed).getKey().toByteArray());
          }
        } else if (result.hasBlockingTxn()) {
          failure = new LockConflict(result.getBlockingTxn(), "could not serialize access due to concurrent update");
        } else {
          failure = new WriteConflict("could not serialize access due to concurrent update");
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * A statement's changes grouped by the cell owning each one's shard, cells in order of first
   * appearance and changes in statement order within a cell: index arrays instead of a map
   * lookup and a list per change.
   */
  static final class ByCell {
    final List<String> cellIds = new ArrayList<>(4);
    /** Per change: its virtual shard. */
    final int[] shards;
    /** Per cell: the indexes of its changes ({@code counts[cell]} of them). */
    int[][] members = new int[4][];
    int[] counts = new int[4];

    private ByCell(int n) {
      shards = new int[n];
    }

    static ByCell of(TableDescriptor table, List<Change> changes) {
      int n = changes.size();
      ByCell out = new ByCell(n);
      List<String> shardToCell = table.shardToCell();
      int virtualShards = table.virtualShards();
      Map<String, Integer> cellIndex = null; // only for statements spanning many cells
      String lastCell = null;
      int last = -1;
      for (int i = 0; i < n; i++) {
        int shard = ShardHash.shardOf(changes.get(i).key(), virtualShards);
        out.shards[i] = shard;
        String cellId = shardToCell.get(shard);
        int cell;
        if (cellId == lastCell) {
          cell = last;
        } else {
          cell = -1;
          if (cellIndex != null) {
            Integer known = cellIndex.get(cellId);
            cell = known == null ? -1 : known;
          } else {
            for (int k = 0; k < out.cellIds.size(); k++) {
              if (out.cellIds.get(k).equals(cellId)) {
                cell = k;
                break;
              }
            }
          }
          if (cell < 0) {
            cell = out.addCell(cellId, n - i);
            if (cellIndex == null && out.cellIds.size() > 8) {
              cellIndex = new java.util.HashMap<>();
              for (int k = 0; k < out.cellIds.size(); k++) {
                cellIndex.put(out.cellIds.get(k), k);
              }
            } else if (cellIndex != null) {
              cellIndex.put(cellId, cell);
            }
          }
          lastCell = cellId;
          last = cell;
        }
        int[] m = out.members[cell];
        if (out.counts[cell] == m.length) {
          m = java.util.Arrays.copyOf(m, Math.min(n, m.length * 2));
          out.members[cell] = m;
        }
        m[out.counts[cell]++] = i;
      }
      return out;
    }

    private int addCell(String cellId, int remaining) {
      int cell = cellIds.size();
      cellIds.add(cellId);
      if (cell == members.length) {
        members = java.util.Arrays.copyOf(members, cell * 2);
        counts = java.util.Arrays.copyOf(counts, cell * 2);
      }
      // a fair share of the changes still to place, so a two-cell statement rarely regrows
      members[cell] = new int[Math.max(8, Math.min(remaining, remaining / (cell + 1) + remaining / 8 + 8))];
      return cell;
    }
  }

  private static WriteResult await(ListenableFuture<WriteResult> future, String cellId) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "write interrupted");
    } catch (ExecutionException e) {
      throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + cellId + " failed: " + e.getCause().getMessage());
    }
  }
}
