/**
 * The storage cell: {@link io.heliosdb.storage.StorageCell} opens one RocksDB per cell and serves
 * the HIDB {@code StorageCell} gRPC service over it; {@link io.heliosdb.storage.CellConfig} holds its
 * typed configuration. Cells never parse SQL and never talk to metadata on the data path: they only
 * act on HIDB messages.
 */
package io.heliosdb.storage;
