package io.heliosdb.wire.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.UserRecord;
import java.util.Base64;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ScramSha256ServerTest {
  private static final byte[] RFC_SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
  private static final UserRecord ALICE = CredentialVerifiers.create("alice", "s3cret", false, RFC_SALT, 4096);

  @Test
  void rfc7677TestVector() {
    UserRecord user = CredentialVerifiers.create("user", "pencil", false, RFC_SALT, 4096);
    ScramSha256Server.ServerFirst first = ScramSha256Server.start("user", Optional.of(user),
        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
    assertEquals("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        first.message());
    ScramSha256Server.Outcome outcome = first.finish(
        "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    assertTrue(outcome.authenticated());
    assertEquals("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=", outcome.serverFinalMessage());
  }

  @Test
  void clientWithRightPasswordAuthenticatesAndGetsMatchingServerSignature() {
    ScramTestClient client = new ScramTestClient("s3cret", "abcDEF123", "n,,");
    ScramSha256Server.ServerFirst first = ScramSha256Server.start("alice", Optional.of(ALICE), client.clientFirst());
    assertTrue(first.message().startsWith("r=abcDEF123"));
    assertTrue(first.message().length() > "r=abcDEF123,s=,i=4096".length() + 20, "server adds its own nonce");
    String clientFinal = client.clientFinal(first.message());
    ScramSha256Server.Outcome outcome = first.finish(clientFinal);
    assertTrue(outcome.authenticated());
    assertEquals(client.expectedServerFinal(first.message(), clientFinal, RFC_SALT, 4096), outcome.serverFinalMessage());
  }

  @Test
  void wrongPasswordFails() {
    ScramTestClient client = new ScramTestClient("wrong", "nonce1", "n,,");
    ScramSha256Server.ServerFirst first = ScramSha256Server.start("alice", Optional.of(ALICE), client.clientFirst());
    assertFalse(first.finish(client.clientFinal(first.message())).authenticated());
  }

  @Test
  void clientSupportingButNotUsingChannelBindingIsAccepted() {
    ScramTestClient client = new ScramTestClient("s3cret", "nonce2", "y,,");
    ScramSha256Server.ServerFirst first = ScramSha256Server.start("alice", Optional.of(ALICE), client.clientFirst());
    assertTrue(first.finish(client.clientFinal(first.message())).authenticated());
  }

  @Test
  void channelBindingRequestIsRejected() {
    HeliosException e = assertThrows(HeliosException.class, () ->
        ScramSha256Server.start("alice", Optional.of(ALICE), "p=tls-server-end-point,,n=,r=abc"));
    assertEquals(ErrorCode.PROTOCOL_VIOLATION, e.code());
  }

  @Test
  void unknownUserRunsTheSameExchangeWithAStableFakeSaltAndFails() {
    ScramTestClient client = new ScramTestClient("anything", "nonce3", "n,,");
    ScramSha256Server.ServerFirst a = ScramSha256Server.start("ghost", Optional.empty(), client.clientFirst());
    ScramSha256Server.ServerFirst b = ScramSha256Server.start("ghost", Optional.empty(), client.clientFirst());
    ScramSha256Server.ServerFirst other = ScramSha256Server.start("ghost2", Optional.empty(), client.clientFirst());
    String salt = a.message().split(",")[1];
    assertEquals(salt, b.message().split(",")[1], "same user name, same fake salt");
    assertNotEquals(salt, other.message().split(",")[1]);
    assertEquals(16, Base64.getDecoder().decode(salt.substring(2)).length);
    assertTrue(a.message().endsWith(",i=4096"));
    assertFalse(a.finish(client.clientFinal(a.message())).authenticated());
  }

  @Test
  void malformedMessagesAreProtocolViolations() {
    for (String bad : new String[] {"", "n,", "x,,n=,r=abc", "n,,r=abc", "n,,n=,", "n,,m=ext,n=,r=abc", "n,b,n=,r=a"}) {
      HeliosException e = assertThrows(HeliosException.class,
          () -> ScramSha256Server.start("alice", Optional.of(ALICE), bad), bad);
      assertEquals(ErrorCode.PROTOCOL_VIOLATION, e.code());
    }
    ScramSha256Server.ServerFirst first = ScramSha256Server.start("alice", Optional.of(ALICE), "n,,n=,r=abc");
    String nonce = first.message().split(",")[0].substring(2);
    for (String bad : new String[] {"c=biws,r=" + nonce, "c=biws,r=other,p=AAAA", "c=eSws,r=" + nonce + ",p=AAAA",
        "c=biws,r=" + nonce + ",p=***"}) {
      assertThrows(HeliosException.class, () -> first.finish(bad), bad);
    }
    assertFalse(first.finish("c=biws,r=" + nonce + ",p=AAAA").authenticated(), "short proof is just wrong");
  }

  @Property(tries = 25)
  void onlyTheRightPasswordAuthenticates(@ForAll @StringLength(min = 1, max = 30) String password,
      @ForAll @StringLength(min = 1, max = 30) String guess) {
    byte[] salt = new byte[16];
    UserRecord user = CredentialVerifiers.create("u", password, false, salt, 8);
    for (String attempt : new String[] {password, guess}) {
      ScramTestClient client = new ScramTestClient(attempt, "n0nce", "n,,");
      ScramSha256Server.ServerFirst first = ScramSha256Server.start("u", Optional.of(user), client.clientFirst());
      assertEquals(attempt.equals(password), first.finish(client.clientFinal(first.message())).authenticated());
    }
  }
}
