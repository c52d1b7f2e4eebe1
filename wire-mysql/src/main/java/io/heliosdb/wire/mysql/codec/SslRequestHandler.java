package io.heliosdb.wire.mysql.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.util.List;

/**
 * Sits in front of the packet decoder until the client's first packet: if it is an SSL request
 * (a 32-byte handshake response with CLIENT_SSL), it is consumed and this handler is replaced by
 * TLS, so the ClientHello that follows at once (MySQL does not answer the SSL request) is
 * decrypted, not taken for a packet. Any other first packet removes this handler untouched.
 */
public final class SslRequestHandler extends ByteToMessageDecoder {
  private static final int SSL_REQUEST_LENGTH = 32;
  private static final int CLIENT_SSL = 1 << 11;

  private final SslContext tls;
  private final Runnable onTlsStarted;

  public SslRequestHandler(SslContext tls, Runnable onTlsStarted) {
    this.tls = tls;
    this.onTlsStarted = onTlsStarted;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 8) {
      return;
    }
    int length = in.getUnsignedMediumLE(in.readerIndex());
    int capabilities = in.getIntLE(in.readerIndex() + 4);
    if (length == SSL_REQUEST_LENGTH && (capabilities & CLIENT_SSL) != 0) {
      if (in.readableBytes() < 4 + SSL_REQUEST_LENGTH) {
        return;
      }
      in.skipBytes(4 + SSL_REQUEST_LENGTH);
      onTlsStarted.run();
      // bytes already read (the ClientHello) are handed to the TLS handler that takes this place
      ctx.pipeline().replace(this, "mysql-tls", tls.newHandler(ctx.alloc()));
    } else {
      ctx.pipeline().remove(this);
    }
  }
}
