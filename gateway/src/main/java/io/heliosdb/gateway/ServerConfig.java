package io.heliosdb.gateway;

import io.heliosdb.storage.engine.CellStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code bin/heliosdb start} can be told, with every default documented here and nowhere
 * else. Each listener port accepts 0, meaning "do not open this listener".
 *
 * @param dataDir root of all persistent state (metadata/, cells/, initial-password, TLS files); required
 * @param listenAddress address every listener binds to; default {@value #DEFAULT_LISTEN}
 * @param frontDoorPort shared port that sniffs the protocol; default {@value #DEFAULT_FRONT_DOOR_PORT}, 0 = off
 * @param pgPort PostgreSQL-only port; default {@value #DEFAULT_PG_PORT}, 0 = off
 * @param mysqlPort MySQL-only port; default {@value #DEFAULT_MYSQL_PORT}, 0 = off
 * @param adminPort HTTP port for /health and /metrics; default {@value #DEFAULT_ADMIN_PORT}, 0 = off
 * @param cells storage cells started in this JVM; default {@value #DEFAULT_CELLS} so fan-out is always exercised
 * @param tlsCert PEM certificate chain; with tlsKey, else a self-signed pair is kept under dataDir
 * @param tlsKey PEM private key (PKCS#8)
 * @param raftPort metadata Raft port; default 0 = pick a free port on first start and reuse it (never "off")
 * @param sniffTimeout how long the front door waits for a silent client before choosing a
 *     server-speaks-first protocol; default {@value #DEFAULT_SNIFF_TIMEOUT_MS} ms
 * @param statementThreads size of the pool that runs statements; default {@value #DEFAULT_STATEMENT_THREADS}
 * @param shutdownTimeout how long shutdown waits for in-flight statements; default {@value #DEFAULT_SHUTDOWN_TIMEOUT_MS} ms
 * @param ioThreads event-loop threads serving every connection; default max(8, 2 x CPU cores)
 * @param versionCacheSlots slots of each cell's newest-version cache for point reads (ADR 0023);
 *     default {@value io.heliosdb.storage.engine.CellStore#DEFAULT_VERSION_CACHE_SLOTS}, 0 = off
 */
public record ServerConfig(
    Path dataDir,
    String listenAddress,
    int frontDoorPort,
    int pgPort,
    int mysqlPort,
    int adminPort,
    int cells,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    int raftPort,
    Duration sniffTimeout,
    int statementThreads,
    Duration shutdownTimeout,
    int ioThreads,
    int versionCacheSlots) {

  public static final String DEFAULT_LISTEN = "127.0.0.1";
  public static final int DEFAULT_FRONT_DOOR_PORT = 6060;
  public static final int DEFAULT_PG_PORT = 5432;
  public static final int DEFAULT_MYSQL_PORT = 3306;
  public static final int DEFAULT_ADMIN_PORT = 9187;
  public static final int DEFAULT_CELLS = 2;
  public static final int DEFAULT_RAFT_PORT = 0;
  public static final int DEFAULT_SNIFF_TIMEOUT_MS = 250;
  public static final int DEFAULT_STATEMENT_THREADS = 64;
  public static final int DEFAULT_SHUTDOWN_TIMEOUT_MS = 30_000;
  /**
   * At least 8 event loops even on 2 cores: 8 PyMySQL clients ran 21-23K point selects/s with 8
   * loops against 15-19K/s with 2 (four interleaved pairs, bench/README.md); Netty's own default
   * of 2 per core applies above 4 cores.
   */
  public static final int DEFAULT_IO_THREADS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());
  /** 2^26 slots: ~40 GB at the per-slot bound, far past any heap this launcher sizes. */
  public static final int MAX_VERSION_CACHE_SLOTS = 1 << 26;

  /** Shown when the command line is wrong. */
  public static final String USAGE = String.join("\n",
      "usage: heliosdb start --data-dir DIR [--listen ADDR] [--port N] [--pg-port N] [--mysql-port N]",
      "                      [--admin-port N]",
      "                      [--cells N] [--tls-cert FILE --tls-key FILE] [--raft-port N]",
      "                      [--sniff-timeout-ms N] [--statement-threads N] [--shutdown-timeout-ms N]",
      "                      [--io-threads N] [--version-cache-slots N]",
      "  --listen              bind address (default " + DEFAULT_LISTEN + ")",
      "  --port                front door, protocol sniffed (default " + DEFAULT_FRONT_DOOR_PORT + ", 0 = off)",
      "  --pg-port             PostgreSQL only (default " + DEFAULT_PG_PORT + ", 0 = off)",
      "  --mysql-port          MySQL only (default " + DEFAULT_MYSQL_PORT + ", 0 = off)",
      "  --admin-port          HTTP /health and /metrics (default " + DEFAULT_ADMIN_PORT + ", 0 = off)",
      "  --cells               storage cells in this process (default " + DEFAULT_CELLS + ")",
      "  --tls-cert/--tls-key  PEM files; without them a self-signed pair is kept in DIR",
      "  --raft-port           metadata Raft port (default 0 = pick one, remembered in DIR/metadata/raft-port)",
      "  --io-threads          event-loop threads (default max(8, 2 x cores) = " + DEFAULT_IO_THREADS + ")",
      "  --version-cache-slots newest versions each cell keeps for point reads (default "
          + CellStore.DEFAULT_VERSION_CACHE_SLOTS + ", 0 = off; at most ~600 bytes a slot)");

  public ServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(listenAddress, "listenAddress");
    requirePort("--port", frontDoorPort);
    requirePort("--pg-port", pgPort);
    requirePort("--mysql-port", mysqlPort);
    requirePort("--admin-port", adminPort);
    requirePort("--raft-port", raftPort);
    if (cells < 1) {
      throw new IllegalArgumentException("--cells must be at least 1, got " + cells);
    }
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("--tls-cert and --tls-key must be given together");
    }
    if (sniffTimeout.isNegative() || sniffTimeout.isZero()) {
      throw new IllegalArgumentException("--sniff-timeout-ms must be positive");
    }
    if (statementThreads < 1) {
      throw new IllegalArgumentException("--statement-threads must be at least 1");
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("--shutdown-timeout-ms must not be negative");
    }
    if (ioThreads < 1 || ioThreads > 1024) {
      throw new IllegalArgumentException("--io-threads must be between 1 and 1024");
    }
    if (versionCacheSlots < 0 || versionCacheSlots > MAX_VERSION_CACHE_SLOTS) {
      throw new IllegalArgumentException("--version-cache-slots must be between 0 and " + MAX_VERSION_CACHE_SLOTS);
    }
  }

  /** All defaults, with the given data directory. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(dataDir, DEFAULT_LISTEN, DEFAULT_FRONT_DOOR_PORT, DEFAULT_PG_PORT,
        DEFAULT_MYSQL_PORT, DEFAULT_ADMIN_PORT, DEFAULT_CELLS, Optional.empty(), Optional.empty(), DEFAULT_RAFT_PORT,
        Duration.ofMillis(DEFAULT_SNIFF_TIMEOUT_MS), DEFAULT_STATEMENT_THREADS,
        Duration.ofMillis(DEFAULT_SHUTDOWN_TIMEOUT_MS), DEFAULT_IO_THREADS, CellStore.DEFAULT_VERSION_CACHE_SLOTS);
  }

  /**
   * Parses the options that follow {@code start}.
   *
   * @throws IllegalArgumentException naming the offending option; the message is meant for the user
   */
  public static ServerConfig parse(String... args) {
    Path dataDir = null;
    String listen = DEFAULT_LISTEN;
    int port = DEFAULT_FRONT_DOOR_PORT;
    int pgPort = DEFAULT_PG_PORT;
    int mysqlPort = DEFAULT_MYSQL_PORT;
    int adminPort = DEFAULT_ADMIN_PORT;
    int cells = DEFAULT_CELLS;
    Path cert = null;
    Path key = null;
    int raftPort = DEFAULT_RAFT_PORT;
    int sniffMs = DEFAULT_SNIFF_TIMEOUT_MS;
    int threads = DEFAULT_STATEMENT_THREADS;
    int shutdownMs = DEFAULT_SHUTDOWN_TIMEOUT_MS;
    int ioThreads = DEFAULT_IO_THREADS;
    int versionCacheSlots = CellStore.DEFAULT_VERSION_CACHE_SLOTS;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value;
      int eq = option.indexOf('=');
      if (option.startsWith("--") && eq > 0) {
        value = option.substring(eq + 1);
        option = option.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + option);
        }
        value = args[++i];
      }
      switch (option) {
        case "--data-dir" -> dataDir = Path.of(value);
        case "--listen" -> listen = value;
        case "--port" -> port = integer(option, value);
        case "--pg-port" -> pgPort = integer(option, value);
        case "--mysql-port" -> mysqlPort = integer(option, value);
        case "--admin-port" -> adminPort = integer(option, value);
        case "--cells" -> cells = integer(option, value);
        case "--tls-cert" -> cert = Path.of(value);
        case "--tls-key" -> key = Path.of(value);
        case "--raft-port" -> raftPort = integer(option, value);
        case "--sniff-timeout-ms" -> sniffMs = integer(option, value);
        case "--statement-threads" -> threads = integer(option, value);
        case "--shutdown-timeout-ms" -> shutdownMs = integer(option, value);
        case "--io-threads" -> ioThreads = integer(option, value);
        case "--version-cache-slots" -> versionCacheSlots = integer(option, value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("--data-dir is required");
    }
    return new ServerConfig(dataDir, listen, port, pgPort, mysqlPort, adminPort, cells, Optional.ofNullable(cert),
        Optional.ofNullable(key), raftPort, Duration.ofMillis(sniffMs), threads, Duration.ofMillis(shutdownMs),
        ioThreads, versionCacheSlots);
  }

  public boolean frontDoorEnabled() {
    return frontDoorPort != 0;
  }

  public boolean pgEnabled() {
    return pgPort != 0;
  }

  public boolean mysqlEnabled() {
    return mysqlPort != 0;
  }

  public boolean adminEnabled() {
    return adminPort != 0;
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
    }
  }

  private static void requirePort(String option, int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(option + " must be 0..65535, got " + port);
    }
  }
}
