package io.heliosdb.metadata.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.CatalogCommand;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every peer replays the same log; these properties check, over many random logs (fixed seeds, so
 * a failure reproduces), that doing so always gives the same catalog.
 */
class CatalogDeterminismTest {

  static LongStream seeds() {
    return LongStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void replayingTheSameLogGivesTheSameBytes(long seed) {
    List<CatalogCommand> log = randomLog(seed);
    assertArrayEquals(CatalogCodec.encodeState(replay(log)), CatalogCodec.encodeState(replay(log)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void replayingDecodedCommandsGivesTheSameCatalog(long seed) {
    List<CatalogCommand> log = randomLog(seed);
    List<CatalogCommand> decoded = log.stream()
        .map(c -> CatalogCodec.decodeCommand(CatalogCodec.encodeCommand(c))).toList();
    assertArrayEquals(CatalogCodec.encodeState(replay(log)), CatalogCodec.encodeState(replay(decoded)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void imagesRoundTrip(long seed) {
    byte[] image = CatalogCodec.encodeState(replay(randomLog(seed)));
    assertArrayEquals(image, CatalogCodec.encodeState(CatalogCodec.decodeState(image)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void versionCountsAcceptedCommandsAndIdsNeverRepeat(long seed) {
    CatalogState state = CatalogState.initial();
    long accepted = 0;
    Set<Long> idsSeen = new HashSet<>();
    for (CatalogCommand command : randomLog(seed)) {
      ApplyResult result = CatalogTransition.apply(state, command);
      if (result instanceof ApplyResult.Accepted a) {
        accepted++;
        for (var t : a.state().catalog().tables().values()) {
          if (!state.catalog().tables().containsKey(t.tableId())) {
            assertTrue(idsSeen.add(t.tableId()), "table id reused: " + t.tableId());
          }
        }
        state = a.state();
      }
      assertEquals(accepted, state.catalog().version());
    }
  }

  private static CatalogState replay(List<CatalogCommand> log) {
    CatalogState state = CatalogState.initial();
    for (CatalogCommand command : log) {
      if (CatalogTransition.apply(state, command) instanceof ApplyResult.Accepted a) {
        state = a.state();
      }
    }
    return state;
  }

  /** Small name pools so commands collide often: duplicates, drops of live tables, cascades. */
  static List<CatalogCommand> randomLog(long seed) {
    Random random = new Random(seed);
    String[] schemas = {"public", "s1", "s2"};
    String[] tables = {"a", "b", "c"};
    String[] cells = {"cell-0", "cell-1", "cell-2"};
    int length = random.nextInt(40);
    List<CatalogCommand> log = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      String schema = schemas[random.nextInt(schemas.length)];
      String table = tables[random.nextInt(tables.length)];
      log.add(switch (random.nextInt(6)) {
        case 0 -> new CatalogCommand.CreateSchema(schema, random.nextBoolean());
        case 1 -> new CatalogCommand.DropSchema(schema, random.nextBoolean(), random.nextBoolean());
        case 2 -> new CatalogCommand.CreateTable(schema, table, List.of(Commands.column("id", DataType.BIGINT)),
            random.nextBoolean() ? List.of(0) : List.of(), 1 + random.nextInt(8), random.nextBoolean());
        case 3 -> new CatalogCommand.DropTable(schema, table, random.nextBoolean());
        case 4 -> new CatalogCommand.RegisterCell(cells[random.nextInt(cells.length)],
            random.nextBoolean() ? "inprocess:x" : "127.0.0.1:1");
        default -> Commands.user(random.nextBoolean() ? "alice" : "bob");
      });
    }
    return log;
  }
}
