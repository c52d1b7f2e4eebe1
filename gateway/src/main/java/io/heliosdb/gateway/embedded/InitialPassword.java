package io.heliosdb.gateway.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The superuser's first password: HELIOSDB_PASSWORD when set, else a random one that is printed
 * once and written to DIR/initial-password readable by the owner only.
 */
public final class InitialPassword {
  public static final String ENV = "HELIOSDB_PASSWORD";
  public static final String FILE_NAME = "initial-password";
  static final int GENERATED_LENGTH = 24;
  /** No look-alike characters (0/O, 1/l/I) so the password survives being read aloud or retyped. */
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private InitialPassword() {}

  /** A random password of {@value #GENERATED_LENGTH} characters. */
  public static String generate() {
    StringBuilder password = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  /** Writes the password to DIR/initial-password with mode 600, replacing an older file. */
  public static Path write(Path dataDir, String password) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
