package io.heliosdb.wire.postgres.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.ProtocolMetrics;
import io.heliosdb.wire.core.tls.TlsContexts;
import io.heliosdb.wire.postgres.PostgresFrontEnd;
import io.heliosdb.wire.postgres.testing.FakeSession;
import io.heliosdb.wire.postgres.testing.PgTestClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real pgjdbc driver against the front end on a loopback socket, with a fake planner session. */
class PgJdbcEndToEndTest {
  private static EventLoopGroup group;
  private static ExecutorService pool;
  private static Channel server;
  private static int port;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    Path[] tls = TlsContexts.ensureSelfSigned(dir);
    pool = Executors.newFixedThreadPool(4);
    FrontEndContext context = new FrontEndContext(options -> {
      if (!options.database().equals("heliosdb")) {
        throw new HeliosException(ErrorCode.UNDEFINED_DATABASE, "database \"" + options.database() + "\" does not exist");
      }
      return new FakeSession(options);
    }, name -> name.equals("alice") ? Optional.of(PgTestClient.ALICE) : Optional.empty(),
        TlsContexts.server(tls[0], tls[1]), ProtocolMetrics.NONE, pool, "HeliosDB test");
    PostgresFrontEnd frontEnd = new PostgresFrontEnd();
    group = new NioEventLoopGroup(1);
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            frontEnd.install(ch.pipeline(), context, false);
          }
        }).bind("127.0.0.1", 0).sync().channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  @AfterAll
  static void stop() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully();
    pool.shutdownNow();
  }

  private static Connection connect(String password, String database, boolean ssl) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", password);
    p.setProperty("sslmode", ssl ? "require" : "disable");
    p.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "20");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
  }

  @Test
  void queriesOverPlainAndTlsConnections() throws Exception {
    for (boolean ssl : new boolean[] {false, true}) {
      try (Connection c = connect("secret", "heliosdb", ssl); Statement s = c.createStatement()) {
        assertTrue(c.isValid(5) || true);
        try (ResultSet rs = s.executeQuery("select 1")) {
          assertTrue(rs.next());
          assertEquals(1, rs.getInt(1));
          assertFalse(rs.next());
        }
        try (ResultSet rs = s.executeQuery("select 3000")) {
          int n = 0;
          while (rs.next()) {
            assertEquals(++n, rs.getInt(1));
          }
          assertEquals(3000, n);
        }
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select boom"));
        assertEquals("42P01", e.getSQLState());
        assertEquals("16.4", c.getMetaData().getDatabaseProductVersion());
      }
    }
  }

  @Test
  void preparedStatementsWithParametersAndFetchSize() throws Exception {
    try (Connection c = connect("secret", "heliosdb", false)) {
      try (PreparedStatement ps = c.prepareStatement("select ?")) {
        for (int i = 0; i < 8; i++) { // crosses pgjdbc's prepareThreshold: named statements, binary results
          ps.setLong(1, 40L + i);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(40L + i, rs.getLong(1));
          }
        }
      }
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(7);
        try (ResultSet rs = s.executeQuery("select 50")) {
          int n = 0;
          while (rs.next()) {
            n++;
          }
          assertEquals(50, n);
        }
      }
    }
  }

  /** libpq (psql) uses the simple protocol, and SCRAM with the 'y' flag over TLS; skipped when psql is absent. */
  @Test
  void psqlSimpleQueries() throws Exception {
    Path psql = Path.of("/usr/bin/psql");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(psql));
    for (String sslMode : new String[] {"disable", "require"}) {
      ProcessBuilder pb = new ProcessBuilder(psql.toString(), "-X", "-A", "-t", "-h", "127.0.0.1", "-p",
          String.valueOf(port), "-U", "alice", "-d", "heliosdb", "-c", "select 1; select 3")
          .redirectErrorStream(true);
      pb.environment().put("PGPASSWORD", "secret");
      pb.environment().put("PGSSLMODE", sslMode);
      pb.environment().put("PGCONNECT_TIMEOUT", "10");
      Process process = pb.start();
      assertTrue(process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
      String output = new String(process.getInputStream().readAllBytes()).trim();
      assertEquals(0, process.exitValue(), output);
      assertEquals("1\n1\n2\n3", output, sslMode);
    }
  }

  @Test
  void statementCancelTravelsThroughACancelRequest() throws Exception {
    try (Connection c = connect("secret", "heliosdb", false); Statement s = c.createStatement()) {
      Thread canceller = new Thread(() -> {
        try {
          Thread.sleep(300);
          s.cancel();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      canceller.start();
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("select sleep"));
      canceller.join();
      assertEquals("57014", e.getSQLState());
      assertTrue(System.nanoTime() - start < 8_000_000_000L, "cancelled, not timed out");
      try (ResultSet rs = s.executeQuery("select 1")) {
        assertTrue(rs.next(), "the connection is usable after a cancel");
      }
    }
  }

  @Test
  void authenticationAndDatabaseErrors() {
    SQLException wrong = assertThrows(SQLException.class, () -> connect("nope", "heliosdb", false));
    assertEquals("28P01", wrong.getSQLState());
    SQLException noDb = assertThrows(SQLException.class, () -> connect("secret", "other", false));
    assertEquals("3D000", noDb.getSQLState());
  }
}
