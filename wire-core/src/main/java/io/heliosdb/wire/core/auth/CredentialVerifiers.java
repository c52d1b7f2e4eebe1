package io.heliosdb.wire.core.auth;

import io.heliosdb.metadata.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Computes every protocol's stored verifier from a clear-text password, so the password itself
 * is never kept: SCRAM-SHA-256 (PostgreSQL) and the two MySQL digests.
 */
public final class CredentialVerifiers {
  /** PostgreSQL's default scram_iterations. */
  public static final int SCRAM_ITERATIONS = 4096;
  public static final int SALT_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private CredentialVerifiers() {}

  /** A user record with a fresh random SCRAM salt. */
  public static UserRecord create(String user, String password, boolean superuser) {
    byte[] salt = new byte[SALT_LENGTH];
    RANDOM.nextBytes(salt);
    return create(user, password, superuser, salt, SCRAM_ITERATIONS);
  }

  /** A user record with the given SCRAM salt and iteration count (deterministic; for tests and imports). */
  public static UserRecord create(String user, String password, boolean superuser, byte[] salt, int iterations) {
    byte[] salted = ScramCrypto.saltedPassword(password, salt, iterations);
    byte[] storedKey = ScramCrypto.sha256(ScramCrypto.clientKey(salted));
    byte[] serverKey = ScramCrypto.serverKey(salted);
    byte[] pw = password.getBytes(StandardCharsets.UTF_8);
    byte[] sha2 = ScramCrypto.sha256(ScramCrypto.sha256(pw));
    byte[] nativeDigest = ScramCrypto.digest("SHA-1", ScramCrypto.digest("SHA-1", pw));
    return new UserRecord(user, superuser, salt.clone(), iterations, storedKey, serverKey, sha2, nativeDigest);
  }
}
