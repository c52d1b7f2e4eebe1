package io.heliosdb.gateway;

import io.heliosdb.gateway.admin.AdminHttpHandler;
import io.heliosdb.gateway.admin.AdminHttpInitializer;
import io.heliosdb.gateway.metrics.GatewayMetrics;
import io.heliosdb.gateway.net.DedicatedPortInitializer;
import io.heliosdb.gateway.net.FrontDoorInitializer;
import io.heliosdb.gateway.net.FrontEndRegistry;
import io.heliosdb.gateway.net.ListenerSpec;
import io.heliosdb.gateway.net.Listeners;
import io.heliosdb.gateway.net.Transport;
import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway in front of a {@link ServingNode}: the front door, the per-protocol ports and the admin
 * port, the statement pool and the metrics. Prints "HeliosDB ready: ..." once every listener is
 * bound. Shutdown order: stop accepting, let statements in flight finish (bounded by the shutdown
 * timeout), close connections, then the node (engine, cells, metadata).
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
  public static final String VERSION = "HeliosDB 0.1.0";
  /** Statements waiting for a thread beyond this are refused rather than queued without bound. */
  private static final int STATEMENT_QUEUE = 10_000;
  private static final String FRONT_DOOR = "frontdoor";
  private static final String ADMIN = "admin";
  private static final String POSTGRES = "postgres";
  private static final String MYSQL = "mysql";

  private final ServerConfig config;
  private final ServingNode node;
  private final GatewayMetrics metrics;
  private final ThreadPoolExecutor statementExecutor;
  private final Listeners listeners;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private GatewayServer(ServerConfig config, ServingNode node, GatewayMetrics metrics,
      ThreadPoolExecutor statementExecutor, Listeners listeners) {
    this.config = config;
    this.node = node;
    this.metrics = metrics;
    this.statementExecutor = statementExecutor;
    this.listeners = listeners;
  }

  /**
   * Opens the listeners for an already started node and prints the ready line once all are bound.
   * The server owns the node from here on and closes it on {@link #close}.
   *
   * @param tls server TLS context for the front door and for front ends that upgrade; may be null
   */
  public static GatewayServer start(ServerConfig config, ServingNode node, SslContext tls,
      FrontEndRegistry frontEnds) throws InterruptedException {
    GatewayMetrics metrics = new GatewayMetrics();
    metrics.bindComputeStats(node::scanStats);
    node.onCommitLatency(metrics::commitLatency);
    ThreadPoolExecutor statementExecutor = new ThreadPoolExecutor(config.statementThreads(),
        config.statementThreads(), 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(STATEMENT_QUEUE),
        new DefaultThreadFactory("heliosdb-statement", true));
    statementExecutor.allowCoreThreadTimeOut(true);
    FrontEndContext context = new FrontEndContext(node.sessions(), node::user, tls, metrics,
        statementExecutor, VERSION);
    Listeners listeners = new Listeners(Transport.best(), config.ioThreads());
    GatewayServer server = new GatewayServer(config, node, metrics, statementExecutor, listeners);
    try {
      listeners.bind(config.listenAddress(), server.listenerSpecs(frontEnds, context, tls));
    } catch (InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    String readyLine = server.readyLine();
    LOG.info(readyLine);
    System.out.println(readyLine);
    System.out.flush();
    return server;
  }

  /** Listener address by name ("frontdoor", "postgres", "mysql", "admin"), or null when off. */
  public InetSocketAddress address(String listener) {
    return listeners.address(listener);
  }

  /** Everything that is not ready: the node's components and listeners that are not bound. */
  public List<String> notReady() {
    List<String> notReady = new ArrayList<>(node.notReady());
    listeners.notBound().forEach(name -> notReady.add("listener:" + name));
    if (closed.get()) {
      notReady.add("shutting-down");
    }
    return notReady;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Blocks until {@link #close} has finished. */
  public void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      awaitStopped();
      return;
    }
    try {
      LOG.info("HeliosDB shutting down: no new connections, waiting up to {} ms for statements in flight",
          config.shutdownTimeout().toMillis());
      listeners.stopAccepting();
      statementExecutor.shutdown();
      if (!statementExecutor.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} statements still running after the shutdown timeout; cancelling them",
            statementExecutor.getActiveCount());
        statementExecutor.shutdownNow();
      }
      listeners.close(java.time.Duration.ofSeconds(5));
      node.close();
      metrics.close();
      LOG.info("HeliosDB stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while shutting down");
      node.close();
    } finally {
      stopped.countDown();
    }
  }

  private List<ListenerSpec> listenerSpecs(FrontEndRegistry frontEnds, FrontEndContext context, SslContext tls) {
    List<ListenerSpec> specs = new ArrayList<>();
    specs.add(new ListenerSpec(FRONT_DOOR, config.frontDoorPort(),
        new FrontDoorInitializer(frontEnds, context, tls, config.sniffTimeout())));
    if (config.pgEnabled()) {
      FrontEnd postgres = frontEnds.byName(POSTGRES).orElseThrow(() -> new IllegalStateException(
          "--pg-port is set but no 'postgres' front end is on the class path"));
      specs.add(new ListenerSpec(POSTGRES, config.pgPort(), new DedicatedPortInitializer(postgres, context)));
    }
    if (config.mysqlEnabled()) {
      FrontEnd mysql = frontEnds.byName(MYSQL).orElseThrow(() -> new IllegalStateException(
          "--mysql-port is set but no 'mysql' front end is on the class path"));
      specs.add(new ListenerSpec(MYSQL, config.mysqlPort(), new DedicatedPortInitializer(mysql, context)));
    }
    specs.add(new ListenerSpec(ADMIN, config.adminPort(),
        new AdminHttpInitializer(new AdminHttpHandler(this::notReady, metrics::scrape), tls)));
    return specs;
  }

  private String readyLine() {
    return "HeliosDB ready: " + POSTGRES + "=" + show(POSTGRES) + " " + MYSQL + "=" + show(MYSQL)
        + " " + FRONT_DOOR + "=" + show(FRONT_DOOR)
        + " " + ADMIN + "=" + show(ADMIN);
  }

  private String show(String listener) {
    InetSocketAddress address = listeners.address(listener);
    return address == null ? "off" : address.getHostString() + ":" + address.getPort();
  }
}
