package io.heliosdb.planner.dialect.mysql;

import static io.heliosdb.planner.catalog.ColumnType.INT8;
import static io.heliosdb.planner.catalog.ColumnType.TEXT;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.catalog.IndexInfo;
import io.heliosdb.planner.catalog.VirtualTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * MySQL 8.0's information_schema, generated from the same catalog snapshot as the PostgreSQL one
 * but with MySQL's column sets (TABLES.TABLE_COMMENT, COLUMNS.COLUMN_TYPE / COLUMN_KEY / EXTRA,
 * STATISTICS, KEY_COLUMN_USAGE with REFERENCED_*, ...) and MySQL's names: databases are schemas,
 * the default schema shows as the default database, TABLE_CATALOG is 'def' and the primary key is
 * called PRIMARY. MySQL sessions reach it under {@link #SCHEMA} ({@link MySqlTranslator} rewrites
 * the {@code information_schema} qualifier), so PostgreSQL clients keep the standard views.
 */
public final class MySqlInformationSchema extends AbstractSchema {
  /** The planner schema the MySQL dialect's {@code information_schema} resolves to. */
  public static final String SCHEMA = "mysql_information_schema";

  private static final Set<String> SYSTEM_SCHEMAS = Set.of("pg_catalog", "information_schema");
  private static final String CHARSET = "utf8mb4";
  private static final String COLLATION = "utf8mb4_0900_ai_ci";

  private final Catalog catalog;
  private final String defaultDatabase;
  private final String defaultSchema;
  private final Map<String, Table> tables;

  /**
   * @param defaultDatabase the database name of {@code defaultSchema} ("heliosdb")
   * @param defaultSchema the schema MySQL clients see as {@code defaultDatabase} ("public")
   */
  public MySqlInformationSchema(Catalog catalog, String defaultDatabase, String defaultSchema) {
    this.catalog = catalog;
    this.defaultDatabase = defaultDatabase;
    this.defaultSchema = defaultSchema;
    Map<String, Table> m = new LinkedHashMap<>();
    for (VirtualTable t : List.of(schemata(), tablesView(), columns(), statistics(), tableConstraints(),
        keyColumnUsage(), referentialConstraints(), checkConstraints(), views(), routines(), parameters(),
        triggers(), columnPrivileges(), tablePrivileges())) {
      m.put(t.name(), t);
    }
    this.tables = Collections.unmodifiableMap(m);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The MySQL database name of a schema. */
  private String database(String schema) {
    return schema.equals(defaultSchema) ? defaultDatabase : schema;
  }

  private List<String> userSchemas() {
    List<String> out = new ArrayList<>();
    for (String s : catalog.schemas()) {
      if (!SYSTEM_SCHEMAS.contains(s)) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparing(this::database));
    return out;
  }

  private List<TableDescriptor> userTables() {
    List<TableDescriptor> out = new ArrayList<>();
    for (TableDescriptor t : catalog.tables().values()) {
      if (!SYSTEM_SCHEMAS.contains(t.schema())) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparing((TableDescriptor t) -> database(t.schema())).thenComparing(TableDescriptor::name));
    return out;
  }

  private static boolean hasPrimaryKey(TableDescriptor t) {
    return !t.hasHiddenRowId() && !t.primaryKey().isEmpty();
  }

  private VirtualTable schemata() {
    return VirtualTable.builder("schemata")
        .column("catalog_name", TEXT).column("schema_name", TEXT).column("default_character_set_name", TEXT)
        .column("default_collation_name", TEXT).column("sql_path", TEXT).column("default_encryption", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (String s : userSchemas()) {
            rows.add(new Object[] {"def", database(s), CHARSET, COLLATION, null, "NO"});
          }
          return rows;
        });
  }

  private VirtualTable tablesView() {
    return VirtualTable.builder("tables")
        .column("table_catalog", TEXT).column("table_schema", TEXT).column("table_name", TEXT)
        .column("table_type", TEXT).column("engine", TEXT).column("version", INT8).column("row_format", TEXT)
        .column("table_rows", INT8).column("avg_row_length", INT8).column("data_length", INT8)
        .column("max_data_length", INT8).column("index_length", INT8).column("data_free", INT8)
        .column("auto_increment", INT8).column("create_time", TEXT).column("update_time", TEXT)
        .column("check_time", TEXT).column("table_collation", TEXT).column("checksum", INT8)
        .column("create_options", TEXT).column("table_comment", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            // sizes and row counts are not kept per table: 0, as InnoDB shows before ANALYZE TABLE
            rows.add(new Object[] {"def", database(t.schema()), t.name(), "BASE TABLE", "InnoDB", 10L, "Dynamic",
                0L, 0L, 0L, 0L, 0L, 0L, null, null, null, null, COLLATION, null, "", ""});
          }
          return rows;
        });
  }

  private VirtualTable columns() {
    return VirtualTable.builder("columns")
        .column("table_catalog", TEXT).column("table_schema", TEXT).column("table_name", TEXT)
        .column("column_name", TEXT).column("ordinal_position", INT8).column("column_default", TEXT)
        .column("is_nullable", TEXT).column("data_type", TEXT).column("character_maximum_length", INT8)
        .column("character_octet_length", INT8).column("numeric_precision", INT8).column("numeric_scale", INT8)
        .column("datetime_precision", INT8).column("character_set_name", TEXT).column("collation_name", TEXT)
        .column("column_type", TEXT).column("column_key", TEXT).column("extra", TEXT).column("privileges", TEXT)
        .column("column_comment", TEXT).column("generation_expression", TEXT).column("srs_id", INT8)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            Set<Integer> pk = hasPrimaryKey(t) ? Set.copyOf(t.primaryKey()) : Set.of();
            Set<Integer> uniqueFirst = new HashSet<>();
            Set<Integer> indexedFirst = new HashSet<>();
            for (IndexDescriptor i : t.indexes()) {
              (i.unique() && i.columns().size() == 1 ? uniqueFirst : indexedFirst).add(i.columns().get(0));
            }
            int position = 0;
            for (int c = 0; c < t.columns().size(); c++) {
              ColumnDescriptor col = t.columns().get(c);
              if (col.hidden()) {
                continue;
              }
              position++;
              ColumnShape s = ColumnShape.of(col.type());
              boolean autoIncrement = MySqlShowCommands.fromSequence(col.defaultExpression());
              String key = pk.contains(c) ? "PRI" : uniqueFirst.contains(c) ? "UNI" : indexedFirst.contains(c) ? "MUL" : "";
              rows.add(new Object[] {"def", database(t.schema()), t.name(), col.name(), (long) position,
                  autoIncrement ? null : MySqlShowCommands.defaultValue(col.defaultExpression()),
                  col.nullable() ? "YES" : "NO", s.dataType(), s.charLength(), s.octetLength(), s.precision(),
                  s.scale(), s.datetimePrecision(), s.textual() ? CHARSET : null, s.textual() ? COLLATION : null,
                  s.columnType(), key, autoIncrement ? "auto_increment" : "", "select,insert,update,references", "",
                  "", null});
            }
          }
          return rows;
        });
  }

  /** A column type's MySQL description: DATA_TYPE, COLUMN_TYPE and the lengths and precisions. */
  record ColumnShape(String columnType, String dataType, Long charLength, Long octetLength, Long precision, Long scale,
      Long datetimePrecision, boolean textual) {
    private static final long LONG_TEXT = 4294967295L;

    static ColumnShape of(DataType type) {
      String columnType = MySqlTypeNames.toMySql(type);
      int paren = columnType.indexOf('(');
      String dataType = paren < 0 ? columnType : columnType.substring(0, paren);
      return switch (type.id()) {
        case BOOLEAN -> number(columnType, dataType, 3, 0L);
        case SMALLINT -> number(columnType, dataType, 5, 0L);
        case INTEGER -> number(columnType, dataType, 10, 0L);
        case BIGINT -> number(columnType, dataType, 19, 0L);
        case REAL -> number(columnType, dataType, 12, null);
        case DOUBLE -> number(columnType, dataType, 22, null);
        case NUMERIC -> type.precision() >= 0
            ? number(columnType, dataType, type.precision(), (long) Math.max(0, type.scale()))
            : number(columnType, dataType, 65, 30L);
        case VARCHAR -> type.precision() >= 0
            ? new ColumnShape(columnType, dataType, (long) type.precision(), 4L * type.precision(), null, null, null, true)
            : new ColumnShape(columnType, dataType, LONG_TEXT, LONG_TEXT, null, null, null, true);
        case TEXT -> new ColumnShape(columnType, dataType, LONG_TEXT, LONG_TEXT, null, null, null, true);
        case UUID -> new ColumnShape(columnType, dataType, 36L, 144L, null, null, null, true);
        case BYTEA -> new ColumnShape(columnType, dataType, LONG_TEXT, LONG_TEXT, null, null, null, false);
        case TIME, TIMESTAMP, TIMESTAMPTZ -> new ColumnShape(columnType, dataType, null, null, null, null, 6L, false);
        default -> new ColumnShape(columnType, dataType, null, null, null, null, null, false);
      };
    }

    private static ColumnShape number(String columnType, String dataType, int precision, Long scale) {
      return new ColumnShape(columnType, dataType, null, null, (long) precision, scale, null, false);
    }
  }

  private VirtualTable statistics() {
    return VirtualTable.builder("statistics")
        .column("table_catalog", TEXT).column("table_schema", TEXT).column("table_name", TEXT)
        .column("non_unique", INT8).column("index_schema", TEXT).column("index_name", TEXT)
        .column("seq_in_index", INT8).column("column_name", TEXT).column("collation", TEXT)
        .column("cardinality", INT8).column("sub_part", INT8).column("packed", TEXT).column("nullable", TEXT)
        .column("index_type", TEXT).column("comment", TEXT).column("index_comment", TEXT)
        .column("is_visible", TEXT).column("expression", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            for (IndexInfo i : IndexInfo.of(t)) {
              for (int k = 0; k < i.columns().size(); k++) {
                ColumnDescriptor c = t.columns().get(i.columns().get(k));
                rows.add(new Object[] {"def", database(t.schema()), t.name(), i.unique() ? 0L : 1L,
                    database(t.schema()), i.mysqlName(), (long) (k + 1), c.name(), "A", 0L, null, null,
                    c.nullable() ? "YES" : "", "BTREE", "", "", "YES", null});
              }
            }
          }
          return rows;
        });
  }

  private VirtualTable tableConstraints() {
    return VirtualTable.builder("table_constraints")
        .column("constraint_catalog", TEXT).column("constraint_schema", TEXT).column("constraint_name", TEXT)
        .column("table_schema", TEXT).column("table_name", TEXT).column("constraint_type", TEXT)
        .column("enforced", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            String db = database(t.schema());
            for (IndexInfo i : IndexInfo.of(t)) {
              if (i.unique()) {
                rows.add(new Object[] {"def", db, i.mysqlName(), db, t.name(), i.primary() ? "PRIMARY KEY" : "UNIQUE", "YES"});
              }
            }
            for (ConstraintDescriptor k : t.constraints()) {
              rows.add(new Object[] {"def", db, k.name(), db, t.name(),
                  k.kind() == ConstraintDescriptor.Kind.CHECK ? "CHECK" : "FOREIGN KEY", "YES"});
            }
          }
          return rows;
        });
  }

  private VirtualTable keyColumnUsage() {
    return VirtualTable.builder("key_column_usage")
        .column("constraint_catalog", TEXT).column("constraint_schema", TEXT).column("constraint_name", TEXT)
        .column("table_catalog", TEXT).column("table_schema", TEXT).column("table_name", TEXT)
        .column("column_name", TEXT).column("ordinal_position", INT8).column("position_in_unique_constraint", INT8)
        .column("referenced_table_schema", TEXT).column("referenced_table_name", TEXT)
        .column("referenced_column_name", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            String db = database(t.schema());
            for (IndexInfo i : IndexInfo.of(t)) {
              if (!i.unique()) {
                continue;
              }
              for (int k = 0; k < i.columns().size(); k++) {
                rows.add(new Object[] {"def", db, i.mysqlName(), "def", db, t.name(), t.columns().get(i.columns().get(k)).name(),
                    (long) (k + 1), null, null, null, null});
              }
            }
            for (ConstraintDescriptor c : t.constraints()) {
              if (c.kind() != ConstraintDescriptor.Kind.FOREIGN_KEY) {
                continue;
              }
              for (int k = 0; k < c.columns().size(); k++) {
                rows.add(new Object[] {"def", db, c.name(), "def", db, t.name(), t.columns().get(c.columns().get(k)).name(),
                    (long) (k + 1), (long) (k + 1), database(c.refSchema()), c.refTable(), c.refColumns().get(k)});
              }
            }
          }
          return rows;
        });
  }

  /** The key a foreign key references as MySQL names it: PRIMARY or the matching unique index. */
  private String referencedKeyName(ConstraintDescriptor k) {
    TableDescriptor parent = catalog.table(k.refSchema(), k.refTable()).orElse(null);
    if (parent == null) {
      return null;
    }
    Set<Integer> refs = new HashSet<>();
    k.refColumns().forEach(c -> refs.add(parent.columnIndex(c)));
    if (hasPrimaryKey(parent) && Set.copyOf(parent.primaryKey()).equals(refs)) {
      return "PRIMARY";
    }
    for (IndexDescriptor i : parent.indexes()) {
      if (i.unique() && Set.copyOf(i.columns()).equals(refs)) {
        return i.name();
      }
    }
    return "PRIMARY";
  }

  private VirtualTable referentialConstraints() {
    return VirtualTable.builder("referential_constraints")
        .column("constraint_catalog", TEXT).column("constraint_schema", TEXT).column("constraint_name", TEXT)
        .column("unique_constraint_catalog", TEXT).column("unique_constraint_schema", TEXT)
        .column("unique_constraint_name", TEXT).column("match_option", TEXT).column("update_rule", TEXT)
        .column("delete_rule", TEXT).column("table_name", TEXT).column("referenced_table_name", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            for (ConstraintDescriptor k : t.constraints()) {
              if (k.kind() == ConstraintDescriptor.Kind.FOREIGN_KEY) {
                rows.add(new Object[] {"def", database(t.schema()), k.name(), "def", database(k.refSchema()),
                    referencedKeyName(k), "NONE", k.onUpdate(), k.onDelete(), t.name(), k.refTable()});
              }
            }
          }
          return rows;
        });
  }

  private VirtualTable checkConstraints() {
    return VirtualTable.builder("check_constraints")
        .column("constraint_catalog", TEXT).column("constraint_schema", TEXT).column("constraint_name", TEXT)
        .column("check_clause", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : userTables()) {
            for (ConstraintDescriptor k : t.constraints()) {
              if (k.kind() == ConstraintDescriptor.Kind.CHECK) {
                rows.add(new Object[] {"def", database(t.schema()), k.name(), "(" + k.checkExpression() + ")"});
              }
            }
          }
          return rows;
        });
  }

  // HeliosDB has no views, stored routines, triggers or per-object grants yet: MySQL's tables for
  // them are there (clients' metadata calls read them) and empty.

  private static VirtualTable views() {
    return VirtualTable.builder("views")
        .column("table_catalog", TEXT).column("table_schema", TEXT).column("table_name", TEXT)
        .column("view_definition", TEXT).column("check_option", TEXT).column("is_updatable", TEXT)
        .column("definer", TEXT).column("security_type", TEXT).column("character_set_client", TEXT)
        .column("collation_connection", TEXT)
        .empty();
  }

  private static VirtualTable routines() {
    return VirtualTable.builder("routines")
        .column("specific_name", TEXT).column("routine_catalog", TEXT).column("routine_schema", TEXT)
        .column("routine_name", TEXT).column("routine_type", TEXT).column("data_type", TEXT)
        .column("character_maximum_length", INT8).column("character_octet_length", INT8)
        .column("numeric_precision", INT8).column("numeric_scale", INT8).column("datetime_precision", INT8)
        .column("character_set_name", TEXT).column("collation_name", TEXT).column("dtd_identifier", TEXT)
        .column("routine_body", TEXT).column("routine_definition", TEXT).column("external_name", TEXT)
        .column("external_language", TEXT).column("parameter_style", TEXT).column("is_deterministic", TEXT)
        .column("sql_data_access", TEXT).column("sql_path", TEXT).column("security_type", TEXT)
        .column("created", TEXT).column("last_altered", TEXT).column("sql_mode", TEXT)
        .column("routine_comment", TEXT).column("definer", TEXT).column("character_set_client", TEXT)
        .column("collation_connection", TEXT).column("database_collation", TEXT)
        .empty();
  }

  private static VirtualTable parameters() {
    return VirtualTable.builder("parameters")
        .column("specific_catalog", TEXT).column("specific_schema", TEXT).column("specific_name", TEXT)
        .column("ordinal_position", INT8).column("parameter_mode", TEXT).column("parameter_name", TEXT)
        .column("data_type", TEXT).column("character_maximum_length", INT8).column("character_octet_length", INT8)
        .column("numeric_precision", INT8).column("numeric_scale", INT8).column("datetime_precision", INT8)
        .column("character_set_name", TEXT).column("collation_name", TEXT).column("dtd_identifier", TEXT)
        .column("routine_type", TEXT)
        .empty();
  }

  private static VirtualTable triggers() {
    return VirtualTable.builder("triggers")
        .column("trigger_catalog", TEXT).column("trigger_schema", TEXT).column("trigger_name", TEXT)
        .column("event_manipulation", TEXT).column("event_object_catalog", TEXT).column("event_object_schema", TEXT)
        .column("event_object_table", TEXT).column("action_order", INT8).column("action_condition", TEXT)
        .column("action_statement", TEXT).column("action_orientation", TEXT).column("action_timing", TEXT)
        .empty();
  }

  private static VirtualTable columnPrivileges() {
    return VirtualTable.builder("column_privileges")
        .column("grantee", TEXT).column("table_catalog", TEXT).column("table_schema", TEXT)
        .column("table_name", TEXT).column("column_name", TEXT).column("privilege_type", TEXT)
        .column("is_grantable", TEXT)
        .empty();
  }

  private static VirtualTable tablePrivileges() {
    return VirtualTable.builder("table_privileges")
        .column("grantee", TEXT).column("table_catalog", TEXT).column("table_schema", TEXT)
        .column("table_name", TEXT).column("privilege_type", TEXT).column("is_grantable", TEXT)
        .empty();
  }
}
