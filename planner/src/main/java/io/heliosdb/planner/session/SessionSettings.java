package io.heliosdb.planner.session;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A session's settings (what SET changes and SHOW prints), with PostgreSQL's defaults and the
 * spelling PostgreSQL reports them with.
 */
final class SessionSettings {
  /** Settings PostgreSQL reports in ParameterStatus, in canonical spelling. */
  static final List<String> REPORTED = List.of("server_version", "server_encoding", "client_encoding",
      "DateStyle", "IntervalStyle", "TimeZone", "integer_datetimes", "standard_conforming_strings",
      "is_superuser", "session_authorization", "application_name", "in_hot_standby",
      "default_transaction_read_only");

  private final Map<String, String> defaults = new LinkedHashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> canonical = new LinkedHashMap<>();
  /** Inside a transaction block: the values at BEGIN (ROLLBACK restores them), else null. */
  private Map<String, String> atBegin;
  /** Inside a transaction block: the values COMMIT keeps (plain SETs, not SET LOCAL), else null. */
  private Map<String, String> afterCommit;

  SessionSettings(String user, boolean superuser, Map<String, String> startup) {
    def("server_version", "16.4");
    def("server_version_num", "160004");
    def("server_encoding", "UTF8");
    def("client_encoding", "UTF8");
    def("DateStyle", "ISO, MDY");
    def("IntervalStyle", "postgres");
    def("TimeZone", "UTC");
    def("integer_datetimes", "on");
    def("standard_conforming_strings", "on");
    def("is_superuser", superuser ? "on" : "off");
    def("session_authorization", user);
    def("application_name", "");
    def("in_hot_standby", "off");
    def("default_transaction_read_only", "off");
    def("transaction_read_only", "off");
    def("search_path", "\"$user\", public");
    def("transaction_isolation", "read committed");
    def("default_transaction_isolation", "read committed");
    def("extra_float_digits", "1");
    def("statement_timeout", "0");
    def("lock_timeout", "0");
    def("idle_in_transaction_session_timeout", "0");
    def("max_identifier_length", "63");
    def("bytea_output", "hex");
    def("lc_messages", "C");
    def("lc_monetary", "C");
    def("lc_numeric", "C");
    def("lc_time", "C");
    def("jit", "off"); // no JIT here; asyncpg reads it and switches it off around its introspection

    def("datestyle", null);
    for (Map.Entry<String, String> e : startup.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (canonical.containsKey(key) && !key.equals("user") && !key.equals("database")) {
        values.put(key, e.getValue());
      }
    }
  }

  private void def(String name, String value) {
    if (value == null) {
      return;
    }
    String key = name.toLowerCase(Locale.ROOT);
    canonical.put(key, name);
    defaults.put(key, value);
    values.put(key, value);
  }

  boolean known(String name) {
    return canonical.containsKey(name.toLowerCase(Locale.ROOT));
  }

  String get(String name) {
    // Callers mostly pass the lower-case key itself: no lower-casing copy on every statement then.
    String value = values.get(name);
    return value != null ? value : values.get(name.toLowerCase(Locale.ROOT));
  }

  String canonicalName(String name) {
    String c = canonical.get(name.toLowerCase(Locale.ROOT));
    return c == null ? name.toLowerCase(Locale.ROOT) : c;
  }

  /** Sets a value; returns the canonical name. Unknown names are kept as custom settings (a.b form). */
  String set(String name, String value) {
    return set(name, value, false);
  }

  /**
   * Sets a value for the session, or with {@code local} only until the transaction block ends
   * (SET LOCAL; outside a block it has no effect, as in PostgreSQL). Returns the canonical name.
   */
  String set(String name, String value, boolean local) {
    String key = name.toLowerCase(Locale.ROOT);
    if (!canonical.containsKey(key)) {
      canonical.put(key, key);
    }
    if (key.equals("datestyle")) {
      value = dateStyle(value, values.get(key));
    }
    if (local && atBegin == null) {
      return canonical.get(key);
    }
    put(values, key, value);
    if (!local && afterCommit != null) {
      put(afterCommit, key, value);
    }
    return canonical.get(key);
  }

  String reset(String name) {
    return reset(name, false);
  }

  String reset(String name, boolean local) {
    String key = name.toLowerCase(Locale.ROOT);
    set(key, defaults.get(key), local);
    return canonicalName(key);
  }

  private static void put(Map<String, String> map, String key, String value) {
    if (value == null) {
      map.remove(key);
    } else {
      map.put(key, value);
    }
  }

  /** A transaction block starts: later SETs are undone by ROLLBACK, SET LOCALs by its end. */
  void beginBlock() {
    atBegin = new LinkedHashMap<>(values);
    afterCommit = new LinkedHashMap<>(values);
  }

  /**
   * The transaction block ends: keeps the session's SETs on commit, restores the values at BEGIN on
   * rollback; SET LOCAL values end either way. Returns the reported settings whose value changed
   * (canonical name -> new value), for ParameterStatus.
   */
  Map<String, String> endBlock(boolean committed) {
    Map<String, String> target = committed ? afterCommit : atBegin;
    atBegin = null;
    afterCommit = null;
    if (target == null) {
      return Map.of();
    }
    Map<String, String> changed = new LinkedHashMap<>();
    for (String name : REPORTED) {
      String key = name.toLowerCase(Locale.ROOT);
      String now = values.get(key);
      String then = target.get(key);
      if (then != null && !then.equals(now)) {
        changed.put(name, then);
      }
    }
    values.clear();
    values.putAll(target);
    return changed;
  }

  boolean inBlock() {
    return atBegin != null;
  }

  /**
   * DateStyle as PostgreSQL stores it: "style, order". A value naming only the style keeps the
   * current order (German implies DMY), one naming only the order keeps the current style.
   */
  static String dateStyle(String value, String current) {
    if (value == null) {
      return null;
    }
    String style = null;
    String order = null;
    for (String part : value.split("[,\\s]+")) {
      switch (part.trim().toUpperCase(Locale.ROOT)) {
        case "ISO" -> style = "ISO";
        case "SQL" -> style = "SQL";
        case "POSTGRES" -> style = "Postgres";
        case "GERMAN" -> style = "German";
        case "DMY", "EURO", "EUROPEAN" -> order = "DMY";
        case "MDY", "US", "NONEURO", "NONEUROPEAN" -> order = "MDY";
        case "YMD" -> order = "YMD";
        case "DEFAULT", "" -> { }
        default -> throw new io.heliosdb.hidb.error.HeliosException(
            io.heliosdb.hidb.error.ErrorCode.INVALID_PARAMETER_VALUE,
            "invalid value for parameter \"DateStyle\": \"" + value + "\"");
      }
    }
    String[] now = (current == null ? "ISO, MDY" : current).split(",\\s*");
    if (style == null) {
      style = now[0];
    }
    if (order == null) {
      order = style.equals("German") ? "DMY" : now.length > 1 ? now[1] : "MDY";
    }
    return style + ", " + order;
  }

  Map<String, String> reported() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : REPORTED) {
      out.put(name, get(name));
    }
    return out;
  }

  boolean isReported(String canonicalName) {
    return REPORTED.contains(canonicalName);
  }

  Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      out.put(canonicalName(e.getKey()), e.getValue());
    }
    return out;
  }
}
