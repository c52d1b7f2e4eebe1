package io.heliosdb.wire.mysql.testing;

import io.heliosdb.wire.mysql.MySqlFrontEnd;
import io.heliosdb.wire.mysql.packet.HandshakeResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** Drives a MySQL front end installed in an EmbeddedChannel: sends frames, reads answered packets. */
public final class MySqlTestClient {
  public final EmbeddedChannel channel = new EmbeddedChannel();
  public final FakeSessions sessions;

  public MySqlTestClient(MySqlFrontEnd frontEnd, FakeSessions sessions) {
    this.sessions = sessions;
    frontEnd.install(channel.pipeline(), sessions.context(), false);
    channel.pipeline().fireChannelActive();
  }

  /** Sends one packet (payload framed with {@code sequenceId}). */
  public void send(int sequenceId, byte[] payload) {
    ByteBuf frame = Unpooled.buffer();
    frame.writeMediumLE(payload.length).writeByte(sequenceId).writeBytes(payload);
    channel.writeInbound(frame);
  }

  public void send(int sequenceId, HandshakeResponse response) {
    ByteBuf payload = Unpooled.buffer();
    response.encode(payload);
    send(sequenceId, ByteBufUtil.getBytes(payload));
  }

  /** Every packet the server wrote since the last call, as (sequence id, payload) pairs. */
  public List<Frame> read() {
    ByteBuf all = Unpooled.buffer();
    for (Object o; (o = channel.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      all.writeBytes(b);
      b.release();
    }
    List<Frame> frames = new ArrayList<>();
    while (all.readableBytes() >= 4) {
      int length = all.readUnsignedMediumLE();
      int seq = all.readUnsignedByte();
      byte[] payload = new byte[length];
      all.readBytes(payload);
      frames.add(new Frame(seq, payload));
    }
    return frames;
  }

  /** One packet as the server framed it. */
  public record Frame(int sequenceId, byte[] payload) {
    public int header() {
      return payload.length == 0 ? -1 : payload[0] & 0xFF;
    }
  }
}
