package io.heliosdb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.gateway.metrics.ComputeScanStats;
import io.heliosdb.gateway.net.FrontEndRegistry;
import io.heliosdb.gateway.net.TestFrontEnds;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.SessionFactory;
import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.SniffResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over real sockets, in front of a fake node (no cells, no Raft). */
class GatewayServerTest {

  /** Answers "postgres tls=<flag>" and the bytes it received, so tests see which path was taken. */
  private static final class AnsweringFrontEnd implements FrontEnd {
    @Override
    public String name() {
      return "postgres";
    }

    @Override
    public int defaultPort() {
      return 5432;
    }

    @Override
    public SniffResult sniff(ByteBuf firstBytes) {
      if (firstBytes.readableBytes() < 8) {
        return SniffResult.NEED_MORE;
      }
      return firstBytes.getInt(firstBytes.readerIndex() + 4) == 196_608 ? SniffResult.MATCH : SniffResult.NO_MATCH;
    }

    @Override
    public void install(ChannelPipeline pipeline, FrontEndContext context, boolean tlsAlreadyActive) {
      pipeline.addLast(new ChannelInboundHandlerAdapter() {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
          context.metrics().connectionOpened("postgres");
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ByteBuf in = (ByteBuf) msg;
          String answer = "postgres tls=" + tlsAlreadyActive + " bytes=" + in.readableBytes() + "\n";
          in.release();
          ctx.writeAndFlush(Unpooled.copiedBuffer(answer, StandardCharsets.US_ASCII));
        }
      });
    }
  }

  private static final class FakeNode implements ServingNode {
    final List<String> notReady = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public SessionFactory sessions() {
      return options -> {
        throw new UnsupportedOperationException("no sessions in this test");
      };
    }

    @Override
    public Optional<UserRecord> user(String name) {
      return Optional.empty();
    }

    @Override
    public List<String> notReady() {
      return List.copyOf(notReady);
    }

    @Override
    public ComputeScanStats scanStats() {
      return new ComputeScanStats(500, 5000, 5, 50, 1, 1);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static ServerConfig config(Path dir, int frontDoor, int pg, int admin) {
    return ServerConfig.parse("--data-dir", dir.toString(), "--port", String.valueOf(frontDoor),
        "--pg-port", String.valueOf(pg), "--mysql-port", "0", "--admin-port", String.valueOf(admin),
        "--shutdown-timeout-ms", "2000");
  }

  private static HttpResponse<String> get(InetSocketAddress admin, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://" + admin.getHostString() + ":" + admin.getPort() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String talkPostgres(InetSocketAddress address) throws IOException {
    try (Socket socket = new Socket(address.getHostString(), address.getPort())) {
      byte[] startup = ByteBufUtil.getBytes(TestFrontEnds.postgresStartup());
      socket.getOutputStream().write(startup);
      socket.getOutputStream().flush();
      socket.setSoTimeout(5000);
      StringBuilder line = new StringBuilder();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
        line.append((char) c);
      }
      return line.toString();
    }
  }

  @Test
  void servesFrontDoorPostgresPortAndAdminThenShutsDownCleanly(@TempDir Path dir) throws Exception {
    FakeNode node = new FakeNode();
    int startupBytes = TestFrontEnds.postgresStartup().readableBytes();
    GatewayServer server = GatewayServer.start(config(dir, freePort(), freePort(), freePort()), node, null,
        new FrontEndRegistry(List.of(new AnsweringFrontEnd())));
    InetSocketAddress admin;
    InetSocketAddress frontDoor;
    try {
      frontDoor = server.address("frontdoor");
      admin = server.address("admin");
      assertEquals("postgres tls=false bytes=" + startupBytes, talkPostgres(frontDoor));
      assertEquals("postgres tls=false bytes=" + startupBytes, talkPostgres(server.address("postgres")));

      assertEquals(200, get(admin, "/health/liveness").statusCode());
      assertEquals(200, get(admin, "/health/readiness").statusCode());
      node.notReady.add("cell-1");
      HttpResponse<String> notReady = get(admin, "/health/readiness");
      assertEquals(503, notReady.statusCode());
      assertTrue(notReady.body().contains("cell-1"), notReady.body());

      String metrics = get(admin, "/metrics").body();
      assertTrue(metrics.contains("heliosdb_connections_opened_total{protocol=\"postgres\"} 2"), metrics);
      assertTrue(metrics.contains("heliosdb_cells_rows_scanned_total 500"), metrics);
    } finally {
      server.close();
    }
    assertTrue(node.closed, "the node is closed with the server");
    assertThrows(IOException.class, () -> new Socket(frontDoor.getHostString(), frontDoor.getPort()).close());
  }

  @Test
  void listenersSetToZeroAreNotOpened(@TempDir Path dir) throws Exception {
    try (GatewayServer server = GatewayServer.start(config(dir, 0, 0, freePort()), new FakeNode(), null,
        new FrontEndRegistry(List.of()))) {
      assertNull(server.address("frontdoor"));
      assertNull(server.address("postgres"));
      assertEquals(200, get(server.address("admin"), "/health/readiness").statusCode());
    }
  }

  @Test
  void aPostgresPortWithoutAPostgresFrontEndIsAStartupError(@TempDir Path dir) {
    FakeNode node = new FakeNode();
    assertThrows(IllegalStateException.class, () -> GatewayServer.start(config(dir, 0, freePort(), 0), node, null,
        new FrontEndRegistry(List.of())));
  }
}
