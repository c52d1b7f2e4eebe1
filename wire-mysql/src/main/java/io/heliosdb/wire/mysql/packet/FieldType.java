package io.heliosdb.wire.mysql.packet;

/** MYSQL_TYPE_* codes of column definitions and binary-protocol parameters, and the column flags. */
public final class FieldType {
  public static final int DECIMAL = 0;
  public static final int TINY = 1;
  public static final int SHORT = 2;
  public static final int LONG = 3;
  public static final int FLOAT = 4;
  public static final int DOUBLE = 5;
  public static final int NULL = 6;
  public static final int TIMESTAMP = 7;
  public static final int LONGLONG = 8;
  public static final int INT24 = 9;
  public static final int DATE = 10;
  public static final int TIME = 11;
  public static final int DATETIME = 12;
  public static final int YEAR = 13;
  public static final int VARCHAR = 15;
  public static final int BIT = 16;
  public static final int JSON = 245;
  public static final int NEWDECIMAL = 246;
  public static final int ENUM = 247;
  public static final int SET = 248;
  public static final int TINY_BLOB = 249;
  public static final int MEDIUM_BLOB = 250;
  public static final int LONG_BLOB = 251;
  public static final int BLOB = 252;
  public static final int VAR_STRING = 253;
  public static final int STRING = 254;
  public static final int GEOMETRY = 255;

  /** The unsigned flag in the high byte of a parameter's 2-byte type. */
  public static final int PARAM_UNSIGNED = 0x8000;

  private FieldType() {}

  /** Whether values of {@code type} travel as length-encoded bytes in the binary protocol. */
  public static boolean isLengthEncoded(int type) {
    return switch (type) {
      case DECIMAL, NEWDECIMAL, VARCHAR, BIT, JSON, ENUM, SET, TINY_BLOB, MEDIUM_BLOB, LONG_BLOB, BLOB, VAR_STRING,
          STRING, GEOMETRY -> true;
      default -> false;
    };
  }

  /** Whether {@code type} is a known binary-protocol parameter type. */
  public static boolean isKnown(int type) {
    return isLengthEncoded(type) || (type >= TINY && type <= YEAR);
  }
}
