package io.heliosdb.wire.postgres.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits server output into typed frames for assertions. */
public final class BackendFrames {
  /** One backend message: its type and body (without type and length). */
  public record Frame(char type, byte[] body) {
    public ByteBuf buf() {
      return Unpooled.wrappedBuffer(body);
    }

    /** The body's NUL-separated strings (for 'S', 'C', 'E' ... fields). */
    public List<String> strings() {
      List<String> out = new ArrayList<>();
      int start = 0;
      for (int i = 0; i < body.length; i++) {
        if (body[i] == 0) {
          out.add(new String(body, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      return out;
    }

    /** An ErrorResponse/NoticeResponse field by its code letter, or null. */
    public String field(char code) {
      for (String s : strings()) {
        if (!s.isEmpty() && s.charAt(0) == code) {
          return s.substring(1);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return type + strings().toString();
    }
  }

  private BackendFrames() {}

  public static List<Frame> split(ByteBuf in) {
    List<Frame> frames = new ArrayList<>();
    while (in.readableBytes() >= 5) {
      char type = (char) in.readByte();
      int length = in.readInt();
      byte[] body = new byte[length - 4];
      in.readBytes(body);
      frames.add(new Frame(type, body));
    }
    if (in.isReadable()) {
      throw new AssertionError("trailing partial frame of " + in.readableBytes() + " bytes");
    }
    return frames;
  }

  public static String types(List<Frame> frames) {
    StringBuilder s = new StringBuilder();
    frames.forEach(f -> s.append(f.type()));
    return s.toString();
  }
}
