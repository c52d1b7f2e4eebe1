package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/** Asks the client to authenticate again with another plugin and a (new) scramble. */
public record AuthSwitchRequest(String plugin, byte[] scramble) {
  public AuthSwitchRequest {
    scramble = scramble.clone();
  }

  @Override
  public byte[] scramble() {
    return scramble.clone();
  }

  public void encode(ByteBuf out) {
    out.writeByte(0xFE);
    PayloadWriter.nulTerminated(out, plugin);
    out.writeBytes(scramble);
    out.writeByte(0);
  }
}
