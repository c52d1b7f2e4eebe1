package io.heliosdb.planner.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the system relations (listed in pg_class so that 'pg_catalog.pg_class'::regclass and
 * psql's \dS resolve) and of the settings pg_settings shows; a unit test keeps them in step with
 * the schemas' tables.
 */
final class SystemSchemas {
  static final Map<String, List<String>> RELATIONS;

  static {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("pg_catalog", List.of("pg_namespace", "pg_class", "pg_attribute", "pg_type", "pg_index",
        "pg_constraint", "pg_attrdef", "pg_description", "pg_database", "pg_roles", "pg_user", "pg_settings",
        "pg_proc", "pg_am", "pg_collation", "pg_inherits", "pg_sequence", "pg_enum", "pg_range", "pg_tablespace",
        "pg_opclass", "pg_policy", "pg_statistic_ext", "pg_publication", "pg_publication_namespace",
        "pg_publication_rel", "pg_trigger", "pg_rewrite", "pg_auth_members"));
    m.put("information_schema", List.of("schemata", "tables", "columns", "table_constraints",
        "key_column_usage", "referential_constraints", "check_constraints", "statistics"));
    RELATIONS = java.util.Collections.unmodifiableMap(m);
  }

  static final List<String> SETTINGS = List.of("application_name", "bytea_output", "client_encoding", "DateStyle",
      "default_transaction_isolation", "default_transaction_read_only", "extra_float_digits",
      "idle_in_transaction_session_timeout", "integer_datetimes", "IntervalStyle", "is_superuser", "lc_messages",
      "lc_monetary", "lc_numeric", "lc_time", "lock_timeout", "max_identifier_length", "search_path",
      "server_encoding", "server_version", "server_version_num", "session_authorization",
      "standard_conforming_strings", "statement_timeout", "TimeZone", "transaction_isolation",
      "transaction_read_only");

  private SystemSchemas() {}
}
