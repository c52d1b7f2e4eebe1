package io.heliosdb.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Remembers the metadata Raft port in DIR/metadata/raft-port, so a node that picked a free port on
 * its first start asks for the same peer address on every later start.
 */
public final class RaftPortFile {
  public static final String FILE_NAME = "raft-port";

  private RaftPortFile() {}

  /** The configured port when not 0, else the remembered one, else 0 (= let metadata pick one). */
  public static int portToRequest(Path metadataDir, int configuredPort) {
    Path file = metadataDir.resolve(FILE_NAME);
    if (configuredPort != 0 || !Files.isRegularFile(file)) {
      return configuredPort;
    }
    try {
      return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      // A damaged file only costs a new port; the single peer's log does not depend on it.
      return 0;
    }
  }

  /** Records the port the metadata peer actually listens on. */
  public static void remember(Path metadataDir, int port) {
    Path file = metadataDir.resolve(FILE_NAME);
    try {
      Files.createDirectories(metadataDir);
      Files.writeString(file, port + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the Raft port in " + file, e);
    }
  }
}
