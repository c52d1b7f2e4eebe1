package io.heliosdb.metadata.raft;

import static io.heliosdb.metadata.raft.Commands.cell;
import static io.heliosdb.metadata.raft.Commands.createTable;
import static io.heliosdb.metadata.raft.Commands.image;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three peers on loopback, each with its own directory, as the local cluster script starts them. */
class ThreePeerGroupTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;
  private final List<RaftMetadataService> running = new ArrayList<>();

  @AfterEach
  void stopAll() {
    running.forEach(RaftMetadataService::close);
  }

  private List<RaftMetadataService> startGroup() throws IOException {
    List<MetadataConfig.Peer> peers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      peers.add(new MetadataConfig.Peer("meta-" + i, "127.0.0.1:" + freePort()));
    }
    for (MetadataConfig.Peer p : peers) {
      running.add(RaftMetadataService.start(MetadataConfig.of(p.id(), dir.resolve(p.id()), peers)));
    }
    for (RaftMetadataService s : running) {
      assertTrue(s.awaitReady(WAIT), s.peerId() + " not ready");
    }
    return List.copyOf(running);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Test
  void commandThroughOnePeerIsVisibleInAllThree() throws Exception {
    List<RaftMetadataService> group = startGroup();
    RaftMetadataService follower = group.stream().filter(s -> !s.isLeader()).findFirst().orElseThrow();
    follower.submit(cell("cell-0"));
    long version = follower.submit(createTable("t")).version();
    assertEquals(version, follower.catalog().version(), "the submitting peer has applied its own change");
    for (RaftMetadataService s : group) {
      eventually(() -> s.catalog().version() == version, s.peerId() + " to apply version " + version);
    }
    byte[] expected = image(group.get(0).catalog());
    for (RaftMetadataService s : group) {
      assertArrayEquals(expected, image(s.catalog()), s.peerId() + " diverged");
    }
    HeliosException refused = org.junit.jupiter.api.Assertions.assertThrows(HeliosException.class,
        () -> group.get(2).submit(createTable("t")));
    assertEquals(ErrorCode.DUPLICATE_TABLE, refused.code());
  }

  @Test
  void remainingTwoPeersAcceptCommandsAfterTheLeaderStops() throws Exception {
    List<RaftMetadataService> group = startGroup();
    group.get(0).submit(cell("cell-0"));
    RaftMetadataService leader = group.stream().filter(RaftMetadataService::isLeader).findFirst().orElseThrow();
    leader.close();
    running.remove(leader);

    List<RaftMetadataService> survivors = new ArrayList<>(running);
    long version = survivors.get(0).submit(createTable("after_failover")).version();
    for (RaftMetadataService s : survivors) {
      eventually(() -> s.catalog().version() == version, s.peerId() + " to apply version " + version);
      assertTrue(s.catalog().table("public", "after_failover").isPresent());
    }
    survivors.get(1).submit(createTable("second"));
    assertTrue(survivors.get(1).catalog().table("public", "second").isPresent());
  }
}
