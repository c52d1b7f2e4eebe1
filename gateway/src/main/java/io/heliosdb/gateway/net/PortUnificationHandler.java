package io.heliosdb.gateway.net;

import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.SniffResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which protocol a front-door connection speaks, then rewires the pipeline and removes
 * itself. Order of decisions: a TLS ClientHello is terminated first (and the decrypted bytes are
 * sniffed again by a fresh instance); otherwise each front end sniffs the buffered bytes (never
 * consuming them); a client that sends nothing within the silence timeout gets the front end whose
 * server speaks first. Bytes read so far are re-fired into the chosen front end's handlers.
 *
 * <p>The chosen front end's handlers also receive channelActive, so they see the same events as on
 * a dedicated port, where they are installed before the channel becomes active.
 */
public final class PortUnificationHandler extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(PortUnificationHandler.class);

  /** TLS record header: content type (1), version (2), length (2). */
  private static final int TLS_RECORD_HEADER = 5;
  private static final int TLS_HANDSHAKE = 0x16;
  private static final int TLS_MAJOR_VERSION = 0x03;

  private final FrontEndRegistry registry;
  private final FrontEndContext context;
  private final SslContext serverTls;
  private final boolean tlsActive;
  private final Duration silenceTimeout;
  private ScheduledFuture<?> silenceTimer;
  private boolean decided;

  /**
   * @param serverTls terminates TLS on the front door, or null to refuse TLS ClientHellos there
   * @param tlsActive true for the instance that sniffs decrypted bytes behind an SslHandler
   */
  public PortUnificationHandler(FrontEndRegistry registry, FrontEndContext context, SslContext serverTls,
      boolean tlsActive, Duration silenceTimeout) {
    this.registry = registry;
    this.context = context;
    this.serverTls = serverTls;
    this.tlsActive = tlsActive;
    this.silenceTimeout = silenceTimeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    // Only the plaintext instance waits for silence: behind TLS the handshake itself takes time.
    if (!tlsActive && registry.serverSpeaksFirst().isPresent()) {
      silenceTimer = ctx.executor().schedule(() -> onSilence(ctx), silenceTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (decided || !in.isReadable()) {
      return;
    }
    cancelSilenceTimer();
    if (!tlsActive && serverTls != null && in.getUnsignedByte(in.readerIndex()) == TLS_HANDSHAKE) {
      if (in.readableBytes() < TLS_RECORD_HEADER) {
        return;
      }
      if (in.getUnsignedByte(in.readerIndex() + 1) == TLS_MAJOR_VERSION) {
        switchToTls(ctx);
        return;
      }
    }
    boolean needMore = false;
    for (FrontEnd frontEnd : registry.frontEnds()) {
      // A duplicate keeps the cumulation's indexes intact whatever the front end does.
      SniffResult verdict = frontEnd.sniff(in.duplicate());
      if (verdict == SniffResult.MATCH) {
        handOver(ctx, frontEnd);
        return;
      }
      needMore |= verdict == SniffResult.NEED_MORE;
    }
    if (!needMore) {
      LOG.debug("No front end recognises the first {} bytes from {}; closing", in.readableBytes(),
          ctx.channel().remoteAddress());
      decided = true;
      in.skipBytes(in.readableBytes());
      ctx.close();
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    cancelSilenceTimer();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelSilenceTimer();
    super.channelInactive(ctx);
  }

  private void onSilence(ChannelHandlerContext ctx) {
    silenceTimer = null;
    if (decided || ctx.isRemoved() || !ctx.channel().isActive() || actualReadableBytes() > 0) {
      return;
    }
    registry.serverSpeaksFirst().ifPresent(frontEnd -> handOver(ctx, frontEnd));
  }

  private void switchToTls(ChannelHandlerContext ctx) {
    decided = true;
    ctx.pipeline().addAfter(ctx.name(), "tls", serverTls.newHandler(ctx.alloc()));
    ctx.pipeline().addAfter("tls", "sniff-tls",
        new PortUnificationHandler(registry, context, serverTls, true, silenceTimeout));
    // Removing this decoder re-fires the buffered ClientHello into the SslHandler.
    ctx.pipeline().remove(this);
  }

  private void handOver(ChannelHandlerContext ctx, FrontEnd frontEnd) {
    decided = true;
    LOG.debug("Connection from {} speaks {}{}", ctx.channel().remoteAddress(), frontEnd.name(),
        tlsActive ? " over TLS" : "");
    frontEnd.install(ctx.pipeline(), context, tlsActive);
    ctx.fireChannelActive();
    ctx.pipeline().remove(this);
  }

  private void cancelSilenceTimer() {
    if (silenceTimer != null) {
      silenceTimer.cancel(false);
      silenceTimer = null;
    }
  }
}
