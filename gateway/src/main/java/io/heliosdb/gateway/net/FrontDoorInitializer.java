package io.heliosdb.gateway.net;

import io.heliosdb.wire.core.FrontEndContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;

/** Pipeline of a front-door connection: only the sniffer, which installs the real handlers later. */
public final class FrontDoorInitializer extends ChannelInitializer<Channel> {
  private final FrontEndRegistry registry;
  private final FrontEndContext context;
  private final SslContext serverTls;
  private final Duration silenceTimeout;

  public FrontDoorInitializer(FrontEndRegistry registry, FrontEndContext context, SslContext serverTls,
      Duration silenceTimeout) {
    this.registry = registry;
    this.context = context;
    this.serverTls = serverTls;
    this.silenceTimeout = silenceTimeout;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel.pipeline().addLast("sniff",
        new PortUnificationHandler(registry, context, serverTls, false, silenceTimeout));
  }
}
