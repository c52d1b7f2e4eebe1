package io.heliosdb.wire.mysql.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.metadata.UserRecord;
import io.heliosdb.wire.core.auth.CredentialVerifiers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuthPluginsTest {
  private static final UserRecord USER = CredentialVerifiers.create("u", "pässword", false, new byte[16], 4096);
  private final byte[] scramble = Scramble.generate();

  @Test
  void scrambleIsTwentyPrintableBytes() {
    assertEquals(20, scramble.length);
    for (byte b : scramble) {
      assertTrue(b >= 0x21 && b < 0x7f);
    }
  }

  @Test
  void nativePasswordAcceptsTheRightPasswordOnly() {
    assertTrue(NativePassword.verify(scramble, NativePassword.clientResponse(scramble, "pässword"), USER.mysqlNativeDigest()));
    assertFalse(NativePassword.verify(scramble, NativePassword.clientResponse(scramble, "password"), USER.mysqlNativeDigest()));
    assertFalse(NativePassword.verify(Scramble.generate(), NativePassword.clientResponse(scramble, "pässword"),
        USER.mysqlNativeDigest()), "a response to another scramble is not replayable");
    assertFalse(NativePassword.verify(scramble, new byte[0], USER.mysqlNativeDigest()));
  }

  @Test
  void cachingSha2FastPathChecksTheScramble() {
    byte[] response = CachingSha2Password.clientResponse(scramble, "pässword");
    assertTrue(CachingSha2Password.verifyScramble(scramble, response, USER.mysqlSha2Digest()));
    assertFalse(CachingSha2Password.verifyScramble(scramble, CachingSha2Password.clientResponse(scramble, "x"),
        USER.mysqlSha2Digest()));
    assertFalse(CachingSha2Password.verifyScramble(scramble, response, null));
  }

  @Test
  void cachingSha2FullPathChecksTheDigestOrTheScramVerifier() {
    assertTrue(CachingSha2Password.verifyPassword(USER, "pässword"));
    assertFalse(CachingSha2Password.verifyPassword(USER, "pässwort"));
    UserRecord scramOnly = new UserRecord("s", false, USER.scramSalt(), USER.scramIterations(), USER.scramStoredKey(),
        USER.scramServerKey(), null, null);
    assertTrue(CachingSha2Password.verifyPassword(scramOnly, "pässword"));
    assertFalse(CachingSha2Password.verifyPassword(scramOnly, "wrong"));
  }

  @Test
  void rsaExchangeRecoversThePassword() throws Exception {
    RsaKeys keys = RsaKeys.generate();
    String pem = new String(keys.publicKeyPem(), StandardCharsets.US_ASCII);
    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("-----END PUBLIC KEY-----\n"));
    assertEquals("pässword", keys.decryptPassword(keys.encryptForTest("pässword", scramble), scramble));
    assertNull(keys.decryptPassword(new byte[256], scramble), "garbage does not decrypt");
  }

  @Test
  void sha2CacheIsKeyedByTheProvenDigest() {
    Sha2Cache cache = new Sha2Cache();
    assertFalse(cache.contains("u", USER.mysqlSha2Digest()));
    cache.remember("u", USER.mysqlSha2Digest());
    assertTrue(cache.contains("u", USER.mysqlSha2Digest()));
    assertFalse(cache.contains("u", new byte[32]), "a changed password needs a full authentication again");
  }
}
