package io.heliosdb.wire.mysql.auth;

import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users who proved their password with a full caching_sha2_password authentication since the
 * server started, as MySQL's in-memory cache: only they may use the fast path. Keyed by user
 * with the digest that was proven, so a changed password needs a full authentication again.
 */
public final class Sha2Cache {
  private final ConcurrentHashMap<String, byte[]> proven = new ConcurrentHashMap<>();

  public boolean contains(String user, byte[] digest) {
    byte[] d = proven.get(user);
    return d != null && digest != null && MessageDigest.isEqual(d, digest);
  }

  public void remember(String user, byte[] digest) {
    if (digest != null) {
      proven.put(user, digest.clone());
    }
  }
}
