package io.heliosdb.wire.postgres.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.postgres.message.CancelRequest;
import io.heliosdb.wire.postgres.message.EncryptionRequest;
import io.heliosdb.wire.postgres.message.EncryptionResponse;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import io.heliosdb.wire.postgres.message.MalformedInput;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

/**
 * The thin Netty handler: answers SSLRequest/GSSENCRequest and CancelRequest on the event loop
 * (they need no session) and hands every other message to the connection's serial queue.
 */
public final class PgFrontendHandler extends ChannelInboundHandlerAdapter {
  private final FrontEndContext context;
  private final CancelRegistry cancels;
  private boolean tlsActive;
  private PostgresConnection connection;

  public PgFrontendHandler(FrontEndContext context, CancelRegistry cancels, boolean tlsAlreadyActive) {
    this.context = context;
    this.cancels = cancels;
    this.tlsActive = tlsAlreadyActive;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection = new PostgresConnection(ctx.channel(), context, cancels);
    context.metrics().connectionOpened(PostgresConnection.PROTOCOL);
    ctx.channel().closeFuture().addListener(f -> {
      connection.channelClosed();
      context.metrics().connectionClosed(PostgresConnection.PROTOCOL);
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof EncryptionRequest request) {
      answerEncryption(ctx, request);
    } else if (msg instanceof CancelRequest cancel) {
      // Inline: a cancel only sets flags, and must not queue behind the statements it is meant to stop.
      cancels.cancel(cancel.processId(), cancel.secretKey());
      ctx.close();
    } else if (msg instanceof FrontendMessage message) {
      connection.receive(message);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void answerEncryption(ChannelHandlerContext ctx, EncryptionRequest request) {
    SslContext tls = context.serverTls();
    boolean accept = request == EncryptionRequest.SSL && tls != null && !tlsActive;
    ByteBuf answer = ctx.alloc().buffer(1);
    (accept ? EncryptionResponse.ACCEPTED : EncryptionResponse.REFUSED).encode(answer);
    // The 'S' goes out in clear text before the SslHandler sits in front of everything.
    ctx.writeAndFlush(answer);
    if (accept) {
      ctx.pipeline().addFirst("pg-tls", tls.newHandler(ctx.alloc()));
      tlsActive = true;
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Never let an exception escape to the event loop: answer as the protocol would, then close.
    if (ctx.channel().isActive()) {
      connection.receive(new MalformedInput(ErrorCode.PROTOCOL_VIOLATION.sqlState(),
          "connection failed: " + cause.getClass().getSimpleName()));
    }
  }
}
