package io.heliosdb.wire.postgres.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.SessionFactory;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.ProtocolMetrics;
import io.heliosdb.wire.core.auth.CredentialVerifiers;
import io.heliosdb.wire.core.auth.ScramCrypto;
import io.heliosdb.wire.postgres.PostgresFrontEnd;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import io.heliosdb.wire.postgres.message.SaslInitialResponse;
import io.heliosdb.wire.postgres.message.SaslResponse;
import io.heliosdb.wire.postgres.message.StartupMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A PostgreSQL client speaking to the front end through an EmbeddedChannel. */
public final class PgTestClient {
  public static final UserRecord ALICE = CredentialVerifiers.create("alice", "secret", true,
      "0123456789abcdef".getBytes(StandardCharsets.US_ASCII), 4096);

  public final EmbeddedChannel channel;
  public final PostgresFrontEnd frontEnd;
  public final List<FakeSession> sessions = new ArrayList<>();
  public final AtomicInteger opened = new AtomicInteger();
  public final AtomicInteger closed = new AtomicInteger();
  public final AtomicInteger statements = new AtomicInteger();
  public final AtomicInteger failedStatements = new AtomicInteger();

  public PgTestClient() {
    this(new PostgresFrontEnd(), null);
  }

  public PgTestClient(PostgresFrontEnd frontEnd, SslContext tls) {
    this(frontEnd, tls, new DirectExecutorService());
  }

  /** A client whose connection hands statements to {@code statementPool} (tests of what runs where). */
  public PgTestClient(PostgresFrontEnd frontEnd, SslContext tls, java.util.concurrent.ExecutorService statementPool) {
    this.frontEnd = frontEnd;
    SessionFactory factory = options -> {
      if (!options.database().equals("heliosdb")) {
        throw new io.heliosdb.hidb.error.HeliosException(io.heliosdb.hidb.error.ErrorCode.UNDEFINED_DATABASE,
            "database \"" + options.database() + "\" does not exist");
      }
      FakeSession s = new FakeSession(options);
      sessions.add(s);
      return s;
    };
    ProtocolMetrics metrics = new ProtocolMetrics() {
      @Override public void connectionOpened(String protocol) { opened.incrementAndGet(); }
      @Override public void connectionClosed(String protocol) { closed.incrementAndGet(); }
      @Override public void statementExecuted(String protocol, long nanos, boolean failed) {
        statements.incrementAndGet();
        if (failed) {
          failedStatements.incrementAndGet();
        }
      }
    };
    FrontEndContext context = new FrontEndContext(factory,
        name -> name.equals("alice") ? Optional.of(ALICE) : Optional.empty(), tls, metrics,
        statementPool, "HeliosDB test");
    channel = new EmbeddedChannel();
    frontEnd.install(channel.pipeline(), context, false);
  }

  public FakeSession session() {
    return sessions.get(sessions.size() - 1);
  }

  public void send(FrontendMessage... messages) {
    ByteBuf buf = Unpooled.buffer();
    for (FrontendMessage m : messages) {
      m.encode(buf);
    }
    channel.writeInbound(buf);
  }

  public void sendRaw(byte[] bytes) {
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
  }

  /** Everything the server wrote since the last call. */
  public ByteBuf output() {
    channel.runPendingTasks();
    ByteBuf all = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      all.writeBytes(part);
      part.release();
    }
    return all;
  }

  public List<BackendFrames.Frame> read() {
    return BackendFrames.split(output());
  }

  public static StartupMessage startup(String user, String database) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("user", user);
    if (database != null) {
      p.put("database", database);
    }
    p.put("application_name", "tests");
    return new StartupMessage(StartupMessage.PROTOCOL_3_0, p);
  }

  /** Runs startup and a client-side SCRAM exchange; returns the frames after the client-final message. */
  public List<BackendFrames.Frame> login(String user, String password, String database) {
    send(startup(user, database));
    List<BackendFrames.Frame> frames = read();
    assertEquals("R", BackendFrames.types(frames));
    String clientFirstBare = "n=,r=clientnonce123";
    send(new SaslInitialResponse("SCRAM-SHA-256",
        ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8)).toMessage());
    frames = read();
    if (!BackendFrames.types(frames).equals("R")) {
      return frames;
    }
    ByteBuf body = frames.get(0).buf();
    assertEquals(11, body.readInt());
    String serverFirst = body.toString(StandardCharsets.UTF_8);
    send(new SaslResponse(clientFinal(password, clientFirstBare, serverFirst)).toMessage());
    return read();
  }

  public List<BackendFrames.Frame> login() {
    return login("alice", "secret", "heliosdb");
  }

  static String clientFinal(String password, String clientFirstBare, String serverFirst) {
    String nonce = null;
    byte[] salt = null;
    int iterations = 0;
    for (String a : serverFirst.split(",")) {
      switch (a.charAt(0)) {
        case 'r' -> nonce = a.substring(2);
        case 's' -> salt = Base64.getDecoder().decode(a.substring(2));
        case 'i' -> iterations = Integer.parseInt(a.substring(2));
        default -> { }
      }
    }
    String withoutProof = "c=biws,r=" + nonce;
    byte[] clientKey = ScramCrypto.clientKey(ScramCrypto.saltedPassword(password, salt, iterations));
    byte[] signature = ScramCrypto.hmac(ScramCrypto.sha256(clientKey),
        (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8));
    byte[] proof = new byte[32];
    for (int i = 0; i < 32; i++) {
      proof[i] = (byte) (clientKey[i] ^ signature[i]);
    }
    return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
  }
}
