package io.heliosdb.gateway;

import io.heliosdb.gateway.embedded.EmbeddedNode;
import io.heliosdb.gateway.embedded.ServerTls;
import io.heliosdb.gateway.net.FrontEndRegistry;
import io.netty.handler.ssl.SslContext;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of {@code bin/heliosdb}: {@code start --data-dir DIR ...} runs an embedded all-in-one
 * node behind the gateway in the foreground until SIGTERM/SIGINT, then shuts down gracefully.
 */
public final class HeliosServer {
  private static final Logger LOG = LoggerFactory.getLogger(HeliosServer.class);

  private HeliosServer() {}

  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("start")) {
      System.err.println(ServerConfig.USAGE);
      System.exit(2);
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.parse(Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println("heliosdb: " + e.getMessage());
      System.err.println(ServerConfig.USAGE);
      System.exit(2);
      return;
    }
    GatewayServer server;
    try {
      server = startEmbedded(config);
    } catch (Exception e) {
      LOG.error("HeliosDB failed to start", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "heliosdb-shutdown"));
    server.awaitStopped();
  }

  /** Starts an all-in-one node under config.dataDir() and serves it; the caller closes the result. */
  public static GatewayServer startEmbedded(ServerConfig config) throws Exception {
    SslContext tls = ServerTls.load(config);
    EmbeddedNode node = EmbeddedNode.start(config);
    try {
      return GatewayServer.start(config, node, tls, FrontEndRegistry.loadFromClassPath());
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }
}
