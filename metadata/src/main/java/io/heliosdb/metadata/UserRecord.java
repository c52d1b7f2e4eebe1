package io.heliosdb.metadata;

/**
 * A user and the verifiers each protocol's authentication needs. The password itself is never stored.
 *
 * @param name user name
 * @param superuser whether the user may do everything
 * @param scramSalt SCRAM-SHA-256 salt
 * @param scramIterations SCRAM-SHA-256 iteration count
 * @param scramStoredKey SCRAM-SHA-256 StoredKey = H(HMAC(SaltedPassword, "Client Key"))
 * @param scramServerKey SCRAM-SHA-256 ServerKey = HMAC(SaltedPassword, "Server Key")
 * @param mysqlSha2Digest SHA256(SHA256(password)) for caching_sha2_password's fast path
 * @param mysqlNativeDigest SHA1(SHA1(password)) for mysql_native_password
 */
public record UserRecord(
    String name,
    boolean superuser,
    byte[] scramSalt,
    int scramIterations,
    byte[] scramStoredKey,
    byte[] scramServerKey,
    byte[] mysqlSha2Digest,
    byte[] mysqlNativeDigest) {}
