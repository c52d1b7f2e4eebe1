package io.heliosdb.wire.mysql.session;

import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.mysql.auth.RsaKeys;
import io.heliosdb.wire.mysql.auth.Sha2Cache;
import io.heliosdb.wire.mysql.codec.Packet;
import io.heliosdb.wire.mysql.codec.PacketTooLarge;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The thin Netty handler: greets on connect and queues every packet to the connection (the SSL
 * request never gets here: {@code SslRequestHandler} turns it into TLS in front of the decoder).
 */
public final class MySqlFrontendHandler extends ChannelInboundHandlerAdapter {
  private final FrontEndContext context;
  private final RsaKeys rsa;
  private final Sha2Cache sha2Cache;
  private final long connectionId;
  private final boolean tlsAlreadyActive;
  private MySqlConnection connection;
  private boolean greeted;

  public MySqlFrontendHandler(FrontEndContext context, RsaKeys rsa, Sha2Cache sha2Cache, long connectionId,
      boolean tlsAlreadyActive) {
    this.context = context;
    this.rsa = rsa;
    this.sha2Cache = sha2Cache;
    this.connectionId = connectionId;
    this.tlsAlreadyActive = tlsAlreadyActive;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    connection = new MySqlConnection(ctx.channel(), context, rsa, sha2Cache, connectionId, tlsAlreadyActive);
    context.metrics().connectionOpened(MySqlConnection.PROTOCOL);
    ctx.channel().closeFuture().addListener(f -> {
      connection.channelClosed();
      context.metrics().connectionClosed(MySqlConnection.PROTOCOL);
    });
    greetOnce(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    greetOnce(ctx);
    ctx.fireChannelActive();
  }

  /** Installed on an active channel (front door) or before it is active (dedicated port): greet exactly once. */
  private void greetOnce(ChannelHandlerContext ctx) {
    if (!greeted && ctx.channel().isActive() && ctx.channel().isRegistered()) {
      greeted = true;
      connection.greet();
    }
  }

  /** The SSL request was consumed and TLS installed (called on the event loop). */
  public void tlsStarted() {
    connection.tlsStarted();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Packet packet) {
      connection.receive(packet);
    } else if (msg instanceof PacketTooLarge tooLarge) {
      connection.packetTooLarge(tooLarge.sequenceId());
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.writabilityChanged();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel().isActive()) {
      connection.failed(cause);
    }
  }
}
