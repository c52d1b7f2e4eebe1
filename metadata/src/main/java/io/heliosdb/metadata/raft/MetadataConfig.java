package io.heliosdb.metadata.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Configuration of one metadata peer. A single-peer group is the embedded default; the same code
 * runs a group of three (or five) peers, each started with the full peer list and its own id.
 *
 * <p>Defaults (see {@link #of} and {@link #embedded}):
 * <ul>
 *   <li>election timeout 150-300 ms: a single peer elects itself in well under a second, and a
 *       three-peer group replaces a stopped leader within about a second;</li>
 *   <li>submit timeout 5 s: how long {@code submit} waits for a reply before answering UNAVAILABLE;</li>
 *   <li>snapshot every 1000 applied entries, so a restart replays at most that many;</li>
 *   <li>embedded peer "meta-0" on 127.0.0.1 with port 0, meaning any free port.</li>
 * </ul>
 *
 * @param peerId this peer's id; must be one of {@code peers}
 * @param dataDir directory for the Raft log and snapshots of this peer (created when missing)
 * @param peers every peer of the group, in any order (same list on every peer)
 * @param electionTimeoutMin lower bound of the randomized leader election timeout
 * @param electionTimeoutMax upper bound of the randomized leader election timeout
 * @param submitTimeout how long a submit may wait for replication and apply
 * @param snapshotThreshold applied entries between automatic snapshots
 */
public record MetadataConfig(
    String peerId,
    Path dataDir,
    List<Peer> peers,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration submitTimeout,
    long snapshotThreshold) {

  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(150);
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(300);
  public static final Duration DEFAULT_SUBMIT_TIMEOUT = Duration.ofSeconds(5);
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 1000;
  public static final String EMBEDDED_PEER_ID = "meta-0";

  /**
   * One member of the metadata group.
   *
   * @param id stable peer id, e.g. "meta-1"
   * @param address "host:port" of its Raft gRPC endpoint; port 0 (single peer only) = any free port
   */
  public record Peer(String id, String address) {
    public Peer {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("peer id is required");
      }
      if (address == null || address.lastIndexOf(':') <= 0) {
        throw new IllegalArgumentException("peer address must be host:port, was " + address);
      }
      port(address);
    }

    public String host() {
      return address.substring(0, address.lastIndexOf(':'));
    }

    public int port() {
      return port(address);
    }

    public Peer withPort(int port) {
      return new Peer(id, host() + ":" + port);
    }

    private static int port(String address) {
      try {
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("port out of range in " + address);
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("peer address must be host:port, was " + address, e);
      }
    }
  }

  public MetadataConfig {
    peers = List.copyOf(peers);
    if (dataDir == null) {
      throw new IllegalArgumentException("dataDir is required");
    }
    Set<String> ids = new HashSet<>();
    for (Peer p : peers) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("duplicate peer id " + p.id());
      }
    }
    if (!ids.contains(peerId)) {
      throw new IllegalArgumentException("peer " + peerId + " is not in the peer list " + peers);
    }
    if (peers.size() > 1 && peers.stream().anyMatch(p -> p.port() == 0)) {
      throw new IllegalArgumentException("port 0 (any free port) is only allowed for a single peer");
    }
    if (electionTimeoutMin.isNegative() || electionTimeoutMin.isZero()
        || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("election timeouts must satisfy 0 < min < max");
    }
    if (snapshotThreshold < 1) {
      throw new IllegalArgumentException("snapshotThreshold must be positive");
    }
  }

  /** A peer of the given group with the default timeouts. */
  public static MetadataConfig of(String peerId, Path dataDir, List<Peer> peers) {
    return new MetadataConfig(peerId, dataDir, peers, DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX,
        DEFAULT_SUBMIT_TIMEOUT, DEFAULT_SNAPSHOT_THRESHOLD);
  }

  /** The embedded default: one peer on loopback, on any free port. */
  public static MetadataConfig embedded(Path dataDir) {
    return of(EMBEDDED_PEER_ID, dataDir, List.of(new Peer(EMBEDDED_PEER_ID, "127.0.0.1:0")));
  }

  public Peer self() {
    return peers.stream().filter(p -> p.id().equals(peerId)).findFirst().orElseThrow();
  }

  public boolean isSinglePeer() {
    return peers.size() == 1;
  }

  public MetadataConfig withSnapshotThreshold(long threshold) {
    return new MetadataConfig(peerId, dataDir, peers, electionTimeoutMin, electionTimeoutMax, submitTimeout, threshold);
  }

  public MetadataConfig withSubmitTimeout(Duration timeout) {
    return new MetadataConfig(peerId, dataDir, peers, electionTimeoutMin, electionTimeoutMax, timeout,
        snapshotThreshold);
  }

  MetadataConfig withPeers(List<Peer> newPeers) {
    return new MetadataConfig(peerId, dataDir, newPeers, electionTimeoutMin, electionTimeoutMax, submitTimeout,
        snapshotThreshold);
  }
}
