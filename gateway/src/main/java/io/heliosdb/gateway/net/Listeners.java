package io.heliosdb.gateway.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's listening sockets and the connections they accepted. Shutdown happens in two steps
 * so statements in flight can finish: {@link #stopAccepting()} first, {@link #close} later.
 */
public final class Listeners implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final Transport transport;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final ChannelGroup accepted = new DefaultChannelGroup("accepted", GlobalEventExecutor.INSTANCE);
  private final Map<String, Channel> bound = new LinkedHashMap<>();
  private final List<String> configured = new ArrayList<>();

  public Listeners(Transport transport, int workerThreads) {
    this.transport = transport;
    this.boss = transport.newEventLoopGroup(1, "heliosdb-accept");
    this.workers = transport.newEventLoopGroup(workerThreads, "heliosdb-io");
  }

  /** Binds every enabled listener; throws when a port cannot be bound. */
  public synchronized void bind(String host, List<ListenerSpec> specs) throws InterruptedException {
    for (ListenerSpec spec : specs) {
      if (!spec.enabled()) {
        continue;
      }
      configured.add(spec.name());
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(boss, workers)
          .channel(transport.serverChannelClass())
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.SO_KEEPALIVE, true)
          .childHandler(tracked(spec.initializer()));
      Channel channel = bootstrap.bind(host, spec.port()).sync().channel();
      bound.put(spec.name(), channel);
      LOG.info("Listening for {} on {} ({})", spec.name(), channel.localAddress(), transport);
    }
  }

  /** The bound address of a listener, or null when it is off or not bound. */
  public synchronized InetSocketAddress address(String name) {
    Channel channel = bound.get(name);
    return channel == null ? null : (InetSocketAddress) channel.localAddress();
  }

  /** Configured listeners that are not bound and open; empty when all are up. */
  public synchronized List<String> notBound() {
    return configured.stream().filter(n -> bound.get(n) == null || !bound.get(n).isActive()).toList();
  }

  public int openConnections() {
    return accepted.size();
  }

  /** Closes the listening sockets; accepted connections stay open. */
  public synchronized void stopAccepting() {
    for (Channel channel : bound.values()) {
      channel.close().syncUninterruptibly();
    }
  }

  /** Closes every accepted connection and the event loops, waiting up to the timeout. */
  public void close(Duration timeout) {
    stopAccepting();
    accepted.close().awaitUninterruptibly(timeout.toMillis(), TimeUnit.MILLISECONDS);
    boss.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS).syncUninterruptibly();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private ChannelInitializer<Channel> tracked(ChannelInitializer<Channel> initializer) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        accepted.add(channel);
        channel.pipeline().addLast(initializer);
      }
    };
  }
}
