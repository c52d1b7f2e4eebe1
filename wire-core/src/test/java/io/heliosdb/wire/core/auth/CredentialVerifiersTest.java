package io.heliosdb.wire.core.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.metadata.UserRecord;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CredentialVerifiersTest {

  @Test
  void mysqlNativeDigestMatchesMysqlPasswordFunction() {
    UserRecord user = CredentialVerifiers.create("root", "password", true);
    // MySQL's PASSWORD('password') = '*' + hex(SHA1(SHA1('password')))
    assertEquals("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
        HexFormat.of().withUpperCase().formatHex(user.mysqlNativeDigest()));
    assertTrue(user.superuser());
    assertEquals("root", user.name());
  }

  @Test
  void mysqlSha2DigestIsDoubleSha256() {
    UserRecord user = CredentialVerifiers.create("u", "abc", false);
    // SHA256("abc") is the FIPS 180-2 vector; hashing it again gives the double digest.
    byte[] once = HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertArrayEquals(ScramCrypto.sha256(once), user.mysqlSha2Digest());
    assertEquals(32, user.mysqlSha2Digest().length);
  }

  @Test
  void scramVerifierUsesRandomSaltAndDefaultIterations() {
    UserRecord a = CredentialVerifiers.create("u", "pw", false);
    UserRecord b = CredentialVerifiers.create("u", "pw", false);
    assertEquals(16, a.scramSalt().length);
    assertEquals(4096, a.scramIterations());
    assertFalse(Arrays.equals(a.scramSalt(), b.scramSalt()));
    assertFalse(Arrays.equals(a.scramStoredKey(), b.scramStoredKey()));
  }

  @Test
  void scramKeysMatchRfc7677Vector() {
    // StoredKey/ServerKey for password "pencil" with the RFC 7677 salt, as PostgreSQL stores them.
    byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    UserRecord user = CredentialVerifiers.create("user", "pencil", false, salt, 4096);
    assertEquals("WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=",
        Base64.getEncoder().encodeToString(user.scramStoredKey()));
    assertEquals("wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
        Base64.getEncoder().encodeToString(user.scramServerKey()));
  }
}
