package io.heliosdb.planner.catalog;

import static io.heliosdb.planner.catalog.ColumnType.INT4;
import static io.heliosdb.planner.catalog.ColumnType.INT8;
import static io.heliosdb.planner.catalog.ColumnType.NAME;
import static io.heliosdb.planner.catalog.ColumnType.TEXT;

import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * information_schema rows for UNIQUE, CHECK and FOREIGN KEY constraints and for indexes
 * (MySQL's STATISTICS), beside the primary-key rows {@link InformationSchema} makes itself.
 */
final class ConstraintViews {
  private ConstraintViews() {}

  static List<Object[]> tableConstraints(TableDescriptor t) {
    List<Object[]> rows = new ArrayList<>();
    for (IndexDescriptor i : t.indexes()) {
      if (i.constraint()) {
        rows.add(new Object[] {CatalogView.DATABASE, t.schema(), i.name(), CatalogView.DATABASE, t.schema(), t.name(),
            "UNIQUE", "NO", "NO", "YES", "YES"});
      }
    }
    for (ConstraintDescriptor k : t.constraints()) {
      rows.add(new Object[] {CatalogView.DATABASE, t.schema(), k.name(), CatalogView.DATABASE, t.schema(), t.name(),
          k.kind() == ConstraintDescriptor.Kind.CHECK ? "CHECK" : "FOREIGN KEY", "NO", "NO", "YES", null});
    }
    return rows;
  }

  static List<Object[]> keyColumnUsage(TableDescriptor t) {
    List<Object[]> rows = new ArrayList<>();
    for (IndexDescriptor i : t.indexes()) {
      if (!i.constraint()) {
        continue;
      }
      for (int k = 0; k < i.columns().size(); k++) {
        rows.add(new Object[] {CatalogView.DATABASE, t.schema(), i.name(), CatalogView.DATABASE, t.schema(), t.name(),
            t.columns().get(i.columns().get(k)).name(), k + 1, null, null, null, null});
      }
    }
    for (ConstraintDescriptor c : t.constraints()) {
      if (c.kind() != ConstraintDescriptor.Kind.FOREIGN_KEY) {
        continue;
      }
      for (int k = 0; k < c.columns().size(); k++) {
        rows.add(new Object[] {CatalogView.DATABASE, t.schema(), c.name(), CatalogView.DATABASE, t.schema(), t.name(),
            t.columns().get(c.columns().get(k)).name(), k + 1, k + 1, c.refSchema(), c.refTable(),
            c.refColumns().get(k)});
      }
    }
    return rows;
  }

  /** The name of the key a foreign key references: the parent's primary key or a unique constraint. */
  static String referencedKeyName(Catalog catalog, ConstraintDescriptor k) {
    TableDescriptor parent = catalog.table(k.refSchema(), k.refTable()).orElse(null);
    if (parent == null) {
      return null;
    }
    Set<Integer> refs = Set.copyOf(k.refColumns().stream().map(parent::columnIndex).toList());
    for (IndexDescriptor i : parent.indexes()) {
      if (i.unique() && Set.copyOf(i.columns()).equals(refs)) {
        return i.name();
      }
    }
    return CatalogView.primaryKeyName(parent);
  }

  static VirtualTable referentialConstraints(Catalog catalog) {
    return VirtualTable.builder("referential_constraints")
        .column("constraint_catalog", NAME).column("constraint_schema", NAME).column("constraint_name", NAME)
        .column("unique_constraint_catalog", NAME).column("unique_constraint_schema", NAME)
        .column("unique_constraint_name", NAME).column("match_option", TEXT).column("update_rule", TEXT)
        .column("delete_rule", TEXT)
        // MySQL's extra columns
        .column("table_name", NAME).column("referenced_table_name", NAME)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : ConstraintCatalog.sorted(catalog)) {
            for (ConstraintDescriptor k : t.constraints()) {
              if (k.kind() == ConstraintDescriptor.Kind.FOREIGN_KEY) {
                rows.add(new Object[] {CatalogView.DATABASE, t.schema(), k.name(), CatalogView.DATABASE, k.refSchema(),
                    referencedKeyName(catalog, k), "NONE", k.onUpdate(), k.onDelete(), t.name(), k.refTable()});
              }
            }
          }
          return rows;
        });
  }

  static VirtualTable checkConstraints(Catalog catalog) {
    return VirtualTable.builder("check_constraints")
        .column("constraint_catalog", NAME).column("constraint_schema", NAME).column("constraint_name", NAME)
        .column("check_clause", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : ConstraintCatalog.sorted(catalog)) {
            for (ConstraintDescriptor k : t.constraints()) {
              if (k.kind() == ConstraintDescriptor.Kind.CHECK) {
                rows.add(new Object[] {CatalogView.DATABASE, t.schema(), k.name(), "((" + k.checkExpression() + "))"});
              }
            }
          }
          return rows;
        });
  }

  /** MySQL's information_schema.STATISTICS: one row per index column, primary key first. */
  static VirtualTable statistics(Catalog catalog) {
    return VirtualTable.builder("statistics")
        .column("table_catalog", NAME).column("table_schema", NAME).column("table_name", NAME)
        .column("non_unique", INT4).column("index_schema", NAME).column("index_name", NAME)
        .column("seq_in_index", INT4).column("column_name", NAME).column("collation", TEXT)
        .column("cardinality", INT8).column("sub_part", INT8).column("packed", TEXT).column("nullable", TEXT)
        .column("index_type", TEXT).column("comment", TEXT).column("index_comment", TEXT)
        .column("is_visible", TEXT).column("expression", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : ConstraintCatalog.sorted(catalog)) {
            for (IndexInfo i : IndexInfo.of(t)) {
              for (int k = 0; k < i.columns().size(); k++) {
                int c = i.columns().get(k);
                rows.add(new Object[] {"def", t.schema(), t.name(), i.unique() ? 0 : 1, t.schema(), i.mysqlName(),
                    k + 1, t.columns().get(c).name(), "A", 0L, null, null, t.columns().get(c).nullable() ? "YES" : "",
                    "BTREE", "", "", "YES", null});
              }
            }
          }
          return rows;
        });
  }
}
