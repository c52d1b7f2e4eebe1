/**
 * The compute-cell contract (HIDB): protocol version, generated messages (io.heliosdb.hidb.proto),
 * and the one value model shared by every tier. Nothing here knows about SQL text, Calcite, RocksDB
 * or any client protocol.
 */
package io.heliosdb.hidb;
