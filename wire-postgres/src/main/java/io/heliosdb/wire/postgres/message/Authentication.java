package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * 'R': an authentication request or result. Only the variants HeliosDB uses: Ok (0), SASL (10,
 * mechanism list), SASLContinue (11) and SASLFinal (12).
 */
public record Authentication(int code, byte[] data) implements BackendMessage {
  public static final int OK = 0;
  public static final int SASL = 10;
  public static final int SASL_CONTINUE = 11;
  public static final int SASL_FINAL = 12;

  public static Authentication ok() {
    return new Authentication(OK, new byte[0]);
  }

  /** AuthenticationSASL: the mechanisms, each NUL-terminated, then an empty name. */
  public static Authentication sasl(List<String> mechanisms) {
    StringBuilder list = new StringBuilder();
    for (String m : mechanisms) {
      list.append(m).append('\0');
    }
    list.append('\0');
    return new Authentication(SASL, list.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static Authentication saslContinue(String serverFirst) {
    return new Authentication(SASL_CONTINUE, serverFirst.getBytes(StandardCharsets.UTF_8));
  }

  public static Authentication saslFinal(String serverFinal) {
    return new Authentication(SASL_FINAL, serverFinal.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'R');
    out.writeInt(code);
    out.writeBytes(data);
    Buffers.endFrame(out, at);
  }
}
