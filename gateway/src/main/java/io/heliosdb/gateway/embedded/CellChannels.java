package io.heliosdb.gateway.embedded;

import io.grpc.Channel;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The compute engine's way to a cell: "inprocess:NAME" becomes a gRPC in-process channel (embedded
 * node, no sockets), "host:port" a plaintext gRPC channel over TCP. One channel per address, reused.
 */
public final class CellChannels implements Function<String, Channel>, AutoCloseable {
  public static final String IN_PROCESS_PREFIX = "inprocess:";

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  @Override
  public Channel apply(String address) {
    return channels.computeIfAbsent(address, CellChannels::open);
  }

  /** The in-process address of a cell served under the given server name. */
  public static String inProcessAddress(String serverName) {
    return IN_PROCESS_PREFIX + serverName;
  }

  static ManagedChannel open(String address) {
    if (address.startsWith(IN_PROCESS_PREFIX)) {
      // Direct executors: an in-process call runs on the caller's thread, no hand-off per request.
      return InProcessChannelBuilder.forName(address.substring(IN_PROCESS_PREFIX.length())).directExecutor().build();
    }
    if (address.isBlank() || address.indexOf(':') < 0) {
      throw new IllegalArgumentException("cell address must be inprocess:NAME or host:port, got '" + address + "'");
    }
    return Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels.values()) {
      channel.shutdown();
    }
    for (ManagedChannel channel : channels.values()) {
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        channel.shutdownNow();
      }
    }
    channels.clear();
  }
}
