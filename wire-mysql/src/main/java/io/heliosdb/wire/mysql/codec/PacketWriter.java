package io.heliosdb.wire.mysql.codec;

import io.netty.buffer.ByteBuf;

/**
 * Frames payloads into a buffer with consecutive sequence ids, splitting payloads of 16 MiB - 1
 * or more into continuation frames (and an empty final frame when the size is an exact multiple).
 */
public final class PacketWriter {
  private PacketWriter() {}

  /**
   * Writes {@code payload}'s readable bytes as one logical packet.
   *
   * @return the next sequence id to use
   */
  public static int write(ByteBuf out, int sequenceId, ByteBuf payload) {
    int seq = sequenceId;
    while (true) {
      int chunk = Math.min(payload.readableBytes(), MySqlPacketDecoder.MAX_FRAME);
      out.writeMediumLE(chunk);
      out.writeByte(seq & 0xFF);
      out.writeBytes(payload, chunk);
      seq = (seq + 1) & 0xFF;
      if (chunk < MySqlPacketDecoder.MAX_FRAME) {
        return seq;
      }
    }
  }
}
