package io.heliosdb.compliance.pgjdbc;

import io.heliosdb.gateway.GatewayServer;
import io.heliosdb.gateway.HeliosServer;
import io.heliosdb.gateway.ServerConfig;
import io.heliosdb.gateway.embedded.InitialPassword;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The server the pgjdbc matrix runs against. By default a HeliosDB embedded node (metadata, two
 * cells, gateway) in this JVM under a temporary directory; with HELIOSDB_TEST_TARGET=postgres the
 * server named by HELIOSDB_PG_HOST/PORT/USER/PASSWORD/DATABASE instead.
 */
final class MatrixServer implements AutoCloseable {
  static final String TARGET = System.getenv().getOrDefault("HELIOSDB_TEST_TARGET", "heliosdb");

  private final GatewayServer embedded;
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  private final String database;

  private MatrixServer(GatewayServer embedded, String host, int port, String user, String password, String database) {
    this.embedded = embedded;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
  }

  static boolean isHeliosDb() {
    return TARGET.equals("heliosdb");
  }

  static MatrixServer start(Path dir) throws Exception {
    if (!isHeliosDb()) {
      return new MatrixServer(null, env("HELIOSDB_PG_HOST", "127.0.0.1"), Integer.parseInt(env("HELIOSDB_PG_PORT", "5432")),
          env("HELIOSDB_PG_USER", "heliosdb"), env("HELIOSDB_PG_PASSWORD", ""), env("HELIOSDB_PG_DATABASE", "heliosdb"));
    }
    ServerConfig config = ServerConfig.parse("--data-dir", dir.toString(), "--listen", "127.0.0.1",
        "--port", String.valueOf(freePort()), "--pg-port", String.valueOf(freePort()),
        "--admin-port", String.valueOf(freePort()), "--mysql-port", "0", "--shutdown-timeout-ms", "2000");
    GatewayServer server = HeliosServer.startEmbedded(config);
    String password = System.getenv(InitialPassword.ENV) != null ? System.getenv(InitialPassword.ENV)
        : Files.readString(dir.resolve(InitialPassword.FILE_NAME)).trim();
    InetSocketAddress pg = server.address("postgres");
    return new MatrixServer(server, "127.0.0.1", pg.getPort(), "heliosdb", password, "heliosdb");
  }

  private static String env(String name, String fallback) {
    return System.getenv().getOrDefault(name, fallback);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** A connection with the driver defaults of the matrix plus {@code extra} properties. */
  Connection connect(Properties extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", "disable");
    p.setProperty("connectTimeout", "10");
    p.putAll(extra);
    return DriverManager.getConnection(url(p.getProperty("database", database)), p);
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
