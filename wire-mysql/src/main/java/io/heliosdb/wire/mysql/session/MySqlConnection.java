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
import io.heliosdb.wire.mysql.codec.MySqlPacketDecoder;
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
import io.heliosdb.wire.mysql.packet.BinaryRow;
import io.heliosdb.wire.mysql.packet.FieldListRequest;
import io.heliosdb.wire.mysql.packet.FieldType;
import io.heliosdb.wire.mysql.packet.StmtExecute;
import io.heliosdb.wire.mysql.packet.StmtPrepareOk;
import io.heliosdb.wire.mysql.packet.StmtReference;
import io.heliosdb.wire.mysql.packet.StmtSendLongData;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.PreparedStatement;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
  /** COM_STMT_PREPARE'd statements by id (MySQL's max_prepared_stmt_count bounds them). */
  private final Map<Integer, ServerStatement> statements = new HashMap<>();
  private int nextStatementId = 1;
  static final int MAX_PREPARED_STATEMENTS = 16382;
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
        && channel.isWritable() && serial.isIdle() && mayBeSelect(payload)
        && s.isPointRead(new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8));
  }

  /**
   * False when the query text plainly starts with a word other than SELECT: a 1000-row INSERT is
   * then neither decoded nor lexed on the event loop just to learn it is no point read.
   */
  static boolean mayBeSelect(byte[] payload) {
    int i = 1;
    while (i < payload.length && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\n' || payload[i] == '\r')) {
      i++;
    }
    if (i >= payload.length || !Character.isLetter(payload[i])) {
      return true; // a comment, a parenthesis: let the lexer decide
    }
    String select = "select";
    for (int k = 0; k < select.length(); k++) {
      if (i + k >= payload.length || Character.toLowerCase(payload[i + k]) != select.charAt(k)) {
        return false;
      }
    }
    return true;
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
    if (payload.length > 0 && payload[0] == Command.COM_QUERY) {
      // the statement text straight from the packet: a 40 KB INSERT is not copied twice first
      query(Command.queryText(payload));
      return;
    }
    Command command = Command.decode(payload);
    switch (command.code()) {
      case Command.COM_QUIT -> {
        release();
        channel.close();
      }
      case Command.COM_PING -> ok(0);
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
        // the server process's uptime (the mysql client's \s prints it); the counters are not kept
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        String stats = "Uptime: " + uptime + "  Threads: 1  Questions: 0  Slow queries: 0  Opens: 0  Open tables: 0";
        send(buf -> buf.writeBytes(stats.getBytes(StandardCharsets.US_ASCII)));
        flush();
      }
      case Command.COM_STMT_PREPARE -> prepare(command.text());
      case Command.COM_STMT_EXECUTE -> execute(command.argument());
      case Command.COM_STMT_SEND_LONG_DATA -> {
        StmtSendLongData chunk = StmtSendLongData.decode(command.argument());
        ServerStatement st = statements.get(chunk.statementId());
        if (st != null) {
          st.appendLongData(chunk.parameterId(), chunk.data());
        } // no answer, even for an unknown statement (MySQL reports nothing either)
      }
      case Command.COM_STMT_RESET -> {
        int id = StmtReference.decode(command.argument()).statementId();
        ServerStatement st = statements.get(id);
        if (st == null) {
          error(MySqlErrors.unknownStatement(id, "mysqld_stmt_reset"));
        } else {
          st.clearLongData();
          ok(0);
        }
      }
      case Command.COM_STMT_CLOSE -> {
        ServerStatement st = statements.remove(StmtReference.decode(command.argument()).statementId());
        if (st != null) {
          st.close();
        } // no answer
      }
      case Command.COM_FIELD_LIST -> fieldList(FieldListRequest.decode(command.argument()));
      default -> error(new ErrPacket(MySqlErrors.UNKNOWN_COMMAND, "08S01", "Unknown command"));
    }
  }

  private void query(String sql) {
    List<String> statements = multiStatements || endsWithSemicolon(sql) ? MySqlLexer.split(sql) : List.of(sql);
    if (!multiStatements && statements.size() > 1) {
      statements = List.of(sql); // several statements without CLIENT_MULTI_STATEMENTS: the parser's 1064
    }
    if (statements.isEmpty() || MySqlLexer.isBlank(sql)) {
      if (!MySqlLexer.hasVersionComment(sql)) {
        error(new ErrPacket(MySqlErrors.EMPTY_QUERY, "42000", "Query was empty"));
        return;
      }
      statements = List.of(sql); // not empty for mysqld, which runs the comment's text: the session refuses it
    }
    for (int i = 0; i < statements.size(); i++) {
      if (!statement(statements.get(i), i + 1 < statements.size())) {
        return;
      }
    }
  }

  /**
   * Whether the text ends with ';' (then blanks): MySQL takes one statement with a closing
   * semicolon without CLIENT_MULTI_STATEMENTS too ("SELECT 1;"). Checked from the end so a long
   * INSERT without one is not lexed twice.
   */
  private static boolean endsWithSemicolon(String sql) {
    int i = sql.length() - 1;
    while (i >= 0 && Character.isWhitespace(sql.charAt(i))) {
      i--;
    }
    return i >= 0 && sql.charAt(i) == ';';
  }

  /** Runs one statement and answers it; false when it failed (the ERR ends a multi-statement). */
  private boolean statement(String sql, boolean moreFollow) {
    long start = System.nanoTime();
    boolean failed = false;
    try {
      StatementResult result;
      try {
        result = session.execute(sql);
      } catch (RuntimeException e) {
        failed = true;
        error(MySqlErrors.of(e));
        return false;
      }
      failed = !answer(result, moreFollow ? StatusFlags.MORE_RESULTS_EXISTS : 0, false);
      return !failed;
    } finally {
      context.metrics().statementExecuted(PROTOCOL, System.nanoTime() - start, failed);
    }
  }

  /** A result set in the text protocol (COM_QUERY) or the binary protocol (COM_STMT_EXECUTE). */
  private void resultSet(List<ColumnMeta> columns, ResultCursor rows, int more, boolean binary) {
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
    Object[] binaryValues = new Object[columns.size()];
    int[] types = new int[columns.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = definitions.get(i).type();
    }
    while (rows.next()) {
      Object[] row = rows.row();
      if (binary) {
        for (int i = 0; i < binaryValues.length; i++) {
          binaryValues[i] = MySqlTypes.binary(columns.get(i).type(), row[i]);
        }
        send(buf -> BinaryRow.encode(buf, types, binaryValues));
      } else {
        for (int i = 0; i < values.length; i++) {
          values[i] = MySqlTypes.text(columns.get(i).type(), row[i]);
        }
        send(buf -> TextRow.encode(buf, values));
      }
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

  // ---- prepared statements (binary protocol)

  private void prepare(String sql) {
    if (statements.size() >= MAX_PREPARED_STATEMENTS) {
      error(new ErrPacket(1461, "42000", "Can't create more than max_prepared_stmt_count statements (current value: "
          + MAX_PREPARED_STATEMENTS + ")"));
      return;
    }
    PreparedStatement prepared;
    try {
      prepared = session.prepare(sql, null);
    } catch (RuntimeException e) {
      error(MySqlErrors.of(e));
      return;
    }
    int id = nextStatementId++;
    ServerStatement st = new ServerStatement(id, sql, prepared);
    statements.put(id, st);
    List<ColumnMeta> columns = prepared.resultColumns();
    send(new StmtPrepareOk(id, columns.size(), st.parameterCount, 0)::encode);
    if (st.parameterCount > 0) {
      ColumnDefinition param = new ColumnDefinition("", "", "", "?", "", MySqlTypes.BINARY, 0, FieldType.VAR_STRING, 0, 0);
      for (int i = 0; i < st.parameterCount; i++) {
        send(param::encode);
      }
      if (!deprecateEof()) {
        send(new EofPacket(0, status())::encode);
      }
    }
    if (!columns.isEmpty()) {
      for (ColumnMeta c : columns) {
        send(MySqlTypes.column(c)::encode);
      }
      if (!deprecateEof()) {
        send(new EofPacket(0, status())::encode);
      }
    }
    flush();
  }

  private void execute(byte[] argument) {
    int id = StmtExecute.statementId(argument);
    ServerStatement st = statements.get(id);
    if (st == null) {
      error(MySqlErrors.unknownStatement(id, "mysqld_stmt_execute"));
      return;
    }
    long start = System.nanoTime();
    boolean failed = false;
    try {
      StmtExecute exec;
      try {
        exec = StmtExecute.decode(argument, st.parameterCount, st.boundTypes(), st.longDataParameters());
      } catch (MalformedPacket e) {
        failed = true;
        error(new ErrPacket(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute"));
        return;
      }
      if ((exec.flags() & StmtExecute.CURSOR_TYPE_MASK) != 0) {
        failed = true;
        error(new ErrPacket(MySqlErrors.NOT_SUPPORTED_YET, "42000", "This version of HeliosDB doesn't yet support "
            + "'read-only cursors in COM_STMT_EXECUTE': execute without a cursor type (useCursorFetch=false)"));
        return;
      }
      int[] types = exec.types();
      st.bind(types);
      StatementResult result;
      try {
        List<DataType> hints = st.hintsFor(types);
        if (hints != null) {
          st.replace(session.prepare(st.sql, hints), hints);
        }
        List<DataType> targets = st.prepared().parameterTypes();
        List<Object> params = new ArrayList<>(st.parameterCount);
        for (int i = 0; i < st.parameterCount; i++) {
          Object v = exec.values().get(i);
          if (v == StmtExecute.LONG_DATA) {
            v = st.longData(i);
          }
          params.add(MySqlTypes.parameter(i < targets.size() ? targets.get(i) : null, v));
        }
        result = session.execute(st.prepared(), params);
      } catch (RuntimeException e) {
        failed = true;
        error(MySqlErrors.of(e));
        return;
      }
      failed = !answer(result, 0, true);
    } finally {
      st.clearLongData();
      context.metrics().statementExecuted(PROTOCOL, System.nanoTime() - start, failed);
    }
  }

  /**
   * The OK packet's affected rows: for an UPDATE, the rows it changed unless the client asked for
   * the rows it matched (CLIENT_FOUND_ROWS), as MySQL counts them.
   */
  private long affectedRows(StatementResult result) {
    String changed = result.changedSettings() == null ? null
        : result.changedSettings().get(io.heliosdb.planner.session.HeliosSession.CHANGED_ROWS);
    if (changed != null && (clientCapabilities & Capabilities.FOUND_ROWS) == 0) {
      return Long.parseLong(changed);
    }
    return Math.max(0, result.rowCount());
  }

  /** Sends a statement's rows or its OK; an error while streaming rows becomes the ERR (false). */
  private boolean answer(StatementResult result, int more, boolean binary) {
    try {
      noteAutocommit(result);
      try (ResultCursor rows = result.rows()) {
        if (result.isCopy()) {
          throw HeliosException.notSupported("COPY over the MySQL protocol");
        }
        if (result.returnsRows()) {
          resultSet(result.columns(), rows, more, binary);
        } else {
          String warnings = result.changedSettings() == null ? null
              : result.changedSettings().get(io.heliosdb.planner.session.HeliosSession.WARNING_COUNT);
          send(new OkPacket(affectedRows(result), result.lastInsertId(), status() | more,
              warnings == null ? 0 : Integer.parseInt(warnings), false)::encode);
        }
      }
      flush();
      return true;
    } catch (RuntimeException e) {
      error(MySqlErrors.of(e));
      return false;
    }
  }

  private void noteAutocommit(StatementResult result) {
    String mode = result.changedSettings() == null ? null : result.changedSettings().get(MySqlDialectSession.AUTOCOMMIT);
    if (mode != null) {
      autocommit = mode.equals("ON");
    }
  }

  private void closeStatements() {
    for (ServerStatement st : statements.values()) {
      try {
        st.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing a prepared statement failed", e);
      }
    }
    statements.clear();
  }

  // ---- COM_FIELD_LIST (the mysql client's table-name completion)

  private void fieldList(FieldListRequest request) {
    List<ColumnMeta> columns;
    try (PreparedStatement probe = session.prepare("SELECT * FROM `" + request.table().replace("`", "``") + "`", null)) {
      columns = probe.resultColumns();
    } catch (RuntimeException e) {
      error(MySqlErrors.of(e));
      return;
    }
    String schema = database == null ? "" : database;
    for (ColumnMeta c : columns) {
      if (!request.wildcard().isEmpty() && !likeMatches(request.wildcard(), c.name())) {
        continue;
      }
      ColumnDefinition d = MySqlTypes.column(c);
      ColumnDefinition named = new ColumnDefinition(schema, request.table(), request.table(), d.name(), d.orgName(),
          d.charset(), d.length(), d.type(), d.flags(), d.decimals());
      send(buf -> named.encodeWithDefault(buf));
    }
    endOfPackets(status());
    flush();
  }

  /** MySQL LIKE with % and _ (case-insensitive, as column names are). */
  static boolean likeMatches(String pattern, String name) {
    StringBuilder regex = new StringBuilder();
    for (char ch : pattern.toCharArray()) {
      switch (ch) {
        case '%' -> regex.append(".*");
        case '_' -> regex.append('.');
        default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(ch)));
      }
    }
    return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL)
        .matcher(name).matches();
  }

  private void resetConnection() {
    closeStatements();
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
    // Encoded in place behind a header filled in afterwards: no buffer per packet (a point
    // SELECT's answer is six packets). Only a payload of a full frame or more is copied out and
    // split into frames.
    ByteBuf out = output.buffer();
    int header = out.writerIndex();
    out.writeMediumLE(0).writeByte(0);
    try {
      payloadEncoder.accept(out);
    } catch (RuntimeException | Error e) {
      out.writerIndex(header);
      throw e;
    }
    int length = out.writerIndex() - header - 4;
    if (length < MySqlPacketDecoder.MAX_FRAME) {
      out.setMediumLE(header, length);
      out.setByte(header + 3, sequence);
      sequence = (sequence + 1) & 0xFF;
      return;
    }
    ByteBuf payload = io.netty.buffer.Unpooled.buffer(length);
    try {
      payload.writeBytes(out, header + 4, length);
      out.writerIndex(header);
      sequence = PacketWriter.write(out, sequence, payload);
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
    statements.clear(); // the session's close drops what they hold
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
