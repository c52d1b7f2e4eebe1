package io.heliosdb.storage.engine;

import java.util.Arrays;

/**
 * The value of one version in the rows column family: a kind byte, then (for a PUT) the row codec
 * bytes of all table columns. A TOMBSTONE hides every older version of its key.
 */
public final class RowVersion {
  public static final byte PUT = 1;
  public static final byte TOMBSTONE = 2;

  private static final byte[] TOMBSTONE_VALUE = {TOMBSTONE};

  private RowVersion() {}

  public static byte[] put(byte[] rowBytes) {
    byte[] out = new byte[rowBytes.length + 1];
    out[0] = PUT;
    System.arraycopy(rowBytes, 0, out, 1, rowBytes.length);
    return out;
  }

  public static byte[] tombstone() {
    return TOMBSTONE_VALUE.clone();
  }

  public static boolean isLive(byte[] value) {
    if (value.length == 0) {
      throw new IllegalStateException("empty row version value");
    }
    return switch (value[0]) {
      case PUT -> true;
      case TOMBSTONE -> false;
      default -> throw new IllegalStateException("unknown row version kind " + value[0]);
    };
  }

  /** The row codec bytes of a PUT version. */
  public static byte[] rowBytes(byte[] value) {
    return Arrays.copyOfRange(value, 1, value.length);
  }
}
