package io.heliosdb.gateway.net;

import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.SniffResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test-only front ends: one that sniffs like PostgreSQL, one whose server speaks first. */
public final class TestFrontEnds {
  static final int PG_PROTOCOL_3 = 196_608;
  static final int PG_SSL_REQUEST = 80_877_103;

  private TestFrontEnds() {}

  /** PostgreSQL startup bytes: length, protocol 3.0, user=test, terminator. */
  public static ByteBuf postgresStartup() {
    byte[] params = "user\0test\0\0".getBytes(StandardCharsets.US_ASCII);
    ByteBuf buf = Unpooled.buffer();
    buf.writeInt(8 + params.length).writeInt(PG_PROTOCOL_3).writeBytes(params);
    return buf;
  }

  /** Records what the gateway handed over: the TLS flag, whether channelActive arrived, and the bytes. */
  static final class RecordingFrontEnd implements FrontEnd {
    final String name;
    final boolean speaksFirst;
    final List<Boolean> installs = new ArrayList<>();
    final ByteBuf received = Unpooled.buffer();
    int activeEvents;

    RecordingFrontEnd(String name, boolean speaksFirst) {
      this.name = name;
      this.speaksFirst = speaksFirst;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int defaultPort() {
      return 1;
    }

    @Override
    public boolean serverSpeaksFirst() {
      return speaksFirst;
    }

    /** Matches a v3 startup message or SSLRequest, like the PostgreSQL front end; never matches when speaksFirst. */
    @Override
    public SniffResult sniff(ByteBuf firstBytes) {
      if (speaksFirst) {
        return SniffResult.NO_MATCH;
      }
      if (firstBytes.readableBytes() < 8) {
        return SniffResult.NEED_MORE;
      }
      int code = firstBytes.getInt(firstBytes.readerIndex() + 4);
      return code == PG_PROTOCOL_3 || code == PG_SSL_REQUEST ? SniffResult.MATCH : SniffResult.NO_MATCH;
    }

    @Override
    public void install(ChannelPipeline pipeline, FrontEndContext context, boolean tlsAlreadyActive) {
      installs.add(tlsAlreadyActive);
      pipeline.addLast(name, new ChannelInboundHandlerAdapter() {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
          activeEvents++;
          if (speaksFirst) {
            ctx.writeAndFlush(Unpooled.copiedBuffer("HELLO", StandardCharsets.US_ASCII));
          }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ByteBuf bytes = (ByteBuf) msg;
          received.writeBytes(bytes);
          bytes.release();
        }
      });
    }
  }
}
