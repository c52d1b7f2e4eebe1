package io.heliosdb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.gateway.embedded.InitialPassword;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole embedded node in this JVM: Raft metadata, two cells, the engine and every listener. */
class HeliosServerEmbeddedTest {

  private static HttpResponse<String> get(InetSocketAddress admin, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://" + admin.getHostString() + ":" + admin.getPort() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> awaitReady(InetSocketAddress admin) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> response = get(admin, "/health/readiness");
    while (response.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      response = get(admin, "/health/readiness");
    }
    return response;
  }

  @Test
  @Timeout(120)
  void startsBecomesReadyExposesMetricsAndRestartsFromTheSameDirectory(@TempDir Path dir) throws Exception {
    ServerConfig config = ServerConfig.parse("--data-dir", dir.toString(),
        "--port", String.valueOf(GatewayServerTest.freePort()),
        "--pg-port", String.valueOf(GatewayServerTest.freePort()),
        "--mysql-port", String.valueOf(GatewayServerTest.freePort()),
        "--admin-port", String.valueOf(GatewayServerTest.freePort()),
        "--shutdown-timeout-ms", "2000");
    try (GatewayServer server = HeliosServer.startEmbedded(config)) {
      HttpResponse<String> readiness = awaitReady(server.address("admin"));
      assertEquals(200, readiness.statusCode(), readiness.body());

      String metrics = get(server.address("admin"), "/metrics").body();
      for (String name : new String[] {"heliosdb_cells_rows_scanned_total", "heliosdb_cells_bytes_scanned_total",
          "heliosdb_cells_rows_returned_total", "heliosdb_cells_bytes_returned_total", "jvm_memory_used_bytes"}) {
        assertTrue(metrics.contains(name), name + " missing from /metrics");
      }
    }
    Path password = dir.resolve(InitialPassword.FILE_NAME);
    if (System.getenv(InitialPassword.ENV) == null) {
      assertTrue(Files.readString(password).trim().length() >= 20);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
    }
    assertTrue(Files.isDirectory(dir.resolve("cells/cell-0")));
    assertTrue(Files.isDirectory(dir.resolve("cells/cell-1")));
    int raftPort = Integer.parseInt(Files.readString(dir.resolve("metadata/raft-port")).trim());
    assertTrue(raftPort > 0);

    // A second start recovers metadata and cells from disk and does not bootstrap again.
    Files.delete(password);
    try (GatewayServer again = HeliosServer.startEmbedded(config)) {
      assertEquals(200, awaitReady(again.address("admin")).statusCode());
    }
    assertFalse(Files.exists(password), "the superuser exists already; no new password");
  }
}
