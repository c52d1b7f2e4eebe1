package io.heliosdb.wire.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.DataInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reply buffer is reused only once the channel has let go of it: every reply reaches the peer
 * intact, whether the socket took the bytes at once (buffer reused) or they still wait in the
 * channel (a fresh buffer for the next reply).
 */
class OutboundBufferTest {

  @Test
  void aBufferStillHeldByTheChannelIsNotReused() {
    EmbeddedChannel channel = new EmbeddedChannel(); // keeps written messages until read
    OutboundBuffer out = new OutboundBuffer(channel);
    ByteBuf first = out.buffer();
    first.writeBytes(new byte[] {1, 2, 3});
    out.flush();
    ByteBuf second = out.buffer();
    assertNotSame(first, second);
    second.writeBytes(new byte[] {4, 5});
    out.flush();
    ByteBuf a = channel.readOutbound();
    ByteBuf b = channel.readOutbound();
    assertEquals(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), a);
    assertEquals(Unpooled.wrappedBuffer(new byte[] {4, 5}), b);
    assertEquals(1, a.refCnt(), "the connection gave its reference up");
    a.release();
    b.release();
    out.release();
  }

  @Test
  void repliesWrittenOnTheEventLoopReuseOneBufferAndArriveIntact() throws Exception {
    EventLoopGroup group = new NioEventLoopGroup(1);
    try {
      CompletableFuture<Channel> accepted = new CompletableFuture<>();
      Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              accepted.complete(ch);
            }
          }).bind("127.0.0.1", 0).sync().channel();
      int port = ((InetSocketAddress) server.localAddress()).getPort();
      try (Socket client = new Socket("127.0.0.1", port)) {
        Channel ch = accepted.get(10, TimeUnit.SECONDS);
        OutboundBuffer out = new OutboundBuffer(ch);
        int replies = 200;
        int[] reused = new int[1];
        ch.eventLoop().submit(() -> {
          ByteBuf previous = null;
          for (int i = 0; i < replies; i++) {
            ByteBuf buf = out.buffer();
            if (buf == previous) {
              reused[0]++;
            }
            previous = buf;
            buf.writeInt(i);
            buf.writeBytes(new byte[i % 50]);
            out.flush();
          }
        }).get(10, TimeUnit.SECONDS);
        DataInputStream in = new DataInputStream(client.getInputStream());
        for (int i = 0; i < replies; i++) {
          assertEquals(i, in.readInt());
          byte[] pad = new byte[i % 50];
          in.readFully(pad);
          assertArrayEquals(new byte[i % 50], pad);
        }
        assertTrue(reused[0] > replies / 2, "reused " + reused[0] + " of " + replies);
        ch.eventLoop().submit(out::release).get(10, TimeUnit.SECONDS);
        ch.close().sync();
      }
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void aLargeBufferGoesBackToThePool() {
    EmbeddedChannel channel = new EmbeddedChannel();
    OutboundBuffer out = new OutboundBuffer(channel);
    ByteBuf big = out.buffer();
    big.writeBytes(new byte[OutboundBuffer.REUSED_CAPACITY * 2]);
    out.flush();
    ByteBuf written = channel.readOutbound();
    written.release();
    assertEquals(0, big.refCnt());
    ByteBuf next = out.buffer();
    assertTrue(next.capacity() <= OutboundBuffer.REUSED_CAPACITY);
    assertSame(next, out.buffer());
    out.release();
  }
}
