package io.heliosdb.metadata.raft;

import static io.heliosdb.metadata.raft.Commands.cell;
import static io.heliosdb.metadata.raft.Commands.createTable;
import static io.heliosdb.metadata.raft.Commands.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.CacheInvalidationNotice;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinglePeerServiceTest {
  private static final Duration READY = Duration.ofSeconds(10);

  @TempDir Path dir;

  private RaftMetadataService startReady(MetadataConfig config) throws Exception {
    RaftMetadataService service = RaftMetadataService.start(config);
    assertTrue(service.awaitReady(READY), "single peer did not become ready");
    return service;
  }

  @Test
  void submitsAppliesNotifiesAndRefuses() throws Exception {
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      List<CacheInvalidationNotice> notices = new CopyOnWriteArrayList<>();
      service.addInvalidationListener(notices::add);

      service.submit(cell("cell-0"));
      Catalog after = service.submit(createTable("t"));

      long tableId = after.table("public", "t").orElseThrow().tableId();
      assertEquals(2, after.version());
      assertEquals(after.version(), service.catalog().version(), "submit returns once applied locally");
      assertEquals(2, notices.size());
      assertTrue(notices.get(0).getShardMapChanged());
      assertEquals(2, notices.get(1).getCatalogVersion());
      assertEquals(List.of(tableId), notices.get(1).getTableIdsList());

      HeliosException duplicate = assertThrows(HeliosException.class, () -> service.submit(createTable("t")));
      assertEquals(ErrorCode.DUPLICATE_TABLE, duplicate.code());
      HeliosException missing = assertThrows(HeliosException.class,
          () -> service.submit(new CatalogCommand.DropTable("public", "nope", false)));
      assertEquals(ErrorCode.UNDEFINED_TABLE, missing.code());
      assertEquals(2, service.catalog().version(), "refusals change nothing");
      assertEquals(2, notices.size());
    }
  }

  @Test
  void restartOnTheSameDirectoryKeepsEverything() throws Exception {
    byte[] before;
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      service.submit(cell("cell-0"));
      service.submit(createTable("a"));
      service.submit(Commands.user("alice"));
      before = image(service.catalog());
    }
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      assertArrayEquals(before, image(service.catalog()));
      // Ids continue after the restart, never reusing one.
      assertEquals(2, service.submit(createTable("b")).table("public", "b").orElseThrow().tableId());
    }
  }

  @Test
  void snapshotThenMoreCommandsSurviveRestart() throws Exception {
    byte[] before;
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      service.submit(cell("cell-0"));
      service.submit(createTable("a"));
      long index = service.takeSnapshot();
      assertTrue(index > 0);
      service.submit(createTable("b"));
      service.submit(new CatalogCommand.DropTable("public", "a", false));
      before = image(service.catalog());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")), "no snapshot file");
    }
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      assertArrayEquals(before, image(service.catalog()));
      assertEquals(3, service.submit(createTable("c")).table("public", "c").orElseThrow().tableId());
    }
  }

  @Test
  void restoresFromTheSnapshotAloneWhenTheLogBeforeItIsGone() throws Exception {
    byte[] before;
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      service.submit(cell("cell-0"));
      service.submit(createTable("a"));
      service.takeSnapshot();
      before = image(service.catalog());
    }
    // What a log purge does: entries the snapshot covers are deleted. Only the image can restore them.
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("log_")).toList()) {
        Files.delete(p);
      }
    }
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      assertArrayEquals(before, image(service.catalog()));
      assertEquals(2, service.submit(createTable("b")).table("public", "b").orElseThrow().tableId());
    }
  }

  @Test
  void automaticSnapshotsAndRestartFromThem() throws Exception {
    MetadataConfig config = MetadataConfig.embedded(dir).withSnapshotThreshold(5);
    byte[] before;
    try (RaftMetadataService service = startReady(config)) {
      service.submit(cell("cell-0"));
      for (int i = 0; i < 12; i++) {
        service.submit(createTable("t" + i));
      }
      before = image(service.catalog());
    }
    try (RaftMetadataService service = startReady(config)) {
      assertArrayEquals(before, image(service.catalog()));
    }
  }

  @Test
  void singlePeerMovesToAFreePortWhenItsPortIsTaken() throws Exception {
    byte[] before;
    String firstAddress;
    try (RaftMetadataService service = startReady(MetadataConfig.embedded(dir))) {
      service.submit(cell("cell-0"));
      before = image(service.catalog());
      firstAddress = service.address();
    }
    int port = Integer.parseInt(firstAddress.substring(firstAddress.lastIndexOf(':') + 1));
    MetadataConfig fixedPort = MetadataConfig.of(MetadataConfig.EMBEDDED_PEER_ID, dir,
        List.of(new MetadataConfig.Peer(MetadataConfig.EMBEDDED_PEER_ID, firstAddress)));
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", port));
      try (RaftMetadataService service = startReady(fixedPort)) {
        assertNotEquals(firstAddress, service.address());
        assertArrayEquals(before, image(service.catalog()));
        service.submit(createTable("t"));
        assertTrue(service.catalog().table("public", "t").isPresent());
      }
    }
  }
}
