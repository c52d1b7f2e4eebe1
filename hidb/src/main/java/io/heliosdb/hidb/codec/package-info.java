/**
 * Byte encodings of the value model: {@link io.heliosdb.hidb.codec.KeyCodec} (order-preserving keys
 * for range scans) and {@link io.heliosdb.hidb.codec.RowCodec} (compact on-disk rows with projection
 * decoding). Both formats are persistent, so changes must stay backward compatible; this package
 * depends only on the value model and error types, never on storage or compute code.
 */
package io.heliosdb.hidb.codec;
