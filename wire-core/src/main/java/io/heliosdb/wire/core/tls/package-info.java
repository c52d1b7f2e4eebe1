/**
 * TLS helpers shared by all front ends: building a Netty server SslContext from PEM files and
 * generating a self-signed localhost certificate on first start. No protocol code lives here.
 */
package io.heliosdb.wire.core.tls;
