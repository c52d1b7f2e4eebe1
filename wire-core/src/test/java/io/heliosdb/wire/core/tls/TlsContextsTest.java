package io.heliosdb.wire.core.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {

  @Test
  void generatesSelfSignedLocalhostCertificateOnce(@TempDir Path dataDir) throws Exception {
    Path[] files = TlsContexts.ensureSelfSigned(dataDir);
    assertEquals(dataDir.resolve("tls/server.crt"), files[0]);
    assertEquals(dataDir.resolve("tls/server.key"), files[1]);
    assertTrue(Files.readString(files[1]).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files[1])));

    X509Certificate cert;
    try (InputStream in = Files.newInputStream(files[0])) {
      cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
    Set<String> names = new HashSet<>();
    for (List<?> san : cert.getSubjectAlternativeNames()) {
      names.add(String.valueOf(san.get(1)));
    }
    assertEquals(Set.of("localhost", "127.0.0.1"), names);
    Duration validity = Duration.between(Instant.now(), cert.getNotAfter().toInstant());
    assertTrue(validity.toDays() > 3640, "about ten years");

    byte[] before = Files.readAllBytes(files[0]);
    Path[] again = TlsContexts.ensureSelfSigned(dataDir);
    assertArrayEquals(before, Files.readAllBytes(again[0]), "existing files are kept");
  }

  @Test
  void serverContextCompletesHandshakeWithClientTrustingTheCertificate(@TempDir Path dataDir) throws Exception {
    Path[] files = TlsContexts.ensureSelfSigned(dataDir);
    SslContext server = TlsContexts.server(files[0], files[1]);
    assertTrue(server.isServer());
    SslContext client = SslContextBuilder.forClient().trustManager(files[0].toFile()).build();

    EmbeddedChannel serverChannel = new EmbeddedChannel();
    EmbeddedChannel clientChannel = new EmbeddedChannel();
    SslHandler serverSsl = server.newHandler(serverChannel.alloc());
    SslHandler clientSsl = client.newHandler(clientChannel.alloc(), "localhost", 5432);
    serverChannel.pipeline().addLast(serverSsl);
    clientChannel.pipeline().addLast(clientSsl);
    for (int round = 0; round < 50 && !(clientSsl.handshakeFuture().isDone() && serverSsl.handshakeFuture().isDone());
        round++) {
      pump(clientChannel, serverChannel);
      pump(serverChannel, clientChannel);
    }
    assertTrue(clientSsl.handshakeFuture().isSuccess(), () -> String.valueOf(clientSsl.handshakeFuture().cause()));
    assertTrue(serverSsl.handshakeFuture().isSuccess(), () -> String.valueOf(serverSsl.handshakeFuture().cause()));
    clientChannel.finishAndReleaseAll();
    serverChannel.finishAndReleaseAll();
  }

  private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
    from.runPendingTasks();
    ByteBuf out;
    while ((out = from.readOutbound()) != null) {
      to.writeInbound(out);
    }
    to.runPendingTasks();
  }
}
