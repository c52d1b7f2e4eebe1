package io.heliosdb.wire.core.auth;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding. One exchange is
 * {@link #start} with the client-first message, which yields the server-first message, then
 * {@link ServerFirst#finish} with the client-final message, which yields the outcome.
 *
 * <p>For an unknown user the exchange runs with a fake verifier whose salt is derived from the
 * user name and a per-process secret, so the messages and the work done look the same as for a
 * real user; the proof then never verifies.
 *
 * <p>Malformed messages throw {@link HeliosException} with {@link ErrorCode#PROTOCOL_VIOLATION}.
 */
public final class ScramSha256Server {
  public static final String MECHANISM = "SCRAM-SHA-256";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] FAKE_SECRET = randomBytes(32);
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private ScramSha256Server() {}

  /** Starts an exchange with a fresh random server nonce. */
  public static ServerFirst start(String userName, Optional<UserRecord> user, String clientFirstMessage) {
    return start(userName, user, clientFirstMessage, B64.encodeToString(randomBytes(18)));
  }

  /**
   * Starts an exchange with the given server nonce part (appended to the client's nonce).
   *
   * @param userName the user being authenticated (the protocol's, not SCRAM's "n=" which is ignored)
   * @param user the user's verifiers, or empty when no such user exists
   */
  public static ServerFirst start(String userName, Optional<UserRecord> user, String clientFirstMessage,
      String serverNoncePart) {
    ClientFirst clientFirst = ClientFirst.parse(clientFirstMessage);
    Verifier verifier = user.map(Verifier::of).orElseGet(() -> Verifier.fake(userName));
    String nonce = clientFirst.clientNonce + serverNoncePart;
    String serverFirst = "r=" + nonce + ",s=" + B64.encodeToString(verifier.salt) + ",i=" + verifier.iterations;
    return new ServerFirst(clientFirst, verifier, nonce, serverFirst);
  }

  /** Parsed client-first message. */
  private record ClientFirst(String gs2Header, String bare, String clientNonce) {
    static ClientFirst parse(String message) {
      // gs2-header = cbind-flag "," [ authzid ] ","
      int first = message.indexOf(',');
      int second = first < 0 ? -1 : message.indexOf(',', first + 1);
      if (first < 0 || second < 0) {
        throw malformed("missing GS2 header");
      }
      String flag = message.substring(0, first);
      if (flag.startsWith("p=")) {
        throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION,
            "channel binding is not supported by SCRAM-SHA-256 (use SCRAM-SHA-256 without channel binding)");
      }
      if (!flag.equals("n") && !flag.equals("y")) {
        throw malformed("unexpected channel-binding flag \"" + flag + "\"");
      }
      String authzid = message.substring(first + 1, second);
      if (!authzid.isEmpty() && !authzid.startsWith("a=")) {
        throw malformed("malformed authorization identity");
      }
      String bare = message.substring(second + 1);
      if (bare.startsWith("m=")) {
        throw malformed("mandatory SCRAM extensions are not supported");
      }
      if (!bare.startsWith("n=")) {
        throw malformed("expected user name attribute");
      }
      String nonce = null;
      for (String attribute : bare.split(",", -1)) {
        if (attribute.startsWith("r=")) {
          nonce = attribute.substring(2);
          break;
        }
      }
      if (nonce == null || nonce.isEmpty() || !printable(nonce)) {
        throw malformed("missing or invalid client nonce");
      }
      return new ClientFirst(message.substring(0, second + 1), bare, nonce);
    }
  }

  /** Stored verifier of one user (or the fake one). */
  private record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    static Verifier of(UserRecord user) {
      return new Verifier(user.scramSalt(), user.scramIterations(), user.scramStoredKey(), user.scramServerKey());
    }

    static Verifier fake(String userName) {
      byte[] salt = Arrays.copyOf(
          ScramCrypto.hmac(FAKE_SECRET, ("salt:" + userName).getBytes(StandardCharsets.UTF_8)),
          CredentialVerifiers.SALT_LENGTH);
      // Random keys: no client proof can match them.
      return new Verifier(salt, CredentialVerifiers.SCRAM_ITERATIONS, randomBytes(32), randomBytes(32));
    }
  }

  /** The state after the server-first message; immutable, finished once by the client-final message. */
  public static final class ServerFirst {
    private final ClientFirst clientFirst;
    private final Verifier verifier;
    private final String nonce;
    private final String message;

    private ServerFirst(ClientFirst clientFirst, Verifier verifier, String nonce, String message) {
      this.clientFirst = clientFirst;
      this.verifier = verifier;
      this.nonce = nonce;
      this.message = message;
    }

    /** The server-first message to send to the client. */
    public String message() {
      return message;
    }

    /** Checks the client-final message. */
    public Outcome finish(String clientFinalMessage) {
      int proofAt = clientFinalMessage.lastIndexOf(",p=");
      if (proofAt < 0) {
        throw malformed("missing client proof");
      }
      String withoutProof = clientFinalMessage.substring(0, proofAt);
      String[] attributes = withoutProof.split(",", -1);
      if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
        throw malformed("expected channel binding and nonce attributes");
      }
      byte[] binding = decode(attributes[0].substring(2));
      if (!Arrays.equals(binding, clientFirst.gs2Header.getBytes(StandardCharsets.UTF_8))) {
        throw malformed("channel binding does not match the GS2 header");
      }
      if (!attributes[1].substring(2).equals(nonce)) {
        throw malformed("nonce does not match");
      }
      byte[] proof = decode(clientFinalMessage.substring(proofAt + 3));
      byte[] authMessage = (clientFirst.bare + "," + message + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
      byte[] clientSignature = ScramCrypto.hmac(verifier.storedKey, authMessage);
      boolean ok = false;
      if (proof.length == clientSignature.length) {
        byte[] clientKey = ScramCrypto.xor(proof, clientSignature);
        ok = MessageDigest.isEqual(ScramCrypto.sha256(clientKey), verifier.storedKey);
      }
      byte[] serverSignature = ScramCrypto.hmac(verifier.serverKey, authMessage);
      return new Outcome(ok, "v=" + B64.encodeToString(serverSignature));
    }
  }

  /**
   * The end of an exchange.
   *
   * @param authenticated whether the client proved it knows the password
   * @param serverFinalMessage the server-final message; send it only when authenticated
   */
  public record Outcome(boolean authenticated, String serverFinalMessage) {}

  private static byte[] decode(String base64) {
    try {
      return B64D.decode(base64);
    } catch (IllegalArgumentException e) {
      throw malformed("invalid base64");
    }
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e || c == ',') {
        return false;
      }
    }
    return true;
  }

  private static HeliosException malformed(String why) {
    return new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "malformed SCRAM message: " + why);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
