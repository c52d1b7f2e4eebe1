package io.heliosdb.planner.exec;

import com.google.common.util.concurrent.ListenableFuture;
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
    ByCell byCell = ByCell.of(table, changes);
    List<String> cellIds = byCell.cellIds;
    WriteBatch[] batches = byCell.batches(changes, batchHeader(table).setCommitTs(commitTs), null);
    List<ListenableFuture<WriteResult>> futures = cells.writeAll(catalog, cellIds, java.util.Arrays.asList(batches));
    HeliosException failure = null;
    List<Integer> applied = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      WriteResult result = await(futures.get(i), cellIds.get(i));
      if (result.getStatus().getCode() == StatusCode.UNKNOWN_TABLE) {
        shards.createShardsOn(catalog, table, cellIds.get(i));
        result = await(cells.write(catalog, cellIds.get(i), batches[i]), cellIds.get(i));
      }
      if (!CellStatus.isOk(result.getStatus())) {
        if (failure == null) {
          failure = CellStatus.toException(result.getStatus(), table.name());
        }
      } else {
        applied.add(i);
      }
    }
    if (failure != null) {
      if (inverses != null) {
        for (int cell : applied) {
          int[] members = byCell.members[cell];
          for (int j = members.length - 1; j >= 0; j--) { // undone newest first
            write(catalog, table, List.of(inverses.get(members[j])), undoTimestamps.getAsLong());
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
    writeIntents(catalog, table, changes, txn, transactions, statementSnapshot, false);
  }

  /**
   * As above; {@code lastWrite}: the statement writes nothing after these changes. If the
   * transaction is that one statement and this is its first write round, the round also commits
   * it (ADR 0027): on return it is committed, and a round that could not commit throws
   * {@link CommitWithWriteRefused} with the transaction aborted.
   */
  public void writeIntents(Catalog catalog, TableDescriptor table, List<Change> changes, Txn txn,
      CellTransactions transactions, long statementSnapshot, boolean lastWrite) {
    if (changes.isEmpty()) {
      return;
    }
    if (txn.committedWithWrite()) {
      throw new IllegalStateException("transaction " + Long.toUnsignedString(txn.id()) + " wrote after its commit");
    }
    boolean commit = lastWrite && txn.commitsWithWrite();
    if (!txn.hasWrites()) {
      int firstShard = ShardHash.shardOf(changes.get(0).key(), table.virtualShards());
      transactions.begin(catalog, txn, table.shardToCell().get(firstShard));
    }
    io.heliosdb.hidb.proto.TxnMeta meta = transactions.meta(txn, statementSnapshot);
    ByCell byCell = ByCell.of(table, changes);
    List<String> cellIds = byCell.cellIds;
    WriteBatch[] batches = byCell.batches(changes, batchHeader(table).setTxn(meta),
        commit ? commits(cellIds, txn, transactions.proposedCommitTs(txn)) : null);
    for (String cellId : cellIds) {
      txn.writing(cellId);
    }
    List<ListenableFuture<WriteResult>> futures = cells.writeAll(catalog, cellIds, java.util.Arrays.asList(batches));
    WriteResult[] results = new WriteResult[futures.size()];
    HeliosException failure = null;
    try {
      for (int i = 0; i < futures.size(); i++) {
        String cellId = cellIds.get(i);
        WriteResult result = await(futures.get(i), cellId);
        if (result.getStatus().getCode() == StatusCode.UNKNOWN_TABLE) {
          shards.createShardsOn(catalog, table, cellId);
          result = await(cells.write(catalog, cellId, batches[i]), cellId);
        }
        results[i] = result;
        // Intents may have been written even when the status is not OK: count the cell in.
        txn.wrote(cellId, result.getMinCommitTs(), result.getCellEpoch());
        if (!CellStatus.isOk(result.getStatus()) && failure == null) {
          failure = failureOf(result, batches[i], table);
        }
      }
    } catch (HeliosException lost) {
      if (!commit) {
        throw lost;
      }
      failure = lost; // an answer was lost: whether the round committed is for the coordinator to decide
    }
    if (commit) {
      transactions.afterCommitWithWrite(catalog, txn, cellIds, results, failure);
      return;
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** ADR 0027: what each cell's batch carries of the commit; the coordinator's lists the other cells. */
  private static io.heliosdb.hidb.proto.CommitWithWrite[] commits(List<String> cellIds, Txn txn, long proposedCommitTs) {
    List<String> others = new ArrayList<>(cellIds.size());
    for (String cellId : cellIds) {
      if (!cellId.equals(txn.coordinator())) {
        others.add(cellId);
      }
    }
    io.heliosdb.hidb.proto.CommitWithWrite[] commits = new io.heliosdb.hidb.proto.CommitWithWrite[cellIds.size()];
    for (int i = 0; i < commits.length; i++) {
      String cellId = cellIds.get(i);
      io.heliosdb.hidb.proto.CommitWithWrite.Builder commit = io.heliosdb.hidb.proto.CommitWithWrite.newBuilder()
          .setCommitTs(proposedCommitTs).setCellEpoch(txn.epochOf(cellId));
      if (cellId.equals(txn.coordinator())) {
        commit.setCoordinator(true).addAllStagedParticipants(others);
      }
      commits[i] = commit.build();
    }
    return commits;
  }

  /** The statement's error for a cell's refusal of its intents. */
  private static HeliosException failureOf(WriteResult result, WriteBatch batch, TableDescriptor table) {
    if (result.getStatus().getCode() != StatusCode.CONFLICT) {
      HeliosException failure = CellStatus.toException(result.getStatus(), table.name());
      int failed = result.getFailedMutation();
      if (result.getStatus().getCode() == StatusCode.UNIQUE_VIOLATION && failed >= 0
          && failed < batch.getMutationsCount()) {
        return new DuplicateKey(failure.getMessage(), batch.getMutations(failed).getKey().toByteArray());
      }
      return failure;
    }
    if (result.hasBlockingTxn()) {
      return new LockConflict(result.getBlockingTxn(), "could not serialize access due to concurrent update");
    }
    return new WriteConflict("could not serialize access due to concurrent update");
  }

  /**
   * A statement's changes grouped by the cell owning each one's shard, cells in order of first
   * appearance and changes in statement order within a cell: index arrays (a counting sort) instead
   * of a list per cell grown change by change.
   */
  static final class ByCell {
    final List<String> cellIds = new ArrayList<>(4);
    /** Per change: its virtual shard. */
    final int[] shards;
    /** Per cell: the indexes of its changes ({@code counts[cell]} of them). */
    final int[][] members;
    final int[] counts;

    private ByCell(List<String> cellIds, int[] shards, int[] cellOf) {
      this.cellIds.addAll(cellIds);
      this.shards = shards;
      counts = new int[cellIds.size()];
      for (int cell : cellOf) {
        counts[cell]++;
      }
      members = new int[counts.length][];
      int[] filled = new int[counts.length];
      for (int cell = 0; cell < counts.length; cell++) {
        members[cell] = new int[counts[cell]];
      }
      for (int i = 0; i < cellOf.length; i++) {
        members[cellOf[i]][filled[cellOf[i]]++] = i;
      }
    }

    /**
     * One write batch per cell: {@code header} (table, timestamp or transaction) with that cell's
     * changes as mutations, and that cell's part of the commit when {@code commits} is not null
     * (ADR 0027). The changes' arrays are wrapped, not copied: each is encoded for its change and
     * never changed afterwards.
     */
    WriteBatch[] batches(List<Change> changes, WriteBatch.Builder header,
        io.heliosdb.hidb.proto.CommitWithWrite[] commits) {
      WriteBatch[] out = new WriteBatch[cellIds.size()];
      Mutation.Builder m = Mutation.newBuilder(); // reused: build() copies its fields out
      for (int cell = 0; cell < out.length; cell++) {
        List<Mutation> mutations = new ArrayList<>(members[cell].length);
        for (int ci : members[cell]) {
          Change c = changes.get(ci);
          m.clear().setKind(c.kind()).setShardId(shards[ci]).setKey(UnsafeByteOperations.unsafeWrap(c.key()));
          if (c.row() != null) {
            m.setRow(UnsafeByteOperations.unsafeWrap(c.row()));
          }
          mutations.add(m.build());
        }
        WriteBatch.Builder batch = header.clone().addAllMutations(mutations);
        if (commits != null) {
          batch.setCommitWithWrite(commits[cell]);
        }
        out[cell] = batch.build();
      }
      return out;
    }

    static ByCell of(TableDescriptor table, List<Change> changes) {
      int n = changes.size();
      int[] shards = new int[n];
      int[] cellOf = new int[n];
      List<String> cellIds = new ArrayList<>(4);
      Map<String, Integer> cellIndex = new java.util.HashMap<>(8);
      java.util.function.Function<String, Integer> newCell = id -> {
        cellIds.add(id);
        return cellIds.size() - 1;
      };
      for (int i = 0; i < n; i++) {
        shards[i] = ShardHash.shardOf(changes.get(i).key(), table.virtualShards());
        cellOf[i] = cellIndex.computeIfAbsent(table.shardToCell().get(shards[i]), newCell);
      }
      return new ByCell(cellIds, shards, cellOf);
    }
  }

  /** What every write batch of the table carries; the caller adds the commit timestamp or the transaction. */
  private static WriteBatch.Builder batchHeader(TableDescriptor table) {
    return WriteBatch.newBuilder()
        .setHeader(HidbProtocol.header())
        .setTableId(table.tableId())
        .setSchemaVersion(table.schemaVersion())
        .setSync(true);
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
