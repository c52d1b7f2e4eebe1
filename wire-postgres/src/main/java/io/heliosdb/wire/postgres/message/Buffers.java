package io.heliosdb.wire.postgres.message;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Reading and writing the protocol's primitive fields (C strings, length-prefixed frames). */
public final class Buffers {
  private Buffers() {}

  /** Reads a NUL-terminated UTF-8 string; a missing terminator is a protocol violation. */
  public static String readCString(ByteBuf in) {
    int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
    if (end < 0) {
      throw malformed("unterminated string in message");
    }
    if (end == in.readerIndex()) {
      in.readerIndex(end + 1);
      return ""; // the unnamed statement and portal, in most Bind and Execute messages
    }
    String s = in.toString(in.readerIndex(), end - in.readerIndex(), StandardCharsets.UTF_8);
    in.readerIndex(end + 1);
    return s;
  }

  public static void writeCString(ByteBuf out, String s) {
    out.writeCharSequence(s, StandardCharsets.UTF_8);
    out.writeByte(0);
  }

  /** Reads {@code n} bytes, failing cleanly when fewer remain. */
  public static byte[] readBytes(ByteBuf in, int n) {
    if (n < 0 || n > in.readableBytes()) {
      throw malformed("insufficient data left in message");
    }
    byte[] b = new byte[n];
    in.readBytes(b);
    return b;
  }

  public static int readInt(ByteBuf in) {
    need(in, 4);
    return in.readInt();
  }

  public static short readShort(ByteBuf in) {
    need(in, 2);
    return in.readShort();
  }

  public static byte readByte(ByteBuf in) {
    need(in, 1);
    return in.readByte();
  }

  /** Starts a typed frame; returns the index of its length field for {@link #endFrame}. */
  public static int beginFrame(ByteBuf out, char type) {
    out.writeByte(type);
    int at = out.writerIndex();
    out.writeInt(0);
    return at;
  }

  /** Patches the length field (which counts itself but not the type byte). */
  public static void endFrame(ByteBuf out, int lengthAt) {
    out.setInt(lengthAt, out.writerIndex() - lengthAt);
  }

  public static HeliosException malformed(String why) {
    return new HeliosException(ErrorCode.PROTOCOL_VIOLATION, why);
  }

  private static void need(ByteBuf in, int n) {
    if (in.readableBytes() < n) {
      throw malformed("insufficient data left in message");
    }
  }
}
