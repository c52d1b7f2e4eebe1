/**
 * The Netty frame decoder that turns client bytes into frontend message objects (startup phase
 * without a type byte, then typed length-prefixed frames). It never touches sessions or writes.
 */
package io.heliosdb.wire.postgres.codec;
