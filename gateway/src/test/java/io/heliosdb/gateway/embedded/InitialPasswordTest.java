package io.heliosdb.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitialPasswordTest {

  @Test
  void generatedPasswordsAreLongAndDiffer() {
    String first = InitialPassword.generate();
    assertTrue(first.length() >= 20, first);
    assertTrue(first.chars().allMatch(Character::isLetterOrDigit), first);
    assertNotEquals(first, InitialPassword.generate());
  }

  @Test
  void theFileIsReadableByTheOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = InitialPassword.write(dir, "s3cret-pass");
    assertEquals(dir.resolve("initial-password"), file);
    assertEquals("s3cret-pass\n", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    InitialPassword.write(dir, "other");
    assertEquals("other\n", Files.readString(file));
  }
}
