package io.heliosdb.wire.mysql.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Turns frames into {@link Packet}s, joining continuation frames (length 0xFFFFFF). A logical
 * packet above {@code maxPacket} bytes becomes one {@link PacketTooLarge} and the decoder then
 * discards all further input: the connection is about to be closed with an ERR packet.
 */
public final class MySqlPacketDecoder extends ByteToMessageDecoder {
  /** A frame of this length continues in the next frame. */
  public static final int MAX_FRAME = 0xFFFFFF;
  /** Default limit: MySQL 8.0's max_allowed_packet (64 MiB). */
  public static final int DEFAULT_MAX_PACKET = 64 * 1024 * 1024;

  private final int maxPacket;
  private ByteArrayOutputStream partial;
  private int partialSequence;
  private boolean failed;

  public MySqlPacketDecoder() {
    this(DEFAULT_MAX_PACKET);
  }

  public MySqlPacketDecoder(int maxPacket) {
    this.maxPacket = maxPacket;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.readableBytes() >= 4) {
      int length = in.getUnsignedMediumLE(in.readerIndex());
      int sequence = in.getUnsignedByte(in.readerIndex() + 3);
      long total = (partial == null ? 0 : partial.size()) + (long) length;
      if (total > maxPacket) {
        failed = true;
        out.add(new PacketTooLarge(partial == null ? sequence : partialSequence, total));
        break;
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      byte[] bytes = new byte[length];
      in.readBytes(bytes);
      if (length == MAX_FRAME || partial != null) {
        if (partial == null) {
          partial = new ByteArrayOutputStream(length * 2);
          partialSequence = sequence;
        }
        partial.writeBytes(bytes);
        if (length == MAX_FRAME) {
          continue;
        }
        out.add(new Packet(partialSequence, partial.toByteArray()));
        partial = null;
      } else {
        out.add(new Packet(sequence, bytes));
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
  }
}
