package io.heliosdb.storage.txn;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.mutation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.ResolveIntentsRequest;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.TxnState;
import io.heliosdb.storage.engine.CellEngine;
import io.heliosdb.storage.engine.ServedTable;
import io.heliosdb.storage.engine.TestTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rocksdb.RocksIterator;

/**
 * Random interleavings of three transactions' intent writes (puts, deletes, inserts, locks, over
 * each other's keys), savepoint rollbacks, commits, aborts and crash reopens: after every step the
 * in-memory intent index (ADR 0021) holds exactly the keys, and owners, of the intents column family,
 * and each transaction's key set (ADR 0022) exactly the keys of its intents, each with the very
 * bytes RocksDB stores for it (ADR 0025).
 */
class LiveIntentsPropertyTest {
  private static final String CELL = "live-intents-property";

  /**
   * kind: 0 write, 1 rollback to a savepoint, 2 commit and resolve, 3 abort and resolve, 4 crash
   * and reopen, 5 commit without resolving (a later writer of a key resolves it in its own batch),
   * 6 resolve what 5 left.
   */
  record Step(int kind, int txn, List<Long> ids, int mutationKind, int savepoint) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Integer> kinds = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(10, Arbitraries.just(0)), net.jqwik.api.Tuple.of(2, Arbitraries.just(1)),
        net.jqwik.api.Tuple.of(2, Arbitraries.just(2)), net.jqwik.api.Tuple.of(2, Arbitraries.just(3)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(4)), net.jqwik.api.Tuple.of(2, Arbitraries.just(5)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(6)));
    return Combinators.combine(kinds, Arbitraries.integers().between(0, 2),
        Arbitraries.longs().between(1, 8).list().ofMinSize(1).ofMaxSize(4).uniqueElements(),
        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 6))
        .as(Step::new).list().ofMinSize(5).ofMaxSize(30);
  }

  @Property(tries = 40)
  void theIndexMirrorsTheIntentsColumnFamilyAfterEveryStep(@ForAll("steps") List<Step> steps) throws IOException {
    Path dir = Files.createTempDirectory("live-intents-property");
    CellEngine engine = open(dir);
    try {
      ServedTable table = engine.tables().createShards(TestTables.layout(), List.of(0, 1, 2, 3));
      long[] txnIds = new long[3];
      int[] seqs = new int[3];
      long nextTxn = 1;
      long ts = 100;
      java.util.List<io.heliosdb.hidb.proto.TxnRecord> unresolved = new java.util.ArrayList<>();
      for (Step step : steps) {
        int slot = step.txn();
        switch (step.kind()) {
          case 0 -> {
            if (txnIds[slot] == 0) {
              txnIds[slot] = nextTxn++;
              seqs[slot] = 0;
              engine.txns().begin(meta(txnIds[slot], ts, 0));
            }
            seqs[slot]++;
            Mutation[] mutations = step.ids().stream().map(id -> mutation(
                MutationKind.forNumber(step.mutationKind() + 1), id, "v" + id, 1)).toArray(Mutation[]::new);
            // CONFLICT and UNIQUE_VIOLATION included: a refused batch must leave the index as it was
            engine.txns().writeIntents(table, batch(0, mutations).toBuilder()
                .setTxn(meta(txnIds[slot], ts, seqs[slot])).build());
          }
          case 1 -> {
            if (txnIds[slot] != 0 && seqs[slot] > 0) {
              engine.txns().rollback(txnIds[slot], Math.min(step.savepoint(), seqs[slot]));
            }
          }
          case 2, 3 -> {
            if (txnIds[slot] != 0) {
              boolean commit = step.kind() == 2;
              var record = commit ? engine.txns().commit(txnIds[slot], ++ts).getRecord()
                  : engine.txns().abort(txnIds[slot]).getRecord();
              ts = Math.max(ts, record.getCommitTs()) + 1;
              engine.txns().resolve(ResolveIntentsRequest.newBuilder().setHeader(HidbProtocol.header())
                  .setTxnId(txnIds[slot]).setState(record.getState())
                  .setCommitTs(record.getState() == TxnState.TXN_COMMITTED ? record.getCommitTs() : 0).build());
              txnIds[slot] = 0;
            }
          }
          case 5 -> {
            if (txnIds[slot] != 0) {
              var record = engine.txns().commit(txnIds[slot], ++ts).getRecord();
              ts = Math.max(ts, record.getCommitTs()) + 1;
              unresolved.add(record);
              txnIds[slot] = 0;
            }
          }
          case 6 -> {
            for (var record : unresolved) {
              engine.txns().resolve(ResolveIntentsRequest.newBuilder().setHeader(HidbProtocol.header())
                  .setTxnId(record.getTxnId()).setState(record.getState()).setCommitTs(record.getCommitTs()).build());
            }
            unresolved.clear();
          }
          default -> {
            close(engine, true);
            engine = open(dir);
            table = engine.tables().find(TestTables.TABLE_ID).orElseThrow();
          }
        }
        assertEquals(inRocksDb(engine), indexed(engine), "after " + step);
        assertEquals(inRocksDb(engine).size(), engine.txns().liveIntents(), "the count after " + step);
        assertEquals(LiveIntentsTest.byOwner(inRocksDb(engine)), LiveIntentsTest.byTxn(engine),
            "the per-transaction key sets (ADR 0022) after " + step);
        assertEquals(0, LiveIntentsTest.legacyParticipantEntries(engine), "no participant entries after " + step);
        assertKeptIntentsAreStored(engine, "after " + step);
      }
    } finally {
      close(engine, false);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * ADR 0025: the intent bytes a transaction's key set keeps for a key are exactly what RocksDB
   * stores there (resolution writes versions from them without reading), and all of them are kept
   * at this size.
   */
  private static void assertKeptIntentsAreStored(CellEngine engine, String when) {
    engine.txns().liveKeptIntents().forEach((txnId, entries) -> {
      for (Map.Entry<byte[], byte[]> e : entries) {
        byte[] stored;
        try {
          stored = engine.store().db().get(engine.store().intents(), e.getKey());
        } catch (org.rocksdb.RocksDBException ex) {
          throw new IllegalStateException(ex);
        }
        String key = HexFormat.of().formatHex(e.getKey());
        assertEquals(true, e.getValue() != null, "bytes kept for " + key + " of txn " + txnId + " " + when);
        assertEquals(HexFormat.of().formatHex(stored), HexFormat.of().formatHex(e.getValue()),
            "kept bytes of " + key + " of txn " + txnId + " " + when);
      }
    });
  }

  private static TxnMeta meta(long txnId, long startTs, int seq) {
    return TxnMeta.newBuilder().setTxnId(txnId).setStartTs(startTs).setCoordinatorCell(CELL).setSeq(seq).build();
  }

  private static CellEngine open(Path dir) {
    return CellEngine.open(CELL, dir, 16, TxnConfig.defaults().withRecoverOnOpen(false));
  }

  private static void close(CellEngine engine, boolean crash) {
    if (engine.gate().isShut()) {
      return;
    }
    engine.gate().shut();
    engine.txns().close();
    if (crash) {
      engine.store().closeWithoutFlush();
    } else {
      engine.store().close();
    }
  }

  private static Map<String, Long> inRocksDb(CellEngine engine) {
    Map<String, Long> out = new TreeMap<>();
    IntentBytes.View view = new IntentBytes.View();
    try (RocksIterator it = engine.store().db().newIterator(engine.store().intents())) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        out.put(HexFormat.of().formatHex(it.key()), view.read(it.value()).txnId);
      }
    }
    return out;
  }

  private static Map<String, Long> indexed(CellEngine engine) {
    Map<String, Long> out = new TreeMap<>();
    engine.txns().liveIntentIndex().forEach((key, owner) -> out.put(HexFormat.of().formatHex(key), owner));
    return out;
  }
}
