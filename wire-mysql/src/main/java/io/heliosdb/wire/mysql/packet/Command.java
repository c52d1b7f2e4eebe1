package io.heliosdb.wire.mysql.packet;

import java.nio.charset.StandardCharsets;

/**
 * A command packet from a client after authentication: the command byte and its argument.
 *
 * @param code the COM_* byte
 * @param argument everything after it (the SQL text of COM_QUERY, the schema of COM_INIT_DB ...)
 */
public record Command(int code, byte[] argument) {
  public static final int COM_QUIT = 0x01;
  public static final int COM_INIT_DB = 0x02;
  public static final int COM_QUERY = 0x03;
  public static final int COM_FIELD_LIST = 0x04;
  public static final int COM_STATISTICS = 0x09;
  public static final int COM_PING = 0x0e;
  public static final int COM_STMT_PREPARE = 0x16;
  public static final int COM_STMT_EXECUTE = 0x17;
  public static final int COM_STMT_SEND_LONG_DATA = 0x18;
  public static final int COM_STMT_CLOSE = 0x19;
  public static final int COM_STMT_RESET = 0x1a;
  public static final int COM_SET_OPTION = 0x1b;
  public static final int COM_RESET_CONNECTION = 0x1f;

  /** COM_SET_OPTION's two values. */
  public static final int MULTI_STATEMENTS_ON = 0;
  public static final int MULTI_STATEMENTS_OFF = 1;

  public Command {
    argument = argument.clone();
  }

  @Override
  public byte[] argument() {
    return argument.clone();
  }

  public static Command decode(byte[] payload) {
    if (payload.length == 0) {
      throw new MalformedPacket("empty command packet");
    }
    byte[] arg = new byte[payload.length - 1];
    System.arraycopy(payload, 1, arg, 0, arg.length);
    return new Command(payload[0] & 0xFF, arg);
  }

  /** The SQL text of a COM_QUERY payload (command byte first), decoded without copying the argument. */
  public static String queryText(byte[] payload) {
    return new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
  }

  /** The argument as UTF-8 text (COM_QUERY, COM_INIT_DB). */
  public String text() {
    return new String(argument, StandardCharsets.UTF_8);
  }

  /** COM_SET_OPTION's 2-byte option. */
  public int option() {
    return new PayloadReader(argument).u16();
  }
}
