package io.heliosdb.compliance.mysqlj;

import io.heliosdb.gateway.GatewayServer;
import io.heliosdb.gateway.HeliosServer;
import io.heliosdb.gateway.ServerConfig;
import io.heliosdb.gateway.embedded.InitialPassword;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The server the Connector/J matrix runs against: a HeliosDB embedded node (metadata, two cells,
 * gateway) in this JVM with its MySQL listener, or with HELIOSDB_MYSQL_PEER=host:port:user:password
 * a real MySQL/MariaDB instead (to check by hand that the tests assert what MySQL does).
 */
final class MySqlMatrixServer implements AutoCloseable {
  private final GatewayServer embedded;
  private final String host;
  private final int port;
  private final String user;
  private final String password;
  final int postgresPort;

  private MySqlMatrixServer(GatewayServer embedded, String host, int port, String user, String password,
      int postgresPort) {
    this.embedded = embedded;
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.postgresPort = postgresPort;
  }

  static MySqlMatrixServer start(Path dir) throws Exception {
    String peer = System.getenv("HELIOSDB_MYSQL_PEER");
    if (peer != null && !peer.isEmpty()) {
      String[] p = peer.split(":", 4);
      return new MySqlMatrixServer(null, p[0], Integer.parseInt(p[1]), p[2], p[3], 0);
    }
    int pgPort = freePort();
    int mysqlPort = freePort();
    ServerConfig config = ServerConfig.parse("--data-dir", dir.toString(), "--listen", "127.0.0.1",
        "--port", String.valueOf(freePort()), "--pg-port", String.valueOf(pgPort),
        "--mysql-port", String.valueOf(mysqlPort), "--admin-port", String.valueOf(freePort()),
        "--shutdown-timeout-ms", "2000");
    GatewayServer server = HeliosServer.startEmbedded(config);
    String password = System.getenv(InitialPassword.ENV) != null ? System.getenv(InitialPassword.ENV)
        : Files.readString(dir.resolve(InitialPassword.FILE_NAME)).trim();
    return new MySqlMatrixServer(server, "127.0.0.1", server.address("mysql").getPort(), "heliosdb", password,
        server.address("postgres").getPort());
  }

  boolean isHeliosDb() {
    return embedded != null;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url(String database) {
    return "jdbc:mysql://" + host + ":" + port + "/" + database;
  }

  /**
   * A connection with the matrix's defaults (no TLS, RSA key retrieval for caching_sha2_password's
   * full authentication) plus {@code extra} properties.
   */
  Connection connect(Properties extra) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslMode", "DISABLED");
    p.setProperty("allowPublicKeyRetrieval", "true");
    p.setProperty("connectTimeout", "10000");
    p.putAll(extra);
    return DriverManager.getConnection(url(p.getProperty("database", "heliosdb")), p);
  }

  /** A PostgreSQL connection to the same node (the cross-protocol checks). */
  Connection connectPostgres() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("sslmode", "disable");
    return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + postgresPort + "/heliosdb", p);
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
