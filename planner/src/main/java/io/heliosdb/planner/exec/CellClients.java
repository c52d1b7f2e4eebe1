package io.heliosdb.planner.exec;

import io.grpc.Channel;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.StorageCellGrpc;
import io.heliosdb.metadata.CellDescriptor;
import io.heliosdb.metadata.Catalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** gRPC stubs per cell, created lazily from the addresses the catalog holds. */
public final class CellClients {
  private final Function<String, Channel> channelForAddress;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  public CellClients(Function<String, Channel> channelForAddress) {
    this.channelForAddress = channelForAddress;
  }

  private Channel channel(Catalog catalog, String cellId) {
    CellDescriptor cell = catalog.cells().get(cellId);
    if (cell == null) {
      throw new HeliosException(ErrorCode.UNAVAILABLE, "storage cell " + cellId + " is not registered");
    }
    return channels.computeIfAbsent(cell.address(), channelForAddress);
  }

  public StorageCellGrpc.StorageCellBlockingStub blocking(Catalog catalog, String cellId) {
    return StorageCellGrpc.newBlockingStub(channel(catalog, cellId));
  }

  public StorageCellGrpc.StorageCellFutureStub future(Catalog catalog, String cellId) {
    return StorageCellGrpc.newFutureStub(channel(catalog, cellId));
  }
}
