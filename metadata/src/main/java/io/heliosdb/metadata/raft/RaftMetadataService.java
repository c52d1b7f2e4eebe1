package io.heliosdb.metadata.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.CacheInvalidationNotice;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.MetadataClient;
import io.heliosdb.metadata.proto.CommandOutcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One metadata peer: a Ratis server running {@link CatalogStateMachine} over gRPC, plus a Ratis
 * client this process uses to submit commands. Reads ({@link #catalog()}) are local and never
 * block; writes go through the leader and return once this peer has applied them too.
 */
public final class RaftMetadataService implements MetadataClient {
  private static final Logger LOG = LoggerFactory.getLogger(RaftMetadataService.class);

  /** One fixed group per cluster, so every peer and every restart finds the same storage directory. */
  public static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("heliosdb-metadata".getBytes(StandardCharsets.UTF_8)));

  private static final TimeDuration CLIENT_RETRY_SLEEP = TimeDuration.valueOf(50, TimeUnit.MILLISECONDS);

  private final MetadataConfig config;
  private final RaftServer server;
  private final RaftClient client;
  private final CatalogStateMachine stateMachine;

  private RaftMetadataService(MetadataConfig config, RaftServer server, RaftClient client,
      CatalogStateMachine stateMachine) {
    this.config = config;
    this.server = server;
    this.client = client;
    this.stateMachine = stateMachine;
  }

  /**
   * Starts this peer. The first start on an empty {@code dataDir} formats the group; later starts
   * recover the log and the latest snapshot. Returns without waiting for a leader (the other peers
   * of a group may not be up yet); use {@link #awaitReady} when that matters.
   */
  public static RaftMetadataService start(MetadataConfig requested) throws IOException {
    MetadataConfig config = withUsablePort(requested);
    Files.createDirectories(config.dataDir());
    RaftProperties properties = properties(config);
    RaftGroup group = group(config);
    boolean formatted = Files.isDirectory(config.dataDir().resolve(GROUP_ID.getUuid().toString()));
    CatalogStateMachine stateMachine = new CatalogStateMachine();
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(config.peerId()))
        .setGroup(group)
        .setStateMachine(stateMachine)
        .setProperties(properties)
        .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
        .build();
    server.start();
    RaftClient client;
    try {
      client = newClient(config, group);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info("Metadata peer {} started on {} ({} storage at {}, group of {})", config.peerId(),
        config.self().address(), formatted ? "recovered" : "new", config.dataDir(), config.peers().size());
    return new RaftMetadataService(config, server, client, stateMachine);
  }

  /**
   * A single peer may move to another port (nobody else needs to find it); port 0 or a port taken
   * by another process gets a free one. A member of a larger group keeps its configured port.
   */
  private static MetadataConfig withUsablePort(MetadataConfig config) throws IOException {
    if (!config.isSinglePeer()) {
      return config;
    }
    MetadataConfig.Peer self = config.self();
    if (self.port() != 0 && isFree(self.host(), self.port())) {
      return config;
    }
    int port = freePort(self.host());
    if (self.port() != 0) {
      LOG.info("Metadata port {} is taken; single peer {} moves to port {}", self.port(), self.id(), port);
    }
    return config.withPeers(List.of(self.withPort(port)));
  }

  private static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, 0));
      return socket.getLocalPort();
    }
  }

  private static RaftGroup group(MetadataConfig config) {
    List<RaftPeer> peers = new ArrayList<>();
    for (MetadataConfig.Peer p : config.peers()) {
      peers.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.address()).build());
    }
    return RaftGroup.valueOf(GROUP_ID, peers);
  }

  private static RaftProperties properties(MetadataConfig config) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().toFile()));
    GrpcConfigKeys.Server.setHost(p, config.self().host());
    GrpcConfigKeys.Server.setPort(p, config.self().port());
    TimeDuration min = millis(config.electionTimeoutMin());
    TimeDuration max = millis(config.electionTimeoutMax());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // The catalog is small: short log segments keep purges and restarts cheap.
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("8MB"));
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    // A client call to a dead peer must fail fast so the retry reaches the new leader in time.
    RaftClientConfigKeys.Rpc.setRequestTimeout(p,
        millis(config.submitTimeout().compareTo(Duration.ofSeconds(2)) < 0 ? config.submitTimeout()
            : Duration.ofSeconds(2)));
    return p;
  }

  private static RaftClient newClient(MetadataConfig config, RaftGroup group) {
    int attempts = (int) Math.max(1, config.submitTimeout().toMillis() / CLIENT_RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
    return RaftClient.newBuilder()
        .setProperties(properties(config))
        .setRaftGroup(group)
        .setLeaderId(RaftPeerId.valueOf(config.peerId()))
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, CLIENT_RETRY_SLEEP))
        .build();
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Catalog catalog() {
    return stateMachine.catalog();
  }

  @Override
  public Catalog submit(CatalogCommand command) {
    submitForOutcome(command);
    return stateMachine.catalog();
  }

  @Override
  public io.heliosdb.metadata.SequenceValues submitSequenceCommand(CatalogCommand command) {
    CommandOutcome outcome = submitForOutcome(command);
    return new io.heliosdb.metadata.SequenceValues(outcome.getFirstValue(), outcome.getValueCount(),
        outcome.getIncrement());
  }

  private CommandOutcome submitForOutcome(CatalogCommand command) {
    long deadline = System.nanoTime() + config.submitTimeout().toNanos();
    Message message = Message.valueOf(ByteString.copyFrom(CatalogCodec.encodeCommand(command)));
    RaftClientReply reply;
    try {
      reply = client.async().send(message).get(config.submitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new HeliosException(ErrorCode.UNAVAILABLE,
          "metadata did not answer within " + config.submitTimeout().toMillis() + " ms (no leader?)", e);
    } catch (ExecutionException e) {
      throw new HeliosException(ErrorCode.UNAVAILABLE, "metadata is unavailable: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "interrupted while waiting for metadata", e);
    }
    if (!reply.isSuccess()) {
      throw new HeliosException(ErrorCode.UNAVAILABLE, "metadata refused the request: " + reply.getException(),
          reply.getException());
    }
    CommandOutcome outcome = parseOutcome(reply);
    awaitLocalApply(reply.getLogIndex(), deadline);
    if (!outcome.getAccepted()) {
      throw new HeliosException(errorCode(outcome.getErrorCode()), outcome.getMessage());
    }
    return outcome;
  }

  private static CommandOutcome parseOutcome(RaftClientReply reply) {
    try {
      return CommandOutcome.parseFrom(reply.getMessage().getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new HeliosException(ErrorCode.INTERNAL_ERROR, "unreadable metadata reply", e);
    }
  }

  private static ErrorCode errorCode(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      // A newer peer may know codes this one does not; keep the message, lose only the precision.
      return ErrorCode.INTERNAL_ERROR;
    }
  }

  /** The leader answered; a follower then waits for its own apply so its next read sees the change. */
  private void awaitLocalApply(long logIndex, long deadlineNanos) {
    long leftMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000L);
    try {
      if (!stateMachine.awaitApplied(logIndex, leftMillis)) {
        throw new HeliosException(ErrorCode.UNAVAILABLE,
            "metadata change " + logIndex + " was committed but this peer has not applied it yet");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeliosException(ErrorCode.QUERY_CANCELED, "interrupted while waiting for metadata", e);
    }
  }

  @Override
  public void addInvalidationListener(Consumer<CacheInvalidationNotice> listener) {
    stateMachine.addInvalidationListener(listener);
  }

  @Override
  public boolean isReady() {
    try {
      RaftServer.Division division = server.getDivision(GROUP_ID);
      DivisionInfo info = division.getInfo();
      if (info.getLeaderId() == null || (info.isLeader() && !info.isLeaderReady())) {
        return false;
      }
      return stateMachine.appliedIndex() >= division.getRaftLog().getLastCommittedIndex();
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until {@link #isReady()}; returns false when the timeout passes first. */
  public boolean awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!isReady()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** True while this peer is the group's leader. */
  public boolean isLeader() {
    try {
      return server.getDivision(GROUP_ID).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /** This peer's id. */
  public String peerId() {
    return config.peerId();
  }

  /** The "host:port" this peer actually listens on (differs from the configured one after a port move). */
  public String address() {
    return config.self().address();
  }

  /**
   * Asks this peer to write a snapshot now (normally automatic every {@code snapshotThreshold}
   * entries).
   *
   * @return the log index the snapshot covers
   */
  public long takeSnapshot() throws IOException {
    RaftClientReply reply = client.getSnapshotManagementApi(RaftPeerId.valueOf(config.peerId()))
        .create(true, config.submitTimeout().toMillis());
    if (!reply.isSuccess()) {
      throw new IOException("snapshot failed: " + reply.getException());
    }
    return reply.getLogIndex();
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      LOG.warn("Closing metadata client failed", e);
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("Closing metadata peer {} failed", config.peerId(), e);
    }
    LOG.info("Metadata peer {} stopped", config.peerId());
  }
}
