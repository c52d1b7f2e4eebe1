/**
 * MySQL packet framing: a 3-byte little-endian length and a sequence id before every payload;
 * payloads of 16 MiB - 1 continue in the next frame. Nothing here knows what a payload means.
 */
package io.heliosdb.wire.mysql.codec;
