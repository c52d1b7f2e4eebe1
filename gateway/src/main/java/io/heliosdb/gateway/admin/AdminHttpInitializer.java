package io.heliosdb.gateway.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;

/**
 * Pipeline of an admin connection: TLS when the client starts with a TLS handshake (HTTPS on the
 * same port, so a plain-HTTP Prometheus scraper and an HTTPS client can share it), then the HTTP/1.1
 * codec, request aggregation and the admin handler.
 */
public final class AdminHttpInitializer extends ChannelInitializer<Channel> {
  /** Admin requests carry no body worth keeping. */
  private static final int MAX_REQUEST_BYTES = 64 * 1024;

  private final AdminHttpHandler handler;
  private final SslContext tls;

  /** @param tls the server's TLS context, or null for plain HTTP only */
  public AdminHttpInitializer(AdminHttpHandler handler, SslContext tls) {
    this.handler = handler;
    this.tls = tls;
  }

  @Override
  protected void initChannel(Channel channel) {
    if (tls != null) {
      channel.pipeline().addLast("tls", new OptionalSslHandler(tls));
    }
    channel.pipeline()
        .addLast("http", new HttpServerCodec())
        .addLast("aggregate", new HttpObjectAggregator(MAX_REQUEST_BYTES))
        .addLast("admin", handler);
  }
}
