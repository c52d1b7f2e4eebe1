package io.heliosdb.wire.mysql.auth;

import java.security.MessageDigest;

/**
 * mysql_native_password: the client sends SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw))); the server
 * keeps SHA1(SHA1(pw)), recovers SHA1(pw) with the XOR and checks that it hashes to the stored value.
 */
public final class NativePassword {
  public static final String PLUGIN = "mysql_native_password";

  private NativePassword() {}

  public static boolean verify(byte[] scramble, byte[] response, byte[] storedDoubleSha1) {
    if (storedDoubleSha1 == null || storedDoubleSha1.length != 20 || response.length != 20) {
      return false;
    }
    byte[] mask = Scramble.hash("SHA-1", scramble, storedDoubleSha1);
    byte[] sha1Password = Scramble.xor(response, mask);
    return MessageDigest.isEqual(Scramble.hash("SHA-1", sha1Password), storedDoubleSha1);
  }

  /** What a client computes (tests). */
  public static byte[] clientResponse(byte[] scramble, String password) {
    byte[] stage1 = Scramble.hash("SHA-1", password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    byte[] stage2 = Scramble.hash("SHA-1", stage1);
    return Scramble.xor(stage1, Scramble.hash("SHA-1", scramble, stage2));
  }
}
