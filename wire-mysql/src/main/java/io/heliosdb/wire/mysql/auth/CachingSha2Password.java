package io.heliosdb.wire.mysql.auth;

import io.heliosdb.metadata.UserRecord;
import io.heliosdb.wire.core.auth.ScramCrypto;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * caching_sha2_password. Fast path: the client sends SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) +
 * nonce); with the stored SHA256(SHA256(pw)) the server recovers SHA256(pw) and checks it. Full
 * path: the client sends the password itself (over TLS, or RSA-encrypted), which is checked
 * against the same digest or, for users without one, the SCRAM verifier.
 */
public final class CachingSha2Password {
  public static final String PLUGIN = "caching_sha2_password";
  /** The client's request for the server's RSA public key during full authentication. */
  public static final byte REQUEST_PUBLIC_KEY = 0x02;

  private CachingSha2Password() {}

  public static boolean verifyScramble(byte[] scramble, byte[] response, byte[] storedDigest) {
    if (storedDigest == null || storedDigest.length != 32 || response.length != 32) {
      return false;
    }
    byte[] mask = Scramble.hash("SHA-256", storedDigest, scramble);
    byte[] sha256Password = Scramble.xor(response, mask);
    return MessageDigest.isEqual(Scramble.hash("SHA-256", sha256Password), storedDigest);
  }

  /** Full authentication: the clear password against the MySQL digest, else the SCRAM verifier. */
  public static boolean verifyPassword(UserRecord user, String password) {
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    byte[] digest = user.mysqlSha2Digest();
    if (digest != null && digest.length == 32) {
      return MessageDigest.isEqual(Scramble.hash("SHA-256", Scramble.hash("SHA-256", pw)), digest);
    }
    if (user.scramSalt() == null || user.scramStoredKey() == null) {
      return false;
    }
    byte[] salted = ScramCrypto.saltedPassword(password, user.scramSalt(), user.scramIterations());
    return MessageDigest.isEqual(ScramCrypto.sha256(ScramCrypto.clientKey(salted)), user.scramStoredKey());
  }

  /** What a client computes for the fast path (tests). */
  public static byte[] clientResponse(byte[] scramble, String password) {
    byte[] stage1 = Scramble.hash("SHA-256", password.getBytes(StandardCharsets.UTF_8));
    byte[] stage2 = Scramble.hash("SHA-256", stage1);
    return Scramble.xor(stage1, Scramble.hash("SHA-256", stage2, scramble));
  }
}
