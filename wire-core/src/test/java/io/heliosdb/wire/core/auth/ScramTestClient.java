package io.heliosdb.wire.core.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The client side of SCRAM-SHA-256, written independently of the server for the tests. */
final class ScramTestClient {
  private final String password;
  private final String clientNonce;
  private final String gs2Header;

  ScramTestClient(String password, String clientNonce, String gs2Header) {
    this.password = password;
    this.clientNonce = clientNonce;
    this.gs2Header = gs2Header;
  }

  String clientFirstBare() {
    return "n=,r=" + clientNonce;
  }

  String clientFirst() {
    return gs2Header + clientFirstBare();
  }

  /** Computes the client-final message from the server-first message. */
  String clientFinal(String serverFirst) {
    String nonce = null;
    byte[] salt = null;
    int iterations = 0;
    for (String attribute : serverFirst.split(",")) {
      switch (attribute.charAt(0)) {
        case 'r' -> nonce = attribute.substring(2);
        case 's' -> salt = Base64.getDecoder().decode(attribute.substring(2));
        case 'i' -> iterations = Integer.parseInt(attribute.substring(2));
        default -> { }
      }
    }
    String withoutProof = "c=" + Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8))
        + ",r=" + nonce;
    byte[] salted = ScramCrypto.saltedPassword(password, salt, iterations);
    byte[] clientKey = ScramCrypto.clientKey(salted);
    byte[] storedKey = ScramCrypto.sha256(clientKey);
    byte[] authMessage = (clientFirstBare() + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    byte[] signature = ScramCrypto.hmac(storedKey, authMessage);
    byte[] proof = new byte[clientKey.length];
    for (int i = 0; i < proof.length; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
  }

  /** The server-final message the client expects. */
  String expectedServerFinal(String serverFirst, String clientFinal, byte[] salt, int iterations) {
    String withoutProof = clientFinal.substring(0, clientFinal.lastIndexOf(",p="));
    byte[] serverKey = ScramCrypto.serverKey(ScramCrypto.saltedPassword(password, salt, iterations));
    byte[] authMessage = (clientFirstBare() + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
    return "v=" + Base64.getEncoder().encodeToString(ScramCrypto.hmac(serverKey, authMessage));
  }
}
