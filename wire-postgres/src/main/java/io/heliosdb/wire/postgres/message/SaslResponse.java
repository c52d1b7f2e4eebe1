package io.heliosdb.wire.postgres.message;

import java.nio.charset.StandardCharsets;

/** A later SASL message: the mechanism's data (for SCRAM, the client-final message). */
public record SaslResponse(String data) {
  public static SaslResponse decode(PasswordMessage message) {
    return new SaslResponse(new String(message.body(), StandardCharsets.UTF_8));
  }

  public PasswordMessage toMessage() {
    return new PasswordMessage(data.getBytes(StandardCharsets.UTF_8));
  }
}
