/**
 * The cell's on-disk engine: the RocksDB instance and its column families, the row key and MVCC
 * version layout (docs/adr/0002-cell-key-and-mvcc-format.md), the persisted table layouts and the
 * atomic write path. Nothing here knows about gRPC or expression evaluation.
 */
package io.heliosdb.storage.engine;
