package io.heliosdb.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The admin port over a real socket: plain HTTP and HTTPS on the same port, with the server's certificate. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminHttpsTest {
  private EventLoopGroup group;
  private Channel server;
  private SelfSignedCertificate certificate;
  private int port;

  @BeforeAll
  void start() throws Exception {
    certificate = new SelfSignedCertificate("localhost");
    SslContext tls = SslContextBuilder.forServer(certificate.certificate(), certificate.privateKey()).build();
    AdminHttpHandler handler = new AdminHttpHandler(List::of, () -> "heliosdb_up 1.0\n");
    group = new NioEventLoopGroup(1);
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new AdminHttpInitializer(handler, tls)).bind("127.0.0.1", 0).sync().channel();
    port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  @AfterAll
  void stop() throws Exception {
    server.close().sync();
    group.shutdownGracefully().sync();
    certificate.delete();
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void plainHttpStillWorksForScrapers() throws Exception {
    HttpResponse<String> r = get(HttpClient.newHttpClient(), "http://127.0.0.1:" + port + "/metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("heliosdb_up 1.0"), r.body());
  }

  @Test
  void httpsOnTheSamePortIsServedWithTheServersCertificate() throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), new SecureRandom());
    HttpClient client = HttpClient.newBuilder().sslContext(trustAll).build();
    HttpResponse<String> r = get(client, "https://localhost:" + port + "/health/liveness");
    assertEquals(200, r.statusCode());
    assertEquals(certificate.cert(), r.sslSession().orElseThrow().getPeerCertificates()[0]);
  }

  @Test
  void httpsWithoutTrustingTheCertificateFailsTheHandshake() {
    assertThrows(javax.net.ssl.SSLHandshakeException.class,
        () -> get(HttpClient.newHttpClient(), "https://localhost:" + port + "/health/liveness"));
  }
}
