package io.heliosdb.wire.mysql.packet;

/** SERVER_STATUS_* bits of OK and EOF packets. */
public final class StatusFlags {
  public static final int IN_TRANS = 1;
  public static final int AUTOCOMMIT = 1 << 1;
  public static final int MORE_RESULTS_EXISTS = 1 << 3;

  private StatusFlags() {}
}
