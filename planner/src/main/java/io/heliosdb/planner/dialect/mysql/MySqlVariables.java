package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MySQL system variables clients read at connect ({@code @@version}, {@code SHOW VARIABLES},
 * Connector/J's session-variable query) with values that describe HeliosDB truthfully where the
 * variable means something here, and MySQL 8.0's defaults where it only has to be well-formed.
 * Session assignments of known variables are kept per connection; unknown names are error 1193.
 * Numeric values are Longs, everything else Strings.
 */
public final class MySqlVariables {
  /** The server version clients parse (8.0 feature checks) and see in the handshake. */
  public static final String SERVER_VERSION = "8.0.36-HeliosDB";

  private static final Map<String, Object> DEFAULTS = defaults();

  private final Map<String, Object> session = new TreeMap<>();
  private int changes;

  private static Map<String, Object> defaults() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("auto_increment_increment", 1L);
    d.put("auto_increment_offset", 1L);
    d.put("autocommit", 1L);
    d.put("character_set_client", "utf8mb4");
    d.put("character_set_connection", "utf8mb4");
    d.put("character_set_database", "utf8mb4");
    d.put("character_set_filesystem", "binary");
    d.put("character_set_results", "utf8mb4");
    d.put("character_set_server", "utf8mb4");
    d.put("character_set_system", "utf8mb3");
    d.put("collation_connection", "utf8mb4_0900_ai_ci");
    d.put("collation_database", "utf8mb4_0900_ai_ci");
    d.put("collation_server", "utf8mb4_0900_ai_ci");
    d.put("default_authentication_plugin", "caching_sha2_password");
    d.put("default_storage_engine", "InnoDB");
    d.put("div_precision_increment", 4L);
    d.put("error_count", 0L);
    d.put("explicit_defaults_for_timestamp", "ON");
    d.put("foreign_key_checks", 1L);
    d.put("group_concat_max_len", 1024L);
    d.put("have_ssl", "YES");
    d.put("have_query_cache", "NO");
    d.put("identity", 0L);
    d.put("init_connect", "");
    d.put("interactive_timeout", 28800L);
    d.put("last_insert_id", 0L);
    d.put("license", "Apache-2.0");
    d.put("lower_case_table_names", 1L);
    d.put("max_allowed_packet", 67108864L);
    d.put("max_execution_time", 0L);
    d.put("net_buffer_length", 16384L);
    d.put("net_read_timeout", 30L);
    d.put("net_write_timeout", 60L);
    d.put("performance_schema", 0L);
    d.put("port", 3306L);
    d.put("protocol_version", 10L);
    d.put("query_cache_size", 0L);
    d.put("query_cache_type", "OFF");
    d.put("require_secure_transport", "OFF");
    d.put("session_track_schema", "ON");
    d.put("session_track_state_change", "OFF");
    d.put("session_track_system_variables", "");
    d.put("session_track_transaction_info", "OFF");
    d.put("sql_auto_is_null", 0L);
    d.put("sql_mode", "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
        + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION");
    d.put("sql_require_primary_key", "OFF");
    d.put("innodb_lock_wait_timeout", 50L);
    d.put("sql_safe_updates", 0L);
    d.put("sql_select_limit", "18446744073709551615");
    d.put("sql_warnings", 0L);
    d.put("system_time_zone", "UTC");
    d.put("time_zone", "+00:00");
    d.put("transaction_isolation", "READ-COMMITTED");
    d.put("transaction_read_only", 0L);
    d.put("tx_isolation", "READ-COMMITTED");
    d.put("tx_read_only", 0L);
    d.put("unique_checks", 1L);
    d.put("version", SERVER_VERSION);
    d.put("version_comment", "HeliosDB");
    d.put("version_compile_machine", "x86_64");
    d.put("version_compile_os", "Linux");
    d.put("wait_timeout", 28800L);
    d.put("warning_count", 0L);
    return Collections.unmodifiableMap(d);
  }

  /** The value of {@code name} (any case, without {@code @@} or scope), or error 1193 for an unknown name. */
  public Object get(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    Object v = session.containsKey(key) ? session.get(key) : DEFAULTS.get(key);
    if (v == null && !DEFAULTS.containsKey(key)) {
      throw unknown(name);
    }
    return v;
  }

  public boolean isKnown(String name) {
    return DEFAULTS.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Sets a session value of a known variable; {@code null} restores the default (SET x = DEFAULT). */
  public void set(String name, Object value) {
    String key = name.toLowerCase(Locale.ROOT);
    if (!DEFAULTS.containsKey(key)) {
      throw unknown(name);
    }
    if (value == null) {
      session.remove(key);
    } else {
      session.put(key, value);
    }
    changes++;
  }

  /** The session's own values, to {@link #restore} when a statement that set some fails. */
  Map<String, Object> sessionValues() {
    return new TreeMap<>(session);
  }

  /** Puts back what {@link #sessionValues} returned. */
  void restore(Map<String, Object> values) {
    session.clear();
    session.putAll(values);
    changes++;
  }

  /** Counts set() calls: values derived from the variables are current while it stays the same. */
  public int changes() {
    return changes;
  }

  /** Every variable with its current session value, by name. */
  public Map<String, Object> all() {
    Map<String, Object> out = new TreeMap<>(DEFAULTS);
    out.putAll(session);
    return out;
  }

  private static HeliosException unknown(String name) {
    return new HeliosException(ErrorCode.UNDEFINED_OBJECT, "Unknown system variable '" + name + "'");
  }
}
