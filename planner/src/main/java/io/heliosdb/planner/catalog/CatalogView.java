package io.heliosdb.planner.catalog;

import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.metadata.UserRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The catalog snapshot as PostgreSQL's catalogs see it: schemas incl. pg_catalog and
 * information_schema, user tables in id order with their visible columns, roles and OIDs.
 */
final class CatalogView {
  /** HeliosDB serves one database. */
  static final String DATABASE = "heliosdb";

  private final Catalog catalog;
  private final String bootstrapUser;

  CatalogView(Catalog catalog) {
    this.catalog = catalog;
    this.bootstrapUser = catalog.users().values().stream().filter(UserRecord::superuser).map(UserRecord::name)
        .sorted().findFirst().orElse("heliosdb");
  }

  Catalog catalog() {
    return catalog;
  }

  /** Schema names: the system ones and the catalog's, sorted. */
  List<String> schemas() {
    TreeSet<String> all = new TreeSet<>(catalog.schemas());
    all.add("pg_catalog");
    all.add("information_schema");
    return new ArrayList<>(all);
  }

  List<TableDescriptor> tables() {
    return catalog.tables().values().stream().sorted(Comparator.comparingLong(TableDescriptor::tableId)).toList();
  }

  /** Columns users see: all but the hidden row id of a table declared without a primary key. */
  static List<ColumnDescriptor> visibleColumns(TableDescriptor t) {
    return t.hasHiddenRowId() ? t.columns().subList(0, t.columns().size() - 1) : t.columns();
  }

  /** Whether the table has a declared primary key (a table without one keys rows by a hidden row id). */
  static boolean hasPrimaryKey(TableDescriptor t) {
    return !t.hasHiddenRowId() && !t.primaryKey().isEmpty();
  }

  static String primaryKeyName(TableDescriptor t) {
    return t.name() + "_pkey";
  }

  /** conkey / indkey: 1-based column numbers of the primary key. */
  static List<Short> primaryKeyColumns(TableDescriptor t) {
    List<Short> out = new ArrayList<>();
    for (int k : t.primaryKey()) {
      out.add((short) (k + 1));
    }
    return out;
  }

  List<UserRecord> users() {
    return catalog.users().values().stream().sorted(Comparator.comparing(UserRecord::name)).toList();
  }

  int roleOid(String user) {
    return PgOids.role(user, bootstrapUser);
  }

  /** Owner of every object: the bootstrap superuser. */
  int ownerOid() {
    return PgOids.BOOTSTRAP_ROLE;
  }

  String roleName(int oid) {
    for (UserRecord u : catalog.users().values()) {
      if (roleOid(u.name()) == oid) {
        return u.name();
      }
    }
    return oid == PgOids.BOOTSTRAP_ROLE ? bootstrapUser : null;
  }
}
