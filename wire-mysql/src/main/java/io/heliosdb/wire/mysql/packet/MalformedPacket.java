package io.heliosdb.wire.mysql.packet;

/** A payload that does not parse as the packet it should be; the connection answers ERR 1047/08S01. */
public final class MalformedPacket extends RuntimeException {
  public MalformedPacket(String message) {
    super(message, null, false, false);
  }
}
