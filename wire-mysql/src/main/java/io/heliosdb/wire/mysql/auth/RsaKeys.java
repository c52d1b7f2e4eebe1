package io.heliosdb.wire.mysql.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import javax.crypto.Cipher;

/**
 * The RSA key pair of caching_sha2_password's key exchange, generated when the front end starts
 * (never stored). Clients without TLS fetch the public key and send the password encrypted with
 * RSA-OAEP (SHA-1, MGF1), XORed with the scramble first.
 */
public final class RsaKeys {
  private final KeyPair pair;
  private final byte[] publicKeyPem;

  private RsaKeys(KeyPair pair) {
    this.pair = pair;
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(pair.getPublic().getEncoded());
    this.publicKeyPem = ("-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  public static RsaKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return new RsaKeys(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA unavailable", e);
    }
  }

  /** PEM (SubjectPublicKeyInfo), as MySQL sends it. */
  public byte[] publicKeyPem() {
    return publicKeyPem.clone();
  }

  /**
   * The password from an encrypted full-authentication answer, or null when it does not decrypt.
   */
  public String decryptPassword(byte[] encrypted, byte[] scramble) {
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
      cipher.init(Cipher.DECRYPT_MODE, pair.getPrivate());
      plain = cipher.doFinal(encrypted);
    } catch (GeneralSecurityException e) {
      return null;
    }
    byte[] password = Scramble.xor(plain, scramble);
    int end = password.length;
    while (end > 0 && password[end - 1] == 0) {
      end--;
    }
    return new String(password, 0, end, StandardCharsets.UTF_8);
  }

  /** What a client sends (tests): RSA-OAEP of (password + NUL) XOR scramble. */
  public byte[] encryptForTest(String password, byte[] scramble) throws GeneralSecurityException {
    byte[] pw = (password + "\0").getBytes(StandardCharsets.UTF_8);
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
    cipher.init(Cipher.ENCRYPT_MODE, pair.getPublic());
    return cipher.doFinal(Scramble.xor(pw, scramble));
  }
}
