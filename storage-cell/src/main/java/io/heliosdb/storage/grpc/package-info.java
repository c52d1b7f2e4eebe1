/**
 * The HIDB StorageCell gRPC service of one cell: request validation, status mapping and
 * flow-controlled streaming of scan results. Handlers stay thin; the work lives in the engine and
 * scan packages.
 */
package io.heliosdb.storage.grpc;
