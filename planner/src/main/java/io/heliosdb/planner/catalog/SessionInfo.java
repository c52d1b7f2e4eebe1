package io.heliosdb.planner.catalog;

import java.util.function.Function;

/**
 * What session-dependent catalog functions (current_user, current_schema(), current_setting())
 * read at execution; cached plans are shared by sessions, so these are never folded at plan time.
 *
 * @param user the session's user
 * @param database the database the session is connected to
 * @param schema the first existing schema of the session's search_path
 * @param settings the session's current value of a setting, or null when unknown
 * @param sequences the session's nextval / currval state, or null outside a session
 * @param clock the start times of the session's transaction and statement (now(), statement_timestamp())
 * @param settingWriter set_config's way into the session's settings, or null outside a session
 */
public record SessionInfo(String user, String database, String schema, Function<String, String> settings,
    io.heliosdb.planner.sequence.SessionSequences sequences, Clock clock, SettingWriter settingWriter) {

  public SessionInfo(String user, String database, String schema, Function<String, String> settings) {
    this(user, database, schema, settings, null, Clock.WALL, null);
  }

  public SessionInfo(String user, String database, String schema, Function<String, String> settings,
      io.heliosdb.planner.sequence.SessionSequences sequences) {
    this(user, database, schema, settings, sequences, Clock.WALL, null);
  }

  public SessionInfo(String user, String database, String schema, Function<String, String> settings,
      io.heliosdb.planner.sequence.SessionSequences sequences, Clock clock) {
    this(user, database, schema, settings, sequences, clock, null);
  }

  /** set_config(name, value, is_local): changes a setting of the session, returns its new value. */
  @FunctionalInterface
  public interface SettingWriter {
    String set(String name, String value, boolean local);
  }

  /** Microseconds since the epoch (UTC) at which the transaction and the statement started. */
  public interface Clock {
    long transactionStartMicros();

    long statementStartMicros();

    /** Outside a session every read is its own transaction and statement. */
    Clock WALL = new Clock() {
      @Override
      public long transactionStartMicros() {
        return nowMicros();
      }

      @Override
      public long statementStartMicros() {
        return nowMicros();
      }
    };
  }

  /** The wall clock in microseconds since the epoch (clock_timestamp()). */
  public static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** For executions outside a client session (tests, internal plans). */
  public static final SessionInfo NONE = new SessionInfo("heliosdb", "heliosdb", "public", name -> null);

  /** The session of the execution a DataContext belongs to (NONE outside a session). */
  public static SessionInfo of(org.apache.calcite.DataContext root) {
    Object ctx = root == null ? null : root.get(io.heliosdb.planner.calcite.ExecutionContext.KEY);
    if (ctx instanceof io.heliosdb.planner.calcite.ExecutionContext e && e.session() != null) {
      return e.session();
    }
    return NONE;
  }
}
