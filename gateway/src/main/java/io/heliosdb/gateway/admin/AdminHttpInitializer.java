package io.heliosdb.gateway.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** Pipeline of an admin connection: HTTP/1.1 codec, request aggregation, the admin handler. */
public final class AdminHttpInitializer extends ChannelInitializer<Channel> {
  /** Admin requests carry no body worth keeping. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final AdminHttpHandler handler;

  public AdminHttpInitializer(AdminHttpHandler handler) {
    this.handler = handler;
  }

  @Override
  protected void initChannel(Channel channel) {
    channel.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
        .addLast("admin", handler);
  }
}
