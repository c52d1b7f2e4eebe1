package io.heliosdb.metadata;

/**
 * A storage cell registered with the cluster.
 *
 * @param cellId stable id, e.g. "cell-0"
 * @param address "inprocess:NAME" for a cell in the same JVM, or "host:port" for gRPC over TCP
 */
public record CellDescriptor(String cellId, String address) {}
