package io.heliosdb.planner.catalog;

import static io.heliosdb.planner.catalog.ColumnType.INT4;
import static io.heliosdb.planner.catalog.ColumnType.NAME;
import static io.heliosdb.planner.catalog.ColumnType.TEXT;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The SQL-standard information_schema views PostgreSQL clients and tools read, one method per
 * view, over the same catalog snapshot as pg_catalog.
 */
public final class InformationSchema extends AbstractSchema {
  private final CatalogView view;
  private final Map<String, Table> tables;

  public InformationSchema(Catalog catalog) {
    this.view = new CatalogView(catalog);
    Map<String, Table> m = new LinkedHashMap<>();
    for (VirtualTable t : List.of(schemata(), tablesView(), columns(), tableConstraints(), keyColumnUsage(),
        ConstraintViews.referentialConstraints(view.catalog()), ConstraintViews.checkConstraints(view.catalog()),
        ConstraintViews.statistics(view.catalog()))) {
      m.put(t.name(), t);
    }
    this.tables = Collections.unmodifiableMap(m);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  private VirtualTable schemata() {
    return VirtualTable.builder("schemata")
        .column("catalog_name", NAME).column("schema_name", NAME).column("schema_owner", NAME)
        .column("default_character_set_catalog", NAME).column("default_character_set_schema", NAME)
        .column("default_character_set_name", NAME).column("sql_path", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (String s : view.schemas()) {
            rows.add(new Object[] {CatalogView.DATABASE, s, view.roleName(view.ownerOid()), null, null, null, null});
          }
          return rows;
        });
  }

  private VirtualTable tablesView() {
    return VirtualTable.builder("tables")
        .column("table_catalog", NAME).column("table_schema", NAME).column("table_name", NAME)
        .column("table_type", TEXT).column("self_referencing_column_name", NAME)
        .column("reference_generation", TEXT).column("user_defined_type_catalog", NAME)
        .column("user_defined_type_schema", NAME).column("user_defined_type_name", NAME)
        .column("is_insertable_into", TEXT).column("is_typed", TEXT).column("commit_action", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            rows.add(new Object[] {CatalogView.DATABASE, t.schema(), t.name(), "BASE TABLE", null, null, null, null,
                null, "YES", "NO", null});
          }
          for (Map.Entry<String, List<String>> e : SystemSchemas.RELATIONS.entrySet()) {
            boolean pg = e.getKey().equals("pg_catalog");
            for (String name : e.getValue()) {
              rows.add(new Object[] {CatalogView.DATABASE, e.getKey(), name, pg ? "BASE TABLE" : "VIEW", null, null,
                  null, null, null, "NO", "NO", null});
            }
          }
          return rows;
        });
  }

  private VirtualTable columns() {
    return VirtualTable.builder("columns")
        .column("table_catalog", NAME).column("table_schema", NAME).column("table_name", NAME)
        .column("column_name", NAME).column("ordinal_position", INT4).column("column_default", TEXT)
        .column("is_nullable", TEXT).column("data_type", TEXT).column("character_maximum_length", INT4)
        .column("character_octet_length", INT4).column("numeric_precision", INT4)
        .column("numeric_precision_radix", INT4).column("numeric_scale", INT4).column("datetime_precision", INT4)
        .column("interval_type", TEXT).column("interval_precision", INT4).column("collation_name", NAME)
        .column("udt_catalog", NAME).column("udt_schema", NAME).column("udt_name", NAME)
        .column("is_identity", TEXT).column("is_generated", TEXT).column("generation_expression", TEXT)
        .column("is_updatable", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            List<ColumnDescriptor> cols = CatalogView.visibleColumns(t);
            for (int i = 0; i < cols.size(); i++) {
              ColumnDescriptor c = cols.get(i);
              DataType type = c.type();
              PgType pg = PgTypes.byOid(PgTypes.oid(type));
              Integer maxLength = type.id() == io.heliosdb.hidb.proto.TypeId.VARCHAR && type.precision() >= 0
                  ? type.precision() : null;
              Integer octets = null;
              if (maxLength != null) {
                octets = maxLength * 4;
              } else if (pg.category().equals("S")) {
                octets = 1_073_741_824;
              }
              rows.add(new Object[] {CatalogView.DATABASE, t.schema(), t.name(), c.name(), i + 1,
                  c.defaultExpression(), c.nullable() ? "YES" : "NO", dataType(pg), maxLength, octets,
                  numericPrecision(type), numericRadix(type), numericScale(type), datetimePrecision(type), null, null,
                  null, CatalogView.DATABASE, "pg_catalog", pg.name(), "NO", "NEVER", null, "YES"});
            }
          }
          return rows;
        });
  }

  /** data_type: the standard spelling, "ARRAY" and "USER-DEFINED" as PostgreSQL prints them. */
  private static String dataType(PgType t) {
    return t.category().equals("A") ? "ARRAY" : t.sqlName();
  }

  private static Integer numericPrecision(DataType t) {
    return switch (t.id()) {
      case SMALLINT -> 16;
      case INTEGER -> 32;
      case BIGINT -> 64;
      case REAL -> 24;
      case DOUBLE -> 53;
      case NUMERIC -> t.precision() >= 0 ? t.precision() : null;
      default -> null;
    };
  }

  private static Integer numericRadix(DataType t) {
    return switch (t.id()) {
      case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE -> 2;
      case NUMERIC -> 10;
      default -> null;
    };
  }

  private static Integer numericScale(DataType t) {
    return switch (t.id()) {
      case SMALLINT, INTEGER, BIGINT -> 0;
      case NUMERIC -> t.precision() >= 0 ? Math.max(t.scale(), 0) : null;
      default -> null;
    };
  }

  private static Integer datetimePrecision(DataType t) {
    return switch (t.id()) {
      case DATE -> 0;
      case TIME, TIMESTAMP, TIMESTAMPTZ -> 6;
      default -> null;
    };
  }

  private VirtualTable tableConstraints() {
    return VirtualTable.builder("table_constraints")
        .column("constraint_catalog", NAME).column("constraint_schema", NAME).column("constraint_name", NAME)
        .column("table_catalog", NAME).column("table_schema", NAME).column("table_name", NAME)
        .column("constraint_type", TEXT).column("is_deferrable", TEXT).column("initially_deferred", TEXT)
        .column("enforced", TEXT).column("nulls_distinct", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            if (CatalogView.hasPrimaryKey(t)) {
              rows.add(new Object[] {CatalogView.DATABASE, t.schema(), CatalogView.primaryKeyName(t),
                  CatalogView.DATABASE, t.schema(), t.name(), "PRIMARY KEY", "NO", "NO", "YES", null});
            }
            rows.addAll(ConstraintViews.tableConstraints(t));
          }
          return rows;
        });
  }

  private VirtualTable keyColumnUsage() {
    return VirtualTable.builder("key_column_usage")
        .column("constraint_catalog", NAME).column("constraint_schema", NAME).column("constraint_name", NAME)
        .column("table_catalog", NAME).column("table_schema", NAME).column("table_name", NAME)
        .column("column_name", NAME).column("ordinal_position", INT4)
        .column("position_in_unique_constraint", INT4)
        // MySQL's extra columns, read by its clients' foreign key reflection
        .column("referenced_table_schema", NAME).column("referenced_table_name", NAME)
        .column("referenced_column_name", NAME)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            if (CatalogView.hasPrimaryKey(t)) {
              for (int k = 0; k < t.primaryKey().size(); k++) {
                rows.add(new Object[] {CatalogView.DATABASE, t.schema(), CatalogView.primaryKeyName(t),
                    CatalogView.DATABASE, t.schema(), t.name(), t.columns().get(t.primaryKey().get(k)).name(), k + 1,
                    null, null, null, null});
              }
            }
            rows.addAll(ConstraintViews.keyColumnUsage(t));
          }
          return rows;
        });
  }
}
