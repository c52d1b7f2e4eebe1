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
    return values.get(name.toLowerCase(Locale.ROOT));
  }

  String canonicalName(String name) {
    String c = canonical.get(name.toLowerCase(Locale.ROOT));
    return c == null ? name.toLowerCase(Locale.ROOT) : c;
  }

  /** Sets a value; returns the canonical name. Unknown names are kept as custom settings (a.b form). */
  String set(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    if (!canonical.containsKey(key)) {
      canonical.put(key, key);
    }
    values.put(key, value);
    return canonical.get(key);
  }

  String reset(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    String d = defaults.get(key);
    if (d == null) {
      values.remove(key);
    } else {
      values.put(key, d);
    }
    return canonicalName(key);
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
