package io.heliosdb.wire.mysql.session;

import io.heliosdb.wire.core.OutboundBuffer;
import io.heliosdb.wire.core.SerialExecutor;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import io.heliosdb.planner.dialect.mysql.MySqlDialectSession;
import io.heliosdb.planner.dialect.mysql.MySqlLexer;
import io.heliosdb.planner.dialect.mysql.MySqlSessionContext;
import io.heliosdb.planner.dialect.mysql.MySqlVariables;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.mysql.auth.CachingSha2Password;
import io.heliosdb.wire.mysql.auth.NativePassword;
import io.heliosdb.wire.mysql.auth.RsaKeys;
import io.heliosdb.wire.mysql.auth.Scramble;
import io.heliosdb.wire.mysql.auth.Sha2Cache;
import io.heliosdb.wire.mysql.codec.Packet;
import io.heliosdb.wire.mysql.codec.PacketWriter;
import io.heliosdb.wire.mysql.packet.AuthMoreData;
import io.heliosdb.wire.mysql.packet.AuthSwitchRequest;
import io.heliosdb.wire.mysql.packet.Capabilities;
import io.heliosdb.wire.mysql.packet.ColumnDefinition;
import io.heliosdb.wire.mysql.packet.Command;
import io.heliosdb.wire.mysql.packet.EofPacket;
import io.heliosdb.wire.mysql.packet.ErrPacket;
import io.heliosdb.wire.mysql.packet.HandshakeResponse;
import io.heliosdb.wire.mysql.packet.HandshakeV10;
import io.heliosdb.wire.mysql.packet.MalformedPacket;
import io.heliosdb.wire.mysql.packet.OkPacket;
import io.heliosdb.wire.mysql.packet.PayloadWriter;
import io.heliosdb.wire.mysql.packet.StatusFlags;
import io.heliosdb.wire.mysql.packet.TextRow;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The state of one MySQL connection: handshake and authentication phase, the planner session in
 * the MySQL dialect, autocommit and multi-statement modes, and the pending output with the
 * packet sequence. Packets are handled on the statement pool one at a time (see
 * {@link SerialExecutor}); only the greeting and the TLS upgrade happen on the event loop.
 */
public final class MySqlConnection {
  public static final String PROTOCOL = "mysql";
  /** Rows are written to the channel whenever this much output is pending. */
  static final int FLUSH_THRESHOLD = 64 * 1024;
  private static final System.Logger LOG = System.getLogger(MySqlConnection.class.getName());

  private enum Phase { HANDSHAKE, AUTH_SWITCH, FULL_AUTH, READY, CLOSED }

  private final Channel channel;
  private final FrontEndContext context;
  private final RsaKeys rsa;
  private final Sha2Cache sha2Cache;
  private final long connectionId;
  private final SerialExecutor serial;
  private final byte[] scramble = Scramble.generate();

  private volatile Phase phase = Phase.HANDSHAKE;
  private volatile boolean tlsActive;
  private volatile Session session;
  private int clientCapabilities;
  private String user;
  private String database;
  private UserRecord userRecord;
  private boolean autocommit = true;
  private boolean multiStatements;
  private int sequence;
  private final OutboundBuffer output;

  public MySqlConnection(Channel channel, FrontEndContext context, RsaKeys rsa, Sha2Cache sha2Cache, long connectionId,
      boolean tlsAlreadyActive) {
    this.channel = channel;
    this.context = context;
    this.rsa = rsa;
    this.sha2Cache = sha2Cache;
    this.connectionId = connectionId;
    this.tlsActive = tlsAlreadyActive;
    this.serial = new SerialExecutor(context.statementExecutor());
    this.output = new OutboundBuffer(channel);
  }

  /** The server speaks first: the v10 greeting, sequence 0. Called on the event loop. */
  public void greet() {
    int status = StatusFlags.AUTOCOMMIT;
    HandshakeV10 greeting = new HandshakeV10(MySqlVariables.SERVER_VERSION, connectionId, scramble,
        Capabilities.server(context.serverTls() != null && !tlsActive), MySqlTypes.UTF8MB4, status,
        CachingSha2Password.PLUGIN);
    sequence = 0;
    send(greeting::encode);
    flush();
  }

  /** The SSL request was accepted and the TLS handler installed; the real response follows encrypted. */
  public void tlsStarted() {
    tlsActive = true;
  }

  /** Queues a packet; called on the event loop. */
  public void receive(Packet packet) {
    if (runsInline(packet)) {
      // A point read by primary key with a cached plan: handing it to the pool would cost two
      // thread wake-ups, more than the read itself, so it runs here on the event loop.
      handleSafely(packet);
      return;
    }
    submit(() -> handleSafely(packet));
  }

  private boolean runsInline(Packet packet) {
    Session s = session;
    byte[] payload = packet.payload();
    return s != null && phase == Phase.READY && payload.length > 1 && payload[0] == Command.COM_QUERY
        && channel.isWritable() && serial.isIdle()
        && s.isPointRead(new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
  }

  /** The client sent more than max_allowed_packet: ERR 1153, then close. */
  public void packetTooLarge(int sequenceId) {
    submit(() -> {
      sequence = sequenceId + 1;
      fatal(new ErrPacket(MySqlErrors.PACKET_TOO_LARGE, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"));
    });
  }

  /** The channel closed: release the session. */
  public void channelClosed() {
    Session s = session;
    if (s != null && phase == Phase.READY) {
      s.cancel();
    }
    submit(this::release);
  }

  public void writabilityChanged() {
    output.writabilityChanged();
  }

  /** An exception reached the handler: answer with ERR and close, never let it escape. */
  public void failed(Throwable cause) {
    submit(() -> fatal(new ErrPacket(MySqlErrors.UNKNOWN_COMMAND, "08S01",
        "connection failed: " + cause.getClass().getSimpleName())));
  }

  private void submit(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }

  private void handleSafely(Packet packet) {
    try {
      sequence = (packet.sequenceId() + 1) & 0xFF;
      switch (phase) {
        case HANDSHAKE -> handshake(packet.payload());
        case AUTH_SWITCH -> authenticateSha2(packet.payload());
        case FULL_AUTH -> fullAuth(packet.payload());
        case READY -> command(packet.payload());
        default -> { }
      }
    } catch (MalformedPacket e) {
      fatal(new ErrPacket(phase == Phase.READY ? MySqlErrors.UNKNOWN_COMMAND : MySqlErrors.BAD_HANDSHAKE, "08S01",
          phase == Phase.READY ? "Malformed packet: " + e.getMessage() : "Bad handshake"));
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "mysql connection failed", e);
      fatal(new ErrPacket(MySqlErrors.UNKNOWN_ERROR, "HY000", "internal error: " + e));
    }
  }

  // ---- authentication

  private void handshake(byte[] payload) {
    HandshakeResponse response = HandshakeResponse.decode(payload);
    if (response.isSslRequest()) {
      // only reached when TLS is not configured or already on (else SslRequestHandler took it)
      fatal(new ErrPacket(MySqlErrors.BAD_HANDSHAKE, "08S01", "SSL connection is not available"));
      return;
    }
    clientCapabilities = response.capabilities();
    user = response.user();
    database = response.database() == null || response.database().isEmpty() ? null : response.database();
    multiStatements = response.has(Capabilities.MULTI_STATEMENTS);
    userRecord = context.users().apply(user).orElse(null);
    String plugin = response.authPlugin();
    byte[] auth = response.authResponse();
    if (NativePassword.PLUGIN.equals(plugin)) {
      boolean ok = userRecord != null && NativePassword.verify(scramble, auth, userRecord.mysqlNativeDigest());
      if (ok) {
        login();
      } else {
        deny(auth.length > 0);
      }
    } else if (plugin == null || plugin.isEmpty() || CachingSha2Password.PLUGIN.equals(plugin)) {
      authenticateSha2(auth);
    } else {
      phase = Phase.AUTH_SWITCH;
      send(new AuthSwitchRequest(CachingSha2Password.PLUGIN, scramble)::encode);
      flush();
    }
  }

  /** caching_sha2_password's first answer: fast path for users in the cache, else full authentication. */
  private void authenticateSha2(byte[] auth) {
    if (userRecord == null || auth.length == 0) {
      deny(auth.length > 0);
      return;
    }
    byte[] digest = userRecord.mysqlSha2Digest();
    if (sha2Cache.contains(user, digest)) {
      if (CachingSha2Password.verifyScramble(scramble, auth, digest)) {
        send(AuthMoreData.FAST_AUTH_SUCCESS::encode);
        login();
      } else {
        deny(true);
      }
      return;
    }
    phase = Phase.FULL_AUTH;
    send(AuthMoreData.PERFORM_FULL_AUTH::encode);
    flush();
  }

  /** The password in clear over TLS, a request for the RSA key, or the RSA-encrypted password. */
  private void fullAuth(byte[] payload) {
    if (payload.length == 1 && payload[0] == CachingSha2Password.REQUEST_PUBLIC_KEY && !tlsActive) {
      send(new AuthMoreData(rsa.publicKeyPem())::encode);
      flush();
      return;
    }
    String password;
    if (tlsActive) {
      int end = payload.length;
      while (end > 0 && payload[end - 1] == 0) {
        end--;
      }
      password = new String(payload, 0, end, StandardCharsets.UTF_8);
    } else {
      password = rsa.decryptPassword(payload, scramble);
    }
    if (password == null || !CachingSha2Password.verifyPassword(userRecord, password)) {
      deny(true);
      return;
    }
    sha2Cache.remember(user, userRecord.mysqlSha2Digest());
    login();
  }

  private void login() {
    try {
      session = openSession();
    } catch (HeliosException e) {
      fatal(MySqlErrors.of(e));
      return;
    }
    phase = Phase.READY;
    send(OkPacket.of(0, status())::encode);
    flush();
  }

  private Session openSession() {
    return context.sessions().open(new SessionOptions(user, database, PROTOCOL, Dialect.MYSQL,
        Map.of(MySqlSessionContext.CONNECTION_ID_SETTING, Long.toString(connectionId))));
  }

  private void deny(boolean usingPassword) {
    fatal(MySqlErrors.accessDenied(user == null ? "" : user, clientHost(), usingPassword));
  }

  private String clientHost() {
    return channel.remoteAddress() instanceof InetSocketAddress a ? a.getHostString() : "localhost";
  }

  // ---- commands

  private void command(byte[] payload) {
    Command command = Command.decode(payload);
    switch (command.code()) {
      case Command.COM_QUIT -> {
        release();
        channel.close();
      }
      case Command.COM_PING -> ok(0);
      case Command.COM_QUERY -> query(command.text());
      case Command.COM_INIT_DB -> {
        String db = command.text();
        if (statement("USE `" + db.replace("`", "``") + "`", false)) {
          database = db;
        }
      }
      case Command.COM_RESET_CONNECTION -> resetConnection();
      case Command.COM_SET_OPTION -> {
        int option = command.option();
        if (option != Command.MULTI_STATEMENTS_ON && option != Command.MULTI_STATEMENTS_OFF) {
          error(new ErrPacket(MySqlErrors.UNKNOWN_COMMAND, "08S01", "Unknown option " + option));
          return;
        }
        multiStatements = option == Command.MULTI_STATEMENTS_ON;
        endOfPackets(status());
        flush();
      }
      case Command.COM_STATISTICS -> {
        String stats = "Uptime: 1  Threads: 1  Questions: 0  Slow queries: 0  Opens: 0  Open tables: 0";
        send(buf -> buf.writeBytes(stats.getBytes(StandardCharsets.US_ASCII)));
        flush();
      }
      case Command.COM_STMT_CLOSE, Command.COM_STMT_SEND_LONG_DATA -> { } // no answer, nothing prepared
      case Command.COM_STMT_PREPARE, Command.COM_STMT_EXECUTE, Command.COM_STMT_RESET, Command.COM_FIELD_LIST ->
          error(new ErrPacket(MySqlErrors.NOT_SUPPORTED_YET, "42000",
              "This version of HeliosDB doesn't yet support server-side prepared statements or COM_FIELD_LIST"));
      default -> error(new ErrPacket(MySqlErrors.UNKNOWN_COMMAND, "08S01", "Unknown command"));
    }
  }

  private void query(String sql) {
    List<String> statements = multiStatements ? MySqlLexer.split(sql) : List.of(sql);
    if (statements.isEmpty() || MySqlLexer.tokenize(sql).isEmpty()) {
      error(new ErrPacket(MySqlErrors.EMPTY_QUERY, "42000", "Query was empty"));
      return;
    }
    for (int i = 0; i < statements.size(); i++) {
      if (!statement(statements.get(i), i + 1 < statements.size())) {
        return;
      }
    }
  }

  /** Runs one statement and answers it; false when it failed (the ERR ends a multi-statement). */
  private boolean statement(String sql, boolean moreFollow) {
    long start = System.nanoTime();
    boolean failed = false;
    try {
      StatementResult result = session.execute(sql);
      String mode = result.changedSettings() == null ? null : result.changedSettings().get(MySqlDialectSession.AUTOCOMMIT);
      if (mode != null) {
        autocommit = mode.equals("ON");
      }
      int more = moreFollow ? StatusFlags.MORE_RESULTS_EXISTS : 0;
      try (ResultCursor rows = result.rows()) {
        if (result.isCopy()) {
          throw HeliosException.notSupported("COPY over the MySQL protocol");
        }
        if (result.returnsRows()) {
          resultSet(result.columns(), rows, more);
        } else {
          send(OkPacket.of(Math.max(0, result.rowCount()), status() | more)::encode);
        }
      }
      flush();
      return true;
    } catch (RuntimeException e) {
      failed = true;
      error(MySqlErrors.of(e));
      return false;
    } finally {
      context.metrics().statementExecuted(PROTOCOL, System.nanoTime() - start, failed);
    }
  }

  private void resultSet(List<ColumnMeta> columns, ResultCursor rows, int more) {
    send(buf -> PayloadWriter.lenencInt(buf, columns.size()));
    List<ColumnDefinition> definitions = new ArrayList<>(columns.size());
    for (ColumnMeta c : columns) {
      ColumnDefinition d = MySqlTypes.column(c);
      definitions.add(d);
      send(d::encode);
    }
    if (!deprecateEof()) {
      send(new EofPacket(0, status())::encode);
    }
    byte[][] values = new byte[columns.size()][];
    while (rows.next()) {
      Object[] row = rows.row();
      for (int i = 0; i < values.length; i++) {
        values[i] = MySqlTypes.text(columns.get(i).type(), row[i]);
      }
      send(buf -> TextRow.encode(buf, values));
      if (output.pendingBytes() >= FLUSH_THRESHOLD) {
        flush();
        output.awaitWritable();
        if (!channel.isActive()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "client closed the connection");
        }
      }
    }
    endOfPackets(status() | more);
  }

  /** EOF, or with CLIENT_DEPRECATE_EOF the OK packet with the 0xFE header. */
  private void endOfPackets(int statusFlags) {
    if (deprecateEof()) {
      send(OkPacket.endOfRows(statusFlags)::encode);
    } else {
      send(new EofPacket(0, statusFlags)::encode);
    }
  }

  private boolean deprecateEof() {
    return (clientCapabilities & Capabilities.DEPRECATE_EOF) != 0;
  }

  private void resetConnection() {
    Session old = session;
    session = null;
    if (old != null) {
      old.close();
    }
    try {
      session = openSession();
    } catch (HeliosException e) {
      fatal(MySqlErrors.of(e));
      return;
    }
    autocommit = true;
    ok(0);
  }

  private int status() {
    int flags = autocommit ? StatusFlags.AUTOCOMMIT : 0;
    Session s = session;
    if (s != null && s.transactionState() != TransactionState.IDLE) {
      flags |= StatusFlags.IN_TRANS;
    }
    return flags;
  }

  private void ok(long affectedRows) {
    send(OkPacket.of(affectedRows, status())::encode);
    flush();
  }

  private void error(ErrPacket err) {
    send(err::encode);
    flush();
  }

  // ---- output

  private void send(Consumer<ByteBuf> payloadEncoder) {
    ByteBuf payload = channel.alloc().buffer(256);
    try {
      payloadEncoder.accept(payload);
      sequence = PacketWriter.write(output.buffer(), sequence, payload);
    } finally {
      payload.release();
    }
  }

  private void flush() {
    output.flush();
  }


  /** Sends ERR, then closes the connection. */
  private void fatal(ErrPacket err) {
    if (phase == Phase.CLOSED) {
      return;
    }
    send(err::encode);
    // Write the error before release() drops whatever is still pending.
    output.flushAndClose();
    release();
  }

  private void release() {
    phase = Phase.CLOSED;
    Session s = session;
    session = null;
    if (s != null) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing session failed", e);
      }
    }
    output.release();
  }
}
