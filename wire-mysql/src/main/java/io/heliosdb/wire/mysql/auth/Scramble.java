package io.heliosdb.wire.mysql.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** The 20-byte nonce of a handshake and the hash helpers both plugins share. */
public final class Scramble {
  public static final int LENGTH = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Scramble() {}

  /** 20 random printable ASCII bytes (never NUL, which clients treat as a terminator). */
  public static byte[] generate() {
    byte[] out = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      out[i] = (byte) (0x21 + RANDOM.nextInt(0x7e - 0x21));
    }
    return out;
  }

  static byte[] hash(String algorithm, byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " unavailable", e);
    }
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i % b.length]);
    }
    return out;
  }
}
