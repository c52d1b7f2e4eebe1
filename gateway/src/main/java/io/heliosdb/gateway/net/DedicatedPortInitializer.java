package io.heliosdb.gateway.net;

import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/** Pipeline of a protocol's own port (5432 for PostgreSQL): that front end, no sniffing. */
public final class DedicatedPortInitializer extends ChannelInitializer<Channel> {
  private final FrontEnd frontEnd;
  private final FrontEndContext context;

  public DedicatedPortInitializer(FrontEnd frontEnd, FrontEndContext context) {
    this.frontEnd = frontEnd;
    this.context = context;
  }

  @Override
  protected void initChannel(Channel channel) {
    // The front end negotiates TLS itself here (e.g. PostgreSQL's SSLRequest).
    frontEnd.install(channel.pipeline(), context, false);
  }
}
