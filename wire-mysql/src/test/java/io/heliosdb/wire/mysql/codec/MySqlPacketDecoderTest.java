package io.heliosdb.wire.mysql.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class MySqlPacketDecoderTest {
  @Test
  void framesArriveInPiecesAndAsOne() {
    EmbeddedChannel ch = new EmbeddedChannel(new MySqlPacketDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {3, 0}));
    assertNull(ch.readInbound());
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 5, 'a', 'b'}));
    assertNull(ch.readInbound());
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'c', 1, 0, 0, 6, 'z'}));
    Packet first = ch.readInbound();
    assertEquals(5, first.sequenceId());
    assertArrayEquals(new byte[] {'a', 'b', 'c'}, first.payload());
    Packet second = ch.readInbound();
    assertArrayEquals(new byte[] {'z'}, second.payload());
  }

  @Test
  void continuationFramesAreJoined() {
    EmbeddedChannel ch = new EmbeddedChannel(new MySqlPacketDecoder());
    ByteBuf in = Unpooled.buffer();
    in.writeMediumLE(MySqlPacketDecoder.MAX_FRAME).writeByte(0).writeZero(MySqlPacketDecoder.MAX_FRAME);
    in.writeMediumLE(2).writeByte(1).writeByte(7).writeByte(8);
    ch.writeInbound(in);
    Packet p = ch.readInbound();
    assertEquals(0, p.sequenceId());
    assertEquals(MySqlPacketDecoder.MAX_FRAME + 2, p.payload().length);
    assertEquals(8, p.payload()[p.payload().length - 1]);
  }

  @Test
  void oversizedPacketIsReportedOnceAndTheRestDiscarded() {
    EmbeddedChannel ch = new EmbeddedChannel(new MySqlPacketDecoder(10));
    ByteBuf in = Unpooled.buffer();
    in.writeMediumLE(11).writeByte(0).writeZero(11).writeMediumLE(1).writeByte(1).writeByte(1);
    ch.writeInbound(in);
    PacketTooLarge tooLarge = assertInstanceOf(PacketTooLarge.class, ch.readInbound());
    assertEquals(11, tooLarge.length());
    assertNull(ch.readInbound());
  }
}
