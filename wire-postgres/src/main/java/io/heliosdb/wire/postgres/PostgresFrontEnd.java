package io.heliosdb.wire.postgres;

import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.SniffResult;
import io.heliosdb.wire.postgres.codec.PgFrameDecoder;
import io.heliosdb.wire.postgres.message.CancelRequest;
import io.heliosdb.wire.postgres.message.EncryptionRequest;
import io.heliosdb.wire.postgres.session.CancelRegistry;
import io.heliosdb.wire.postgres.session.PgFrontendHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;

/** The PostgreSQL front end (registered for ServiceLoader). Its cancel keys span all its connections. */
public final class PostgresFrontEnd implements FrontEnd {
  private final CancelRegistry cancels = new CancelRegistry();

  public PostgresFrontEnd() {}

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public int defaultPort() {
    return 5432;
  }

  /**
   * Matches an SSLRequest, GSSENCRequest, CancelRequest or a StartupMessage of protocol 3.x (a
   * newer minor is negotiated down to 3.0); the first 8 bytes decide.
   */
  @Override
  public SniffResult sniff(ByteBuf firstBytes) {
    if (firstBytes.readableBytes() < 8) {
      return SniffResult.NEED_MORE;
    }
    int length = firstBytes.getInt(firstBytes.readerIndex());
    int code = firstBytes.getInt(firstBytes.readerIndex() + 4);
    if (length == 8 && EncryptionRequest.of(code) != null) {
      return SniffResult.MATCH;
    }
    if (length == 16 && code == CancelRequest.CODE) {
      return SniffResult.MATCH;
    }
    if (code >>> 16 == 3 && length > 8 && length <= PgFrameDecoder.MAX_STARTUP_LENGTH) {
      return SniffResult.MATCH;
    }
    return SniffResult.NO_MATCH;
  }

  @Override
  public void install(ChannelPipeline pipeline, FrontEndContext context, boolean tlsAlreadyActive) {
    pipeline.addLast("pg-decoder", new PgFrameDecoder());
    pipeline.addLast("pg-handler", new PgFrontendHandler(context, cancels, tlsAlreadyActive));
  }

  /** Cancel keys of this front end's live sessions. */
  public CancelRegistry cancelRegistry() {
    return cancels;
  }
}
