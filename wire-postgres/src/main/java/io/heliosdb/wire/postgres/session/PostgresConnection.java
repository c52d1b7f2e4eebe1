package io.heliosdb.wire.postgres.session;

import io.heliosdb.wire.core.OutboundBuffer;
import io.heliosdb.wire.core.SerialExecutor;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.Dialect;
import io.heliosdb.planner.api.Notice;
import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.SessionOptions;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.auth.ScramSha256Server;
import io.heliosdb.wire.postgres.message.Authentication;
import io.heliosdb.wire.postgres.message.BackendKeyData;
import io.heliosdb.wire.postgres.message.BackendMessage;
import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.Close;
import io.heliosdb.wire.postgres.message.CommandComplete;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.CopyData;
import io.heliosdb.wire.postgres.message.CopyFail;
import io.heliosdb.wire.postgres.message.CopyResponse;
import io.heliosdb.wire.postgres.message.Describe;
import io.heliosdb.wire.postgres.message.EmptyBackendMessage;
import io.heliosdb.wire.postgres.message.ErrorResponse;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import io.heliosdb.wire.postgres.message.MalformedInput;
import io.heliosdb.wire.postgres.message.NegotiateProtocolVersion;
import io.heliosdb.wire.postgres.message.ParameterDescription;
import io.heliosdb.wire.postgres.message.NoticeResponse;
import io.heliosdb.wire.postgres.message.ParameterStatus;
import io.heliosdb.wire.postgres.message.Parse;
import io.heliosdb.wire.postgres.message.PasswordMessage;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.message.ReadyForQuery;
import io.heliosdb.wire.postgres.message.RowDescription;
import io.heliosdb.wire.postgres.message.SaslInitialResponse;
import io.heliosdb.wire.postgres.message.SaslResponse;
import io.heliosdb.wire.postgres.message.StartupMessage;
import io.heliosdb.wire.postgres.message.UnsupportedMessage;
import io.heliosdb.planner.api.CopyRequest;
import io.heliosdb.wire.postgres.copy.CopyEncoder;
import io.heliosdb.wire.postgres.copy.CopyFailure;
import io.heliosdb.wire.postgres.copy.CopyIn;
import io.heliosdb.wire.postgres.types.PgArrayFormat;
import io.heliosdb.wire.postgres.types.PgBinaryFormat;
import io.heliosdb.wire.postgres.types.PgTextFormat;
import io.heliosdb.wire.postgres.types.PgTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one PostgreSQL client connection: handshake phase, planner session, prepared
 * statements and portals, the extended protocol's error state and the pending output. Messages are
 * handled one at a time and in arrival order on the statement pool (see {@link SerialExecutor}),
 * except work that cannot wait (a point read, a session command such as BEGIN or SET), which the
 * event loop runs itself when nothing of the connection's is queued or running on the pool.
 */
public final class PostgresConnection {
  public static final String PROTOCOL = "postgres";
  /** Output is written to the channel whenever this much is pending (streams large results). */
  static final int FLUSH_THRESHOLD = 64 * 1024;
  /** Reading from the client pauses while this much COPY data waits to be handled (bounded memory)... */
  static final long COPY_QUEUE_HIGH = 4L * 1024 * 1024;
  /** ... and resumes when the backlog falls below this. */
  static final long COPY_QUEUE_LOW = 1L * 1024 * 1024;
  /** Extended-protocol messages handed to the pool at once at most (a batch without Sync is split). */
  static final int MAX_BATCH = 256;

  private static final System.Logger LOG = System.getLogger(PostgresConnection.class.getName());

  private enum Phase { STARTUP, SASL_INITIAL, SASL_FINAL, READY, CLOSED }

  private final Channel channel;
  private final FrontEndContext context;
  private final CancelRegistry cancels;
  private final SerialExecutor serial;

  private volatile Phase phase = Phase.STARTUP;
  private String user;
  private String database;
  private Map<String, String> clientSettings = Map.of();
  private Optional<UserRecord> userRecord = Optional.empty();
  private ScramSha256Server.ServerFirst scram;
  /** Volatile: the event loop reads it to cancel a running statement when the client goes away. */
  private volatile Session session;
  /** True while a message is being handled on the pool (a statement may be running). */
  private volatile boolean busy;
  private CancelRegistry.Key cancelKey;
  /**
   * Set by a CancelRequest (another thread), cleared when a statement starts: what a running COPY
   * FROM STDIN looks at between CopyData messages (no scan is running to see the session's flag).
   */
  private volatile boolean cancelRequested;
  private final Map<String, PreparedEntry> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  /** Lower-case name -> name as reported, for settings sent as ParameterStatus. */
  private final Map<String, String> reportedNames = new HashMap<>();
  private ZoneId zone = ZoneOffset.UTC;
  private boolean skipUntilSync;
  private final ImplicitTransaction implicit = new ImplicitTransaction();
  /** Set before each Execute of a batch: whether another statement may run before Sync. */
  private boolean moreInBatch;
  /** Extended-protocol messages received since the last Sync/Flush; event loop only. */
  private List<FrontendMessage> batch;
  private final OutboundBuffer output;
  /** The COPY FROM STDIN in progress, or null. */
  private CopyIn copyIn;
  /** Statements of the same simple Query that follow the running COPY FROM STDIN. */
  private List<String> afterCopy = List.of();
  /** Bytes of CopyData queued but not yet handled (written on the event loop, read on the pool). */
  private final AtomicLong queuedCopyBytes = new AtomicLong();

  public PostgresConnection(Channel channel, FrontEndContext context, CancelRegistry cancels) {
    this.channel = channel;
    this.context = context;
    this.cancels = cancels;
    this.serial = new SerialExecutor(context.statementExecutor());
    this.output = new OutboundBuffer(channel);
  }

  /**
   * Queues a decoded message; called on the event loop. Extended-protocol messages are gathered
   * until Sync or Flush and handed over as one batch, so the connection knows which Executes share
   * a Sync (one implicit transaction) and a pipeline costs one hand-off instead of one per message.
   */
  public void receive(FrontendMessage message) {
    if (isExtended(message)) {
      if (batch == null) {
        batch = new ArrayList<>();
      }
      batch.add(message);
      if (message == ControlMessage.SYNC || message == ControlMessage.FLUSH || batch.size() >= MAX_BATCH) {
        submitBatch();
      }
      return;
    }
    submitBatch();
    if (message instanceof Query query && runsInline(query)) {
      // A point read by primary key with a cached plan, or a command that only touches the
      // session's memory (BEGIN, SET, SHOW, COMMIT of a block that wrote nothing): handing it to the
      // pool would cost two thread wake-ups, more than the work itself, so it runs here on the event loop.
      handleSafely(message);
      return;
    }
    if (message instanceof CopyData data) {
      // Back-pressure: a fast client must not fill the heap with CopyData the pool has not reached.
      if (queuedCopyBytes.addAndGet(data.data().length) > COPY_QUEUE_HIGH) {
        channel.config().setAutoRead(false);
      }
      submit(() -> {
        try {
          handleSafely(message);
        } finally {
          if (queuedCopyBytes.addAndGet(-data.data().length) < COPY_QUEUE_LOW && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
          }
        }
      });
      return;
    }
    submit(() -> handleSafely(message));
  }

  private static boolean isExtended(FrontendMessage message) {
    return message instanceof Parse || message instanceof Bind || message instanceof Describe
        || message instanceof Execute || message instanceof Close || message == ControlMessage.SYNC
        || message == ControlMessage.FLUSH;
  }

  private void submitBatch() {
    if (batch == null) {
      return;
    }
    List<FrontendMessage> messages = batch;
    batch = null;
    Runnable run = () -> {
      for (int i = 0; i < messages.size(); i++) {
        FrontendMessage message = messages.get(i);
        if (message instanceof Execute) {
          moreInBatch = ImplicitTransaction.statementMayFollow(messages, i + 1);
        }
        handleSafely(message);
      }
    };
    if (runsInline(messages)) {
      run.run(); // as for a simple-query point read: cheaper than two thread wake-ups
    } else {
      submit(run);
    }
  }

  /**
   * Runs on the event loop: Bind [Describe] Execute Sync of an already prepared statement whose
   * plan is a point read by primary key (asyncpg's and pgjdbc's prepared lookups) or a session
   * command (pgjdbc's server-prepared COMMIT), and Parse Bind [Describe] Execute Sync of a session
   * command without parameters (psycopg 3 sends BEGIN and COMMIT so).
   */
  private boolean runsInline(List<FrontendMessage> messages) {
    Session s = session;
    int n = messages.size();
    if (s == null || phase != Phase.READY || skipUntilSync || !channel.isWritable() || !serial.isIdle()
        || n < 3 || n > 5 || messages.get(n - 1) != ControlMessage.SYNC || !(messages.get(n - 2) instanceof Execute)) {
      return false;
    }
    int bindAt = messages.get(0) instanceof Parse ? 1 : 0;
    if (!(messages.get(bindAt) instanceof Bind bind) || n - bindAt != (messages.get(bindAt + 1) instanceof Describe ? 4 : 3)) {
      return false;
    }
    if (bindAt == 1) {
      Parse parse = (Parse) messages.get(0);
      return parse.parameterTypeOids().isEmpty() && bind.parameters().isEmpty()
          && bind.statementName().equals(parse.statementName()) && s.isSessionCommand(parse.sql());
    }
    PreparedEntry entry = statements.get(bind.statementName());
    return entry != null && entry.prepared() != null && (entry.prepared().isPointRead()
        || bind.parameters().isEmpty() && entry.prepared().isSessionCommand());
  }

  private boolean runsInline(Query query) {
    Session s = session;
    return s != null && phase == Phase.READY && !skipUntilSync && channel.isWritable() && serial.isIdle()
        && (s.isSessionCommand(query.sql()) || s.isPointRead(query.sql()));
  }

  /** The channel closed: release the session and everything it holds. */
  public void channelClosed() {
    Session running = session;
    if (running != null && busy) {
      running.cancel(); // stop a statement still running for a client that is gone
    }
    submit(this::release);
  }

  /** Wakes a statement waiting for the client to read (back-pressure). */
  public void writabilityChanged() {
    output.writabilityChanged();
  }

  private void submit(Runnable task) {
    try {
      serial.execute(task);
    } catch (RejectedExecutionException e) {
      channel.close();
    }
  }

  private void handleSafely(FrontendMessage message) {
    busy = true;
    try {
      handle(message);
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "postgres connection failed on " + message.getClass().getSimpleName(), e);
      fatal(ErrorCode.INTERNAL_ERROR.sqlState(), "internal error: " + e);
    } finally {
      busy = false;
    }
  }

  private void handle(FrontendMessage message) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (message instanceof MalformedInput bad) {
      fatal(bad.sqlState(), bad.reason());
      return;
    }
    if (message == ControlMessage.TERMINATE) {
      flush();
      release();
      channel.close();
      return;
    }
    switch (phase) {
      case STARTUP -> {
        if (message instanceof StartupMessage startup) {
          startup(startup);
        } else {
          fatal(ErrorCode.PROTOCOL_VIOLATION.sqlState(), "expected a startup message");
        }
      }
      case SASL_INITIAL, SASL_FINAL -> {
        if (message instanceof PasswordMessage password) {
          authenticate(password);
        } else {
          fatal(ErrorCode.PROTOCOL_VIOLATION.sqlState(), "expected SASL response, got " + message.getClass().getSimpleName());
        }
      }
      case READY -> command(message);
      default -> { }
    }
  }

  // ---- startup and authentication ----

  private void startup(StartupMessage startup) {
    Map<String, String> parameters = startup.parameters();
    user = parameters.get("user");
    if (user == null || user.isEmpty()) {
      fatal(ErrorCode.INVALID_AUTHORIZATION.sqlState(), "no PostgreSQL user name specified in startup packet");
      return;
    }
    String db = parameters.get("database");
    database = db == null || db.isEmpty() ? user : db;
    List<String> unknownOptions = new ArrayList<>();
    Map<String, String> settings = new LinkedHashMap<>();
    parameters.forEach((name, value) -> {
      if (name.startsWith("_pq_.")) {
        unknownOptions.add(name);
      } else if (!name.equals("user") && !name.equals("database")) {
        settings.put(name, value);
      }
    });
    clientSettings = Map.copyOf(settings);
    if (startup.minorVersion() > 0 || !unknownOptions.isEmpty()) {
      send(new NegotiateProtocolVersion(0, unknownOptions));
    }
    userRecord = context.users().apply(user);
    send(Authentication.sasl(List.of(ScramSha256Server.MECHANISM)));
    flush();
    phase = Phase.SASL_INITIAL;
  }

  private void authenticate(PasswordMessage password) {
    String serverFinal;
    try {
      if (phase == Phase.SASL_INITIAL) {
        SaslInitialResponse initial = SaslInitialResponse.decode(password);
        if (!ScramSha256Server.MECHANISM.equals(initial.mechanism())) {
          fatal(ErrorCode.PROTOCOL_VIOLATION.sqlState(), "client selected an invalid SASL authentication mechanism");
          return;
        }
        scram = ScramSha256Server.start(user, userRecord, initial.dataAsString());
        send(Authentication.saslContinue(scram.message()));
        flush();
        phase = Phase.SASL_FINAL;
        return;
      }
      ScramSha256Server.Outcome outcome = scram.finish(SaslResponse.decode(password).data());
      if (!outcome.authenticated() || userRecord.isEmpty()) {
        fatal(ErrorCode.INVALID_PASSWORD.sqlState(), "password authentication failed for user \"" + user + "\"");
        return;
      }
      serverFinal = outcome.serverFinalMessage();
      session = context.sessions().open(new SessionOptions(user, database, PROTOCOL, Dialect.POSTGRES, clientSettings));
    } catch (HeliosException e) {
      fatal(e.code().sqlState(), e.getMessage());
      return;
    }
    send(Authentication.saslFinal(serverFinal));
    send(Authentication.ok());
    reportInitialSettings();
    Session opened = session;
    cancelKey = cancels.register(() -> {
      cancelRequested = true;
      opened.cancel();
    });
    send(new BackendKeyData(cancelKey.processId(), cancelKey.secretKey()));
    phase = Phase.READY;
    scram = null;
    readyForQuery();
  }

  private void reportInitialSettings() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("server_version", "16.4");
    values.put("server_encoding", "UTF8");
    values.put("client_encoding", "UTF8");
    values.put("DateStyle", "ISO, MDY");
    values.put("IntervalStyle", "postgres");
    values.put("TimeZone", "UTC");
    values.put("integer_datetimes", "on");
    values.put("standard_conforming_strings", "on");
    values.put("is_superuser", userRecord.map(UserRecord::superuser).orElse(false) ? "on" : "off");
    values.put("session_authorization", user);
    values.put("application_name", clientSettings.getOrDefault("application_name", ""));
    values.put("in_hot_standby", "off");
    values.put("default_transaction_read_only", "off");
    values.keySet().forEach(name -> reportedNames.put(name.toLowerCase(Locale.ROOT), name));
    Map<String, String> fromSession = session.reportedSettings();
    if (fromSession != null) {
      fromSession.forEach((name, value) -> {
        if (value != null) {
          String canonical = reportedNames.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> name);
          values.put(canonical, value);
        }
      });
    }
    values.forEach((name, value) -> send(new ParameterStatus(name, value)));
    updateZone(values.get("TimeZone"));
  }

  /** The statement's notices and warnings go out before its completion (or its error), as in PostgreSQL. */
  private void sendNotices() {
    for (Notice n : session.drainNotices()) {
      send(new NoticeResponse(new ErrorResponse(n.severity(), n.sqlState(), n.message(), null, null)));
    }
  }

  private void reportChangedSettings(Map<String, String> changed) {
    if (changed == null || changed.isEmpty()) {
      return;
    }
    changed.forEach((name, value) -> {
      String canonical = reportedNames.get(name.toLowerCase(Locale.ROOT));
      if (canonical != null && value != null) {
        send(new ParameterStatus(canonical, value));
        if (canonical.equals("TimeZone")) {
          updateZone(value);
        }
      }
    });
  }

  private void updateZone(String timeZone) {
    try {
      zone = timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      zone = ZoneOffset.UTC; // a zone spelling Java does not know: render in UTC rather than fail
    }
  }

  // ---- commands ----

  private void command(FrontendMessage message) {
    if (copyIn != null) {
      copyInMessage(message);
      return;
    }
    if (skipUntilSync && message != ControlMessage.SYNC) {
      return;
    }
    if (message instanceof Query query) {
      simpleQuery(query.sql());
    } else if (message instanceof Parse parse) {
      extended(() -> parse(parse));
    } else if (message instanceof Bind bind) {
      extended(() -> bind(bind));
    } else if (message instanceof Describe describe) {
      extended(() -> describe(describe));
    } else if (message instanceof Execute execute) {
      extended(() -> execute(execute));
    } else if (message instanceof Close close) {
      extended(() -> close(close));
    } else if (message == ControlMessage.SYNC) {
      skipUntilSync = false;
      endImplicitTransaction();
      readyForQuery();
    } else if (message == ControlMessage.FLUSH) {
      flush();
    } else if (message instanceof CopyData || message instanceof CopyFail || message == ControlMessage.COPY_DONE) {
      // Outside COPY these are ignored, as PostgreSQL does: a client may still be sending after a COPY failed.
      return;
    } else if (message instanceof UnsupportedMessage unsupported) {
      sendError(HeliosException.notSupported(unsupported.what()));
      readyForQuery();
    } else {
      fatal(ErrorCode.PROTOCOL_VIOLATION.sqlState(), "unexpected message " + message.getClass().getSimpleName());
    }
  }

  private void simpleQuery(String sql) {
    cancelRequested = false;
    closeStatement("");
    closePortal("");
    List<String> parts;
    try {
      parts = session.splitStatements(sql);
    } catch (RuntimeException e) {
      sendError(e);
      readyForQuery();
      return;
    }
    if (parts.isEmpty()) {
      send(EmptyBackendMessage.EMPTY_QUERY_RESPONSE);
    }
    runStatements(parts, 0);
  }

  /** Runs statements of one simple Query from {@code from}; stops (without ReadyForQuery) at a COPY FROM STDIN. */
  private void runStatements(List<String> parts, int from) {
    for (int i = from; i < parts.size(); i++) {
      String part = parts.get(i);
      long start = System.nanoTime();
      boolean failed = false;
      try {
        Optional<Deallocate> deallocate = Deallocate.parse(part);
        if (deallocate.isPresent()) {
          send(new CommandComplete(deallocate(deallocate.get())));
          continue;
        }
        StatementResult result;
        try {
          result = session.execute(part);
        } finally {
          sendNotices();
        }
        if (result.isCopy() && result.copy().direction() == CopyRequest.Direction.FROM_CLIENT) {
          copyIn = new CopyIn(result.copy(), zone);
          afterCopy = List.copyOf(parts.subList(i + 1, parts.size()));
          send(new CopyResponse(true, result.copy().columns().size()));
          flush();
          return;
        }
        try (ResultCursor rows = result.rows()) {
          if (result.isCopy()) {
            send(CommandComplete.of("COPY", copyOut(result.copy(), rows)));
          } else if (result.returnsRows()) {
            TextResultShape shape = textResultShape(result.columns());
            send(shape.description());
            long n = streamRows(rows, shape.writers(), 0);
            send(CommandComplete.of(result.command(), n));
          } else {
            send(CommandComplete.of(result.command(), result.rowCount()));
          }
        }
        reportChangedSettings(result.changedSettings());
      } catch (RuntimeException e) {
        failed = true;
        sendError(e);
        break;
      } finally {
        context.metrics().statementExecuted(PROTOCOL, System.nanoTime() - start, failed);
      }
    }
    readyForQuery();
  }

  // ---- COPY ----

  /** A message while COPY FROM STDIN runs: data, the end, the client's abort, or a protocol error. */
  private void copyInMessage(FrontendMessage message) {
    if (message instanceof CopyData data) {
      if (cancelRequested) {
        endCopyIn(new PgError(ErrorCode.QUERY_CANCELED.sqlState(), "canceling statement due to user request"));
        return;
      }
      try {
        copyIn.data(data.data());
      } catch (RuntimeException e) {
        endCopyIn(e);
      }
    } else if (message == ControlMessage.COPY_DONE) {
      long n;
      try {
        n = copyIn.done();
      } catch (RuntimeException e) {
        endCopyIn(e);
        return;
      }
      copyIn = null;
      send(CommandComplete.of("COPY", n));
      List<String> rest = afterCopy;
      afterCopy = List.of();
      runStatements(rest, 0);
    } else if (message instanceof CopyFail fail) {
      endCopyIn(new PgError(ErrorCode.QUERY_CANCELED.sqlState(), "COPY from stdin failed: " + fail.reason()));
    } else if (message == ControlMessage.SYNC || message == ControlMessage.FLUSH) {
      // PostgreSQL ignores Sync and Flush during copy-in
    } else {
      endCopyIn(violation("unexpected message type during COPY from stdin"));
    }
  }

  /** The COPY failed: undo it, report, and end the simple Query (its remaining statements are skipped). */
  private void endCopyIn(RuntimeException error) {
    CopyIn failed = copyIn;
    copyIn = null;
    afterCopy = List.of();
    try {
      failed.abort();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "undoing a failed COPY failed", e);
    }
    sendError(error);
    readyForQuery();
  }

  /** COPY TO STDOUT: CopyOutResponse, one CopyData per row, CopyDone; returns the row count. */
  private long copyOut(CopyRequest copy, ResultCursor rows) {
    send(new CopyResponse(false, copy.columns().size()));
    CopyEncoder encoder = new CopyEncoder(copy.format(), copy.columns(), zone);
    if (copy.format().header()) {
      encoder.writeHeader(buffer(), copy.columns());
    }
    long n = 0;
    while (rows.next()) {
      encoder.writeRow(buffer(), rows.row());
      n++;
      if (output.pendingBytes() >= FLUSH_THRESHOLD) {
        flush();
        output.awaitWritable();
        if (!channel.isActive()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "client closed the connection");
        }
      }
    }
    send(EmptyBackendMessage.COPY_DONE);
    return n;
  }

  /** Commits the implicit transaction at Sync, or rolls it back after an error. */
  private void endImplicitTransaction() {
    try {
      implicit.end(session);
    } catch (RuntimeException e) {
      sendError(e);
    }
  }

  /** Drops the named statement(s) of a DEALLOCATE; returns the command tag. */
  private String deallocate(Deallocate deallocate) {
    if (deallocate.all()) {
      List.copyOf(statements.keySet()).stream().filter(name -> !name.isEmpty()).forEach(this::closeStatement);
    } else if (!deallocate.name().isEmpty() && statements.containsKey(deallocate.name())) {
      closeStatement(deallocate.name());
    } else {
      throw new PgError("26000", "prepared statement \"" + deallocate.name() + "\" does not exist");
    }
    return deallocate.tag();
  }

  /** Runs one extended-protocol message; an error is reported and the rest is skipped until Sync. */
  private void extended(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      sendError(e);
      skipUntilSync = true;
    }
  }

  private void parse(Parse parse) {
    String name = parse.statementName();
    if (!name.isEmpty() && statements.containsKey(name)) {
      throw new PgError("42P05", "prepared statement \"" + name + "\" already exists");
    }
    PreparedEntry entry;
    Optional<Deallocate> deallocate = Deallocate.parse(parse.sql());
    if (parse.sql().isBlank()) {
      entry = new PreparedEntry(name, null);
    } else if (deallocate.isPresent()) {
      entry = new PreparedEntry(name, null, deallocate.get());
    } else {
      rejectCopy(parse.sql());
      List<DataType> hints = new ArrayList<>(parse.parameterTypeOids().size());
      List<Integer> arrays = new ArrayList<>(parse.parameterTypeOids().size());
      for (int oid : parse.parameterTypeOids()) {
        hints.add(PgTypes.fromOid(oid));
        arrays.add(io.heliosdb.planner.catalog.PgTypes.isArray(oid) ? oid : 0);
      }
      entry = new PreparedEntry(name, session.prepare(parse.sql(), hints, arrays));
    }
    PreparedEntry old = statements.put(name, entry);
    if (old != null) {
      old.close();
    }
    send(EmptyBackendMessage.PARSE_COMPLETE);
  }

  private void bind(Bind bind) {
    PreparedEntry statement = statement(bind.statementName());
    String portalName = bind.portalName();
    if (!portalName.isEmpty() && portals.containsKey(portalName)) {
      throw new PgError("42P03", "portal \"" + portalName + "\" already exists");
    }
    List<DataType> types = statement.parameterTypes();
    int n = bind.parameters().size();
    if (bind.parameterFormats().size() > 1 && bind.parameterFormats().size() != n) {
      throw violation("bind message has " + bind.parameterFormats().size() + " parameter formats but " + n
          + " parameters");
    }
    if (n != types.size()) {
      throw violation("bind message supplies " + n + " parameters, but prepared statement \"" + statement.name()
          + "\" requires " + types.size());
    }
    List<Object> values = new ArrayList<>(n);
    List<Integer> arrayTypes = statement.parameterArrayTypes();
    for (int i = 0; i < n; i++) {
      int arrayType = i < arrayTypes.size() ? arrayTypes.get(i) : 0;
      values.add(arrayType != 0 ? decodeArrayParameter(arrayType, bind.parameterFormat(i), bind.parameters().get(i))
          : decodeParameter(types.get(i), bind.parameterFormat(i), bind.parameters().get(i)));
    }
    List<ColumnMeta> columns = statement.columns();
    if (bind.resultFormats().size() > 1 && bind.resultFormats().size() != columns.size()) {
      throw violation("bind message has " + bind.resultFormats().size() + " result formats but query has "
          + columns.size() + " columns");
    }
    short[] formats = new short[columns.size()];
    for (int i = 0; i < formats.length; i++) {
      formats[i] = bind.resultFormat(i);
      if (formats[i] != 0 && formats[i] != 1) {
        throw violation("unsupported format code: " + formats[i]);
      }
      if (formats[i] == 1 && !PgBinaryFormat.supports(columns.get(i).type())) {
        throw HeliosException.notSupported("binary output for " + columns.get(i).type().sqlName());
      }
      int catalogType = columns.get(i).pgTypeOid();
      if (formats[i] == 1 && catalogType != 0 && catalogType != PgTypes.oid(columns.get(i).type())
          && !CATALOG_BINARY_SAFE.contains(catalogType) && !PgArrayFormat.supports(catalogType)) {
        // regclass and regtype values (and arrays of other element types) travel in their text form only.
        throw HeliosException.notSupported("binary output for type " + catalogType);
      }
    }
    Portal old = portals.put(portalName, new Portal(portalName, statement, values, formats,
        boundWriters(statement, formats)));
    if (old != null) {
      old.finish();
    }
    send(EmptyBackendMessage.BIND_COMPLETE);
  }

  /** An array parameter ({@code $1::int[]}) reaches the planner in its text form. */
  private Object decodeArrayParameter(int arrayType, short format, byte[] raw) {
    if (raw == null) {
      return null;
    }
    if (format == 0) {
      return new String(raw, StandardCharsets.UTF_8);
    }
    if (format != 1) {
      throw violation("unsupported format code: " + format);
    }
    if (!PgArrayFormat.supports(arrayType)) {
      throw HeliosException.notSupported("binary input for type " + arrayType);
    }
    return PgArrayFormat.readBinary(arrayType, Unpooled.wrappedBuffer(raw));
  }

  private Object decodeParameter(DataType type, short format, byte[] raw) {
    if (raw == null) {
      return null;
    }
    DataType t = type == null ? DataType.TEXT : type;
    if (format == 0) {
      return PgTextFormat.fromText(t, new String(raw, StandardCharsets.UTF_8), zone);
    }
    if (format != 1) {
      throw violation("unsupported format code: " + format);
    }
    if (!PgBinaryFormat.supports(t)) {
      throw HeliosException.notSupported("binary input for " + t.sqlName());
    }
    return PgBinaryFormat.read(t, Unpooled.wrappedBuffer(raw));
  }

  private void describe(Describe describe) {
    if (describe.kind() == 'S') {
      PreparedEntry statement = statement(describe.name());
      List<Integer> oids = new ArrayList<>();
      List<Integer> arrayTypes = statement.parameterArrayTypes();
      for (int i = 0; i < statement.parameterTypes().size(); i++) {
        int arrayType = i < arrayTypes.size() ? arrayTypes.get(i) : 0;
        oids.add(arrayType != 0 ? arrayType : PgTypes.oid(statement.parameterTypes().get(i)));
      }
      send(new ParameterDescription(oids));
      describeColumns(statement.columns(), null);
    } else {
      Portal portal = portal(describe.name());
      describeColumns(portal.statement.columns(), portal.resultFormats);
    }
  }

  private void describeColumns(List<ColumnMeta> columns, short[] formats) {
    if (columns.isEmpty()) {
      send(EmptyBackendMessage.NO_DATA);
    } else {
      send(rowDescription(columns, formats));
    }
  }

  private void execute(Execute execute) {
    Portal portal = portal(execute.portalName());
    if (portal.statement.isEmptyQuery()) {
      send(EmptyBackendMessage.EMPTY_QUERY_RESPONSE);
      return;
    }
    String command = portal.statement.command();
    if (portal.isDone()) {
      send(CommandComplete.of(command, 0));
      return;
    }
    if (portal.statement.deallocate() != null) {
      portal.finish();
      send(new CommandComplete(deallocate(portal.statement.deallocate())));
      return;
    }
    long start = System.nanoTime();
    boolean failed = false;
    try {
      if (portal.result() == null) {
        cancelRequested = false;
        implicit.beforeExecute(session, command, moreInBatch);
        StatementResult result;
        try {
          result = session.execute(portal.statement.prepared(), portal.parameters);
        } finally {
          sendNotices();
        }
        implicit.afterStatement(session);
        portal.started(result);
        reportChangedSettings(result.changedSettings());
        if (!result.returnsRows()) {
          portal.finish();
          send(CommandComplete.of(result.command(), result.rowCount()));
          return;
        }
      }
      long n = streamRows(portal.result().rows(), portal.writers, execute.maxRows());
      if (execute.maxRows() > 0 && n == execute.maxRows()) {
        send(EmptyBackendMessage.PORTAL_SUSPENDED);
      } else {
        portal.finish();
        send(CommandComplete.of(portal.result().command(), n));
      }
    } catch (RuntimeException e) {
      failed = true;
      portal.finish();
      throw e;
    } finally {
      context.metrics().statementExecuted(PROTOCOL, System.nanoTime() - start, failed);
    }
  }

  private void close(Close close) {
    if (close.kind() == 'S') {
      closeStatement(close.name());
    } else {
      closePortal(close.name());
    }
    send(EmptyBackendMessage.CLOSE_COMPLETE);
  }

  private void closeStatement(String name) {
    PreparedEntry entry = statements.remove(name);
    if (entry != null) {
      entry.close();
    }
  }

  private void closePortal(String name) {
    Portal portal = portals.remove(name);
    if (portal != null) {
      portal.finish();
    }
  }

  private PreparedEntry statement(String name) {
    PreparedEntry entry = statements.get(name);
    if (entry == null) {
      throw new PgError("26000", name.isEmpty() ? "unnamed prepared statement does not exist"
          : "prepared statement \"" + name + "\" does not exist");
    }
    return entry;
  }

  private Portal portal(String name) {
    Portal portal = portals.get(name);
    if (portal == null) {
      throw new PgError("34000", name.isEmpty() ? "unnamed portal does not exist"
          : "portal \"" + name + "\" does not exist");
    }
    return portal;
  }

  /** COPY runs through the simple Query message (as libpq, pgjdbc and psycopg send it); not prepared. */
  private static void rejectCopy(String sql) {
    String s = sql.stripLeading();
    if (s.length() >= 4 && s.regionMatches(true, 0, "copy", 0, 4)
        && (s.length() == 4 || !Character.isLetterOrDigit(s.charAt(4)) && s.charAt(4) != '_')) {
      throw HeliosException.notSupported("COPY in the extended query protocol");
    }
  }

  // ---- rows ----

  /** typlen of the catalog types oid, name and "char" (arrays and vectors: -1). */
  private static final java.util.Map<Integer, Integer> CATALOG_TYPE_SIZES = java.util.Map.of(26, 4, 19, 64, 18, 1);
  /** Catalog types whose binary form is the value type's: oid = int4; name, "char" and json = text. */
  private static final java.util.Set<Integer> CATALOG_BINARY_SAFE = java.util.Set.of(26, 19, 18, 114);

  private RowDescription rowDescription(List<ColumnMeta> columns, short[] formats) {
    List<RowDescription.Field> fields = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      ColumnMeta c = columns.get(i);
      short format = formats == null ? 0 : formats[i];
      int oid = PgTypes.oid(c.type());
      var size = PgTypes.size(c.type());
      // System catalog columns keep their PostgreSQL type (oid, name, "char", arrays) when the bytes
      // sent are that type's: always in text; in binary for oid, name, "char", json and arrays (PgArrayFormat).
      if (c.pgTypeOid() != 0 && (format == 0 || CATALOG_BINARY_SAFE.contains(c.pgTypeOid())
          || PgArrayFormat.supports(c.pgTypeOid()))) {
        oid = c.pgTypeOid();
        size = (short) (int) CATALOG_TYPE_SIZES.getOrDefault(oid, -1);
      }
      fields.add(new RowDescription.Field(c.name(), (int) c.tableId(), (short) c.columnIndex(), oid, size,
          PgTypes.typeModifier(c.type()), format));
    }
    return new RowDescription(fields);
  }

  /** RowDescription and text-format writers of a simple query's result columns. */
  private record TextResultShape(List<ColumnMeta> columns, ZoneId zone, RowDescription description,
      List<ColumnWriter> writers) {}

  private TextResultShape lastTextShape;

  /**
   * The last simple query's shape again when its columns are the same list (a cached plan's) and
   * the time zone is the same: a repeated point SELECT builds neither per statement.
   */
  private TextResultShape textResultShape(List<ColumnMeta> columns) {
    TextResultShape shape = lastTextShape;
    if (shape == null || shape.columns() != columns || shape.zone() != zone) {
      shape = new TextResultShape(columns, zone, rowDescription(columns, null), writers(columns, null));
      lastTextShape = shape;
    }
    return shape;
  }

  /** The column writers of the last Bind, reused while the statement, formats and time zone stay (ColumnWriter is immutable). */
  private PreparedEntry writersStatement;
  private List<ColumnMeta> writersColumns;
  private short[] writersFormats;
  private ZoneId writersZone;
  private List<ColumnWriter> lastWriters;

  private List<ColumnWriter> boundWriters(PreparedEntry statement, short[] formats) {
    List<ColumnMeta> columns = statement.columns();
    if (statement != writersStatement || columns != writersColumns || zone != writersZone
        || !java.util.Arrays.equals(formats, writersFormats)) {
      lastWriters = writers(columns, formats);
      writersStatement = statement;
      writersColumns = columns;
      writersFormats = formats;
      writersZone = zone;
    }
    return lastWriters;
  }

  private List<ColumnWriter> writers(List<ColumnMeta> columns, short[] formats) {
    List<ColumnWriter> writers = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      int arrayOid = PgArrayFormat.supports(columns.get(i).pgTypeOid()) ? columns.get(i).pgTypeOid() : 0;
      writers.add(new ColumnWriter(columns.get(i).type(), formats != null && formats[i] == 1, zone, arrayOid));
    }
    return writers;
  }

  /** Sends up to {@code maxRows} rows (0 = all) as DataRow messages, flushing in chunks. */
  private long streamRows(ResultCursor rows, List<ColumnWriter> writers, long maxRows) {
    long n = 0;
    while ((maxRows <= 0 || n < maxRows) && rows.next()) {
      ColumnWriter.writeRow(buffer(), rows.row(), writers);
      n++;
      if (output.pendingBytes() >= FLUSH_THRESHOLD) {
        flush();
        output.awaitWritable();
        if (!channel.isActive()) {
          throw new HeliosException(ErrorCode.QUERY_CANCELED, "client closed the connection");
        }
      }
    }
    return n;
  }


  // ---- output ----

  private ByteBuf buffer() {
    return output.buffer();
  }

  private void send(BackendMessage message) {
    message.encode(buffer());
  }

  private void flush() {
    output.flush();
  }

  private void readyForQuery() {
    send(ReadyForQuery.of(session.transactionState()));
    flush();
  }

  private void sendError(RuntimeException e) {
    ErrorResponse error;
    if (e instanceof CopyFailure copy) {
      error = ErrorResponse.error(copy.sqlState(), copy.getMessage()).withWhere(copy.where());
    } else if (e instanceof PgError pg) {
      error = ErrorResponse.error(pg.sqlState, pg.getMessage());
    } else if (e instanceof io.heliosdb.hidb.error.ConstraintViolation v) {
      error = new ErrorResponse("ERROR", v.code().sqlState(), v.getMessage(), v.detail(), null);
    } else if (e instanceof HeliosException h) {
      error = h.code() == ErrorCode.ADMIN_SHUTDOWN ? ErrorResponse.fatal(h.code().sqlState(), h.getMessage())
          : ErrorResponse.error(h.code().sqlState(), h.getMessage());
    } else {
      LOG.log(System.Logger.Level.ERROR, "statement failed unexpectedly", e);
      error = ErrorResponse.error(ErrorCode.INTERNAL_ERROR.sqlState(), "internal error: " + e);
    }
    if (error.isFatal()) {
      fatal(error.sqlState(), error.message());
      return;
    }
    send(error);
    flush(); // as PostgreSQL: errors go out at once, even before Sync
  }

  /** Sends a FATAL error, then closes the connection. */
  private void fatal(String sqlState, String message) {
    if (phase == Phase.CLOSED) {
      return;
    }
    send(ErrorResponse.fatal(sqlState, message));
    // Write the error before release() drops whatever is still pending.
    output.flushAndClose();
    release();
  }

  private void release() {
    phase = Phase.CLOSED;
    if (copyIn != null) {
      CopyIn abandoned = copyIn;
      copyIn = null;
      try {
        abandoned.abort();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "undoing an abandoned COPY failed", e);
      }
    }
    portals.values().forEach(Portal::finish);
    portals.clear();
    statements.values().forEach(PreparedEntry::close);
    statements.clear();
    if (cancelKey != null) {
      cancels.unregister(cancelKey);
      cancelKey = null;
    }
    if (session != null) {
      Session s = session;
      session = null;
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing session failed", e);
      }
    }
    output.release();
  }

  private static PgError violation(String message) {
    return new PgError(ErrorCode.PROTOCOL_VIOLATION.sqlState(), message);
  }

  /** A protocol-level error with a SQLSTATE the neutral ErrorCode does not list (26000, 34000, 42P05 ...). */
  private static final class PgError extends RuntimeException {
    final String sqlState;

    PgError(String sqlState, String message) {
      super(message, null, false, false);
      this.sqlState = sqlState;
    }
  }
}
