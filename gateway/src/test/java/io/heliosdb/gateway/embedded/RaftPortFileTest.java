package io.heliosdb.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftPortFileTest {

  @Test
  void aPickedPortIsRememberedForTheNextStart(@TempDir Path dir) {
    Path metadataDir = dir.resolve("metadata");
    assertEquals(0, RaftPortFile.portToRequest(metadataDir, 0), "first start: let metadata pick");
    RaftPortFile.remember(metadataDir, 41234);
    assertEquals(41234, RaftPortFile.portToRequest(metadataDir, 0));
  }

  @Test
  void anExplicitPortWins(@TempDir Path dir) {
    RaftPortFile.remember(dir, 41234);
    assertEquals(5000, RaftPortFile.portToRequest(dir, 5000));
  }

  @Test
  void aDamagedFileFallsBackToAnyPort(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(RaftPortFile.FILE_NAME), "garbage");
    assertEquals(0, RaftPortFile.portToRequest(dir, 0));
  }
}
