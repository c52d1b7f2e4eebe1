package io.heliosdb.gateway.embedded;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;
import io.heliosdb.gateway.ServerConfig;
import io.heliosdb.gateway.ServingNode;
import io.heliosdb.gateway.metrics.ComputeScanStats;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.CellDescriptor;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.metadata.raft.MetadataConfig;
import io.heliosdb.metadata.raft.RaftMetadataService;
import io.heliosdb.planner.EngineStats;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.PlannerConfig;
import io.heliosdb.planner.api.SessionFactory;
import io.heliosdb.storage.CellConfig;
import io.heliosdb.storage.StorageCell;
import io.heliosdb.wire.core.auth.CredentialVerifiers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one node: metadata (one Raft peer) under DIR/metadata, cells under DIR/cells/cell-i,
 * each served by an in-process gRPC server named after it, and the compute engine, which reaches
 * the cells through HIDB channels exactly as it would over TCP.
 */
public final class EmbeddedNode implements ServingNode {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNode.class);
  public static final String SUPERUSER = "heliosdb";
  private static final Duration METADATA_READY_TIMEOUT = Duration.ofSeconds(60);

  private final RaftMetadataService metadata;
  private final List<ServedCell> cells;
  private final CellChannels channels;
  private final HeliosEngine engine;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedNode(RaftMetadataService metadata, List<ServedCell> cells, CellChannels channels,
      HeliosEngine engine) {
    this.metadata = metadata;
    this.cells = List.copyOf(cells);
    this.channels = channels;
    this.engine = engine;
  }

  /** A cell and the in-process server that exposes its HIDB service. */
  private record ServedCell(String cellId, StorageCell cell, Server server) {}

  /** Starts metadata, the cells and the engine; registers the cells and the superuser on first start. */
  public static EmbeddedNode start(ServerConfig config) throws IOException {
    Path dataDir = config.dataDir();
    Path metadataDir = dataDir.resolve("metadata");
    RaftMetadataService metadata = startMetadata(metadataDir, config.raftPort());
    List<ServedCell> cells = new ArrayList<>();
    CellChannels channels = new CellChannels();
    try {
      if (!metadata.awaitReady(METADATA_READY_TIMEOUT)) {
        throw new IOException("metadata did not elect a leader within " + METADATA_READY_TIMEOUT.toSeconds() + " s");
      }
      for (int i = 0; i < config.cells(); i++) {
        cells.add(startCell(CellConfig.defaults("cell-" + i, dataDir.resolve("cells").resolve("cell-" + i))
            .withVersionCacheSlots(config.versionCacheSlots())));
      }
      registerCells(metadata, cells);
      bootstrapSuperuser(metadata, dataDir);
      HeliosEngine engine = HeliosEngine.create(metadata, channels, PlannerConfig.defaults());
      for (ServedCell served : cells) {
        engine.registerLocalCell(CellChannels.inProcessAddress(served.cellId()), served.cell().localService());
      }
      LOG.info("Embedded node started: metadata at {}, {} cells under {}", metadata.address(), cells.size(),
          dataDir.resolve("cells"));
      return new EmbeddedNode(metadata, cells, channels, engine);
    } catch (IOException | RuntimeException e) {
      closeAll(null, channels, cells, metadata);
      throw e;
    }
  }

  @Override
  public SessionFactory sessions() {
    return engine;
  }

  @Override
  public Optional<UserRecord> user(String name) {
    return metadata.catalog().user(name);
  }

  @Override
  public List<String> notReady() {
    List<String> notReady = new ArrayList<>();
    if (!metadata.isReady()) {
      notReady.add("metadata");
    }
    for (ServedCell served : cells) {
      if (!served.cell().isHealthy()) {
        notReady.add(served.cellId());
      }
    }
    if (!engine.isReady()) {
      notReady.add("engine");
    }
    return notReady;
  }

  @Override
  public ComputeScanStats scanStats() {
    EngineStats stats = engine.stats();
    return new ComputeScanStats(stats.rowsScannedInCells(), stats.bytesScannedInCells(),
        stats.rowsReturnedByCells(), stats.bytesReturnedByCells(), stats.planCacheHits(), stats.planCacheMisses(),
        engine.transactions().gcVersionsRemoved(), engine.transactions().gcBytesRemoved(),
        engine.transactions().commits(), engine.transactions().prepares(),
        cells.stream().mapToLong(served -> served.cell().stats().getWalSyncs()).sum(),
        engine.transactions().commitRounds(),
        cells.stream().mapToLong(served -> served.cell().stats().getTxnStagingCommitted()).sum(),
        cells.stream().mapToLong(served -> served.cell().stats().getTxnStagingAborted()).sum(),
        cells.stream().mapToLong(served -> served.cell().liveIntents()).sum(),
        cells.stream().mapToLong(served -> served.cell().versionCacheHits()).sum(),
        cells.stream().mapToLong(served -> served.cell().versionCacheMisses()).sum(),
        engine.transactions().commitsWithWrite(), engine.transactions().commitsWithWriteRefused());
  }

  @Override
  public void onCommitLatency(java.util.function.LongConsumer listener) {
    engine.transactions().onCommitLatency(listener);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeAll(engine, channels, cells, metadata);
  }

  private static RaftMetadataService startMetadata(Path metadataDir, int configuredPort) throws IOException {
    int port = RaftPortFile.portToRequest(metadataDir, configuredPort);
    MetadataConfig config = MetadataConfig.of(MetadataConfig.EMBEDDED_PEER_ID, metadataDir,
        List.of(new MetadataConfig.Peer(MetadataConfig.EMBEDDED_PEER_ID, "127.0.0.1:" + port)));
    RaftMetadataService metadata = RaftMetadataService.start(config);
    String address = metadata.address();
    RaftPortFile.remember(metadataDir, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
    return metadata;
  }

  private static ServedCell startCell(CellConfig cellConfig) throws IOException {
    String cellId = cellConfig.cellId();
    StorageCell cell = StorageCell.open(cellConfig);
    try {
      Server server = InProcessServerBuilder.forName(cellId).directExecutor().addService(cell.grpcService()).build().start();
      return new ServedCell(cellId, cell, server);
    } catch (IOException | RuntimeException e) {
      cell.close();
      throw e;
    }
  }

  private static void registerCells(RaftMetadataService metadata, List<ServedCell> cells) {
    for (ServedCell served : cells) {
      String address = CellChannels.inProcessAddress(served.cellId());
      CellDescriptor known = metadata.catalog().cells().get(served.cellId());
      if (known == null || !known.address().equals(address)) {
        metadata.submit(new CatalogCommand.RegisterCell(served.cellId(), address));
        LOG.info("Registered {} at {}", served.cellId(), address);
      }
    }
  }

  /** On a fresh catalog: creates the superuser; the password is printed once, never logged. */
  private static void bootstrapSuperuser(RaftMetadataService metadata, Path dataDir) throws IOException {
    Catalog catalog = metadata.catalog();
    if (!catalog.users().isEmpty()) {
      return;
    }
    String fromEnv = System.getenv(InitialPassword.ENV);
    boolean generated = fromEnv == null || fromEnv.isEmpty();
    String password = generated ? InitialPassword.generate() : fromEnv;
    metadata.submit(new CatalogCommand.PutUser(CredentialVerifiers.create(SUPERUSER, password, true)));
    if (generated) {
      Path file = InitialPassword.write(dataDir, password);
      System.out.println("Initial password for user " + SUPERUSER + ": " + password + " (also in " + file + ")");
      System.out.flush();
      LOG.info("Created superuser {} with a generated password, written to {}", SUPERUSER, file);
    } else {
      LOG.info("Created superuser {} with the password from {}", SUPERUSER, InitialPassword.ENV);
    }
  }

  /** Closes in dependency order, continuing past failures so RocksDB and Ratis always get closed. */
  private static void closeAll(HeliosEngine engine, CellChannels channels, List<ServedCell> cells,
      RaftMetadataService metadata) {
    if (engine != null) {
      quietly("engine", engine::close);
    }
    quietly("cell channels", channels::close);
    for (ServedCell served : cells) {
      quietly(served.cellId() + " server", () -> {
        served.server().shutdown();
        if (!served.server().awaitTermination(5, TimeUnit.SECONDS)) {
          served.server().shutdownNow();
        }
      });
      quietly(served.cellId(), served.cell()::close);
    }
    quietly("metadata", metadata::close);
  }

  private interface Closer {
    void close() throws Exception;
  }

  private static void quietly(String what, Closer closer) {
    try {
      closer.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("Closing {} failed", what, e);
    }
  }
}
