/**
 * MySQL authentication: caching_sha2_password (fast path against SHA256(SHA256(pw)), full path
 * with the password over TLS or RSA-OAEP) and mysql_native_password, verified against the
 * digests in the shared user store. No network code here.
 */
package io.heliosdb.wire.mysql.auth;
