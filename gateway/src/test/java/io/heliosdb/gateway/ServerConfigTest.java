package io.heliosdb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  @Test
  void defaultsApplyWhenOnlyTheDataDirIsGiven() {
    ServerConfig config = ServerConfig.parse("--data-dir", "./data");
    assertEquals(Path.of("./data"), config.dataDir());
    assertEquals("127.0.0.1", config.listenAddress());
    assertEquals(6060, config.frontDoorPort());
    assertEquals(5432, config.pgPort());
    assertEquals(9187, config.adminPort());
    assertEquals(2, config.cells());
    assertEquals(0, config.raftPort());
    assertEquals(Duration.ofMillis(250), config.sniffTimeout());
    assertEquals(64, config.statementThreads());
    assertEquals(1 << 17, config.versionCacheSlots());
    assertEquals(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()), config.ioThreads());
    assertEquals(Optional.empty(), config.tlsCert());
    assertEquals(ServerConfig.defaults(Path.of("./data")), config);
  }

  @Test
  void everyOptionIsParsed() {
    ServerConfig config = ServerConfig.parse("--data-dir", "/d", "--listen", "0.0.0.0", "--port", "7000",
        "--pg-port", "15432", "--admin-port", "19187", "--cells", "4", "--tls-cert", "/c.pem",
        "--tls-key", "/k.pem", "--raft-port", "9999", "--sniff-timeout-ms", "40", "--statement-threads", "8",
        "--shutdown-timeout-ms", "1000", "--version-cache-slots", "0", "--io-threads", "3");
    assertEquals("0.0.0.0", config.listenAddress());
    assertEquals(7000, config.frontDoorPort());
    assertEquals(15432, config.pgPort());
    assertEquals(19187, config.adminPort());
    assertEquals(4, config.cells());
    assertEquals(Optional.of(Path.of("/c.pem")), config.tlsCert());
    assertEquals(Optional.of(Path.of("/k.pem")), config.tlsKey());
    assertEquals(9999, config.raftPort());
    assertEquals(Duration.ofMillis(40), config.sniffTimeout());
    assertEquals(8, config.statementThreads());
    assertEquals(Duration.ofSeconds(1), config.shutdownTimeout());
    assertEquals(0, config.versionCacheSlots());
    assertEquals(3, config.ioThreads());
  }

  @Test
  void optionEqualsValueFormIsAccepted() {
    ServerConfig config = ServerConfig.parse("--data-dir=/d", "--pg-port=6543");
    assertEquals(6543, config.pgPort());
  }

  @Test
  void zeroTurnsAListenerOff() {
    ServerConfig config = ServerConfig.parse("--data-dir", "d", "--port", "0", "--pg-port", "0", "--mysql-port", "0",
        "--admin-port", "0");
    assertFalse(config.frontDoorEnabled());
    assertFalse(config.pgEnabled());
    assertFalse(config.mysqlEnabled());
    assertEquals(3306, ServerConfig.parse("--data-dir", "d").mysqlPort());
    assertEquals(13306, ServerConfig.parse("--data-dir", "d", "--mysql-port", "13306").mysqlPort());
    assertFalse(config.adminEnabled());
    assertTrue(ServerConfig.parse("--data-dir", "d").pgEnabled());
  }

  @Test
  void badCommandLinesAreRefusedWithTheOptionNamed() {
    assertMessageContains("--data-dir", () -> ServerConfig.parse("--port", "1"));
    assertMessageContains("--port", () -> ServerConfig.parse("--data-dir", "d", "--port", "x"));
    assertMessageContains("--pg-port", () -> ServerConfig.parse("--data-dir", "d", "--pg-port", "70000"));
    assertMessageContains("--mysql-port", () -> ServerConfig.parse("--data-dir", "d", "--mysql-port", "-1"));
    assertMessageContains("--admin-port", () -> ServerConfig.parse("--data-dir", "d", "--admin-port", "-1"));
    assertMessageContains("--cells", () -> ServerConfig.parse("--data-dir", "d", "--cells", "0"));
    assertMessageContains("--tls-key", () -> ServerConfig.parse("--data-dir", "d", "--tls-cert", "c"));
    assertMessageContains("--io-threads", () -> ServerConfig.parse("--data-dir", "d", "--io-threads", "0"));
    assertMessageContains("--version-cache-slots",
        () -> ServerConfig.parse("--data-dir", "d", "--version-cache-slots", "-1"));
    assertMessageContains("--bogus", () -> ServerConfig.parse("--data-dir", "d", "--bogus", "1"));
    assertMessageContains("missing value", () -> ServerConfig.parse("--data-dir"));
  }

  private static void assertMessageContains(String expected, Runnable parse) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse::run);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
