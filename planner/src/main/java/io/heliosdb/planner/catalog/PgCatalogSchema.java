package io.heliosdb.planner.catalog;

import static io.heliosdb.planner.catalog.ColumnType.BOOL;
import static io.heliosdb.planner.catalog.ColumnType.CHAR;
import static io.heliosdb.planner.catalog.ColumnType.FLOAT4;
import static io.heliosdb.planner.catalog.ColumnType.INT2;
import static io.heliosdb.planner.catalog.ColumnType.INT2VECTOR;
import static io.heliosdb.planner.catalog.ColumnType.INT2_ARRAY;
import static io.heliosdb.planner.catalog.ColumnType.INT4;
import static io.heliosdb.planner.catalog.ColumnType.INT8;
import static io.heliosdb.planner.catalog.ColumnType.NAME;
import static io.heliosdb.planner.catalog.ColumnType.OID;
import static io.heliosdb.planner.catalog.ColumnType.OIDVECTOR;
import static io.heliosdb.planner.catalog.ColumnType.TEXT;
import static io.heliosdb.planner.catalog.ColumnType.TEXT_ARRAY;

import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.metadata.UserRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The pg_catalog schema: one method per virtual table, each declaring the table's columns (a
 * subset of PostgreSQL 16's, in its order) and computing its rows from the catalog snapshot.
 */
public final class PgCatalogSchema extends AbstractSchema {
  /** OIDs PostgreSQL gives its own catalog tables; other system relations get one from 12000 up. */
  private static final Map<String, Integer> SYSTEM_TABLE_OIDS = Map.ofEntries(
      Map.entry("pg_type", 1247), Map.entry("pg_attribute", 1249), Map.entry("pg_proc", 1255),
      Map.entry("pg_class", PgOids.PG_CLASS), Map.entry("pg_database", 1262), Map.entry("pg_namespace", 2615),
      Map.entry("pg_constraint", PgOids.PG_CONSTRAINT), Map.entry("pg_index", 2610), Map.entry("pg_attrdef", 2604),
      Map.entry("pg_description", 2609), Map.entry("pg_am", 2601), Map.entry("pg_collation", 3456),
      Map.entry("pg_inherits", 2611), Map.entry("pg_sequence", 2224), Map.entry("pg_enum", 3501),
      Map.entry("pg_range", 3541), Map.entry("pg_tablespace", 1213), Map.entry("pg_policy", 3256),
      Map.entry("pg_statistic_ext", 3381), Map.entry("pg_publication", 6104),
      Map.entry("pg_publication_namespace", 6237), Map.entry("pg_publication_rel", 6106),
      Map.entry("pg_trigger", 2620), Map.entry("pg_rewrite", 2618), Map.entry("pg_auth_members", 1261));

  private final CatalogView view;
  private final Map<String, Table> tables;

  public PgCatalogSchema(Catalog catalog) {
    this.view = new CatalogView(catalog);
    Map<String, Table> m = new LinkedHashMap<>();
    for (VirtualTable t : List.of(namespace(), pgClass(), attribute(), type(), index(), constraint(), attrdef(),
        description(), database(), roles(), user(), settings(), proc(), am(), collation(), inherits(), sequence(),
        pgEnum(), range(), tablespace(), opclass(), policy(), statisticExt(), publication(), publicationNamespace(),
        publicationRel(), trigger(), rewrite(), authMembers())) {
      m.put(t.name(), t);
    }
    this.tables = Collections.unmodifiableMap(m);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** OID of a system relation in pg_catalog or information_schema (stable: from its name). */
  static int systemRelationOid(String schema, String name, int ordinal) {
    Integer known = "pg_catalog".equals(schema) ? SYSTEM_TABLE_OIDS.get(name) : null;
    return known != null ? known : 12_000 + ordinal;
  }

  private VirtualTable namespace() {
    return VirtualTable.builder("pg_namespace")
        .column("oid", OID).column("nspname", NAME).column("nspowner", OID).column("nspacl", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (String s : view.schemas()) {
            rows.add(new Object[] {PgOids.namespace(s), s, view.ownerOid(), null});
          }
          return rows;
        });
  }

  private VirtualTable pgClass() {
    return VirtualTable.builder("pg_class")
        .column("oid", OID).column("relname", NAME).column("relnamespace", OID).column("reltype", OID)
        .column("reloftype", OID).column("relowner", OID).column("relam", OID).column("relfilenode", OID)
        .column("reltablespace", OID).column("relpages", INT4).column("reltuples", FLOAT4)
        .column("relallvisible", INT4).column("reltoastrelid", OID).column("relhasindex", BOOL)
        .column("relisshared", BOOL).column("relpersistence", CHAR).column("relkind", CHAR)
        .column("relnatts", INT2).column("relchecks", INT2).column("relhasrules", BOOL)
        .column("relhastriggers", BOOL).column("relhassubclass", BOOL).column("relrowsecurity", BOOL)
        .column("relforcerowsecurity", BOOL).column("relispopulated", BOOL).column("relreplident", CHAR)
        .column("relispartition", BOOL).column("relrewrite", OID).column("relacl", TEXT_ARRAY)
        .column("reloptions", TEXT_ARRAY).column("relpartbound", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            boolean pk = CatalogView.hasPrimaryKey(t);
            Object[] table = relation(PgOids.table(t), t.name(), PgOids.namespace(t.schema()), PgOids.HEAP_AM,
                pk || !t.indexes().isEmpty(), "r", CatalogView.visibleColumns(t).size());
            table[18] = (short) t.constraints().stream()
                .filter(k -> k.kind() == io.heliosdb.metadata.ConstraintDescriptor.Kind.CHECK).count(); // relchecks
            rows.add(table);
            if (pk) {
              rows.add(relation(PgOids.primaryKey(t), CatalogView.primaryKeyName(t), PgOids.namespace(t.schema()),
                  PgOids.BTREE_AM, false, "i", t.primaryKey().size()));
            }
            for (io.heliosdb.metadata.IndexDescriptor i : t.indexes()) {
              rows.add(relation(ConstraintCatalog.indexOid(i), i.name(), PgOids.namespace(t.schema()),
                  PgOids.BTREE_AM, false, "i", i.columns().size()));
            }
          }
          int ordinal = 0;
          for (Map.Entry<String, List<String>> e : SystemSchemas.RELATIONS.entrySet()) {
            for (String name : e.getValue()) {
              rows.add(relation(systemRelationOid(e.getKey(), name, ordinal++), name,
                  PgOids.namespace(e.getKey()), e.getKey().equals("pg_catalog") ? PgOids.HEAP_AM : 0, false,
                  e.getKey().equals("pg_catalog") ? "r" : "v", 0));
            }
          }
          return rows;
        });
  }

  private Object[] relation(int oid, String name, int namespace, int am, boolean hasIndex, String kind, int natts) {
    return new Object[] {oid, name, namespace, 0, 0, view.ownerOid(), am, oid, 0, 0, -1f, 0, 0, hasIndex, false,
        "p", kind, (short) natts, (short) 0, false, false, false, false, false, true, "d", false, 0, null, null, null};
  }

  private VirtualTable attribute() {
    return VirtualTable.builder("pg_attribute")
        .column("attrelid", OID).column("attname", NAME).column("atttypid", OID).column("attstattarget", INT4)
        .column("attlen", INT2).column("attnum", INT2).column("attndims", INT4).column("attcacheoff", INT4)
        .column("atttypmod", INT4).column("attbyval", BOOL).column("attalign", CHAR).column("attstorage", CHAR)
        .column("attcompression", CHAR).column("attnotnull", BOOL).column("atthasdef", BOOL)
        .column("atthasmissing", BOOL).column("attidentity", CHAR).column("attgenerated", CHAR)
        .column("attisdropped", BOOL).column("attislocal", BOOL).column("attinhcount", INT4)
        .column("attcollation", OID).column("attacl", TEXT_ARRAY).column("attoptions", TEXT_ARRAY)
        .column("attfdwoptions", TEXT_ARRAY)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            List<ColumnDescriptor> cols = CatalogView.visibleColumns(t);
            for (int i = 0; i < cols.size(); i++) {
              ColumnDescriptor c = cols.get(i);
              PgType type = PgTypes.byOid(PgTypes.oid(c.type()));
              rows.add(new Object[] {PgOids.table(t), c.name(), type.oid(), -1, (short) type.length(),
                  (short) (i + 1), 0, -1, PgTypes.typeModifier(c.type()), type.byValue(), type.alignment(),
                  type.byValue() ? "p" : "x", "", !c.nullable(), c.defaultExpression() != null, false, "", "", false,
                  true, 0, type.collation(), null, null, null});
            }
            if (CatalogView.hasPrimaryKey(t)) {
              // The primary-key index's own attributes, as PostgreSQL lists them.
              for (int k = 0; k < t.primaryKey().size(); k++) {
                ColumnDescriptor c = t.columns().get(t.primaryKey().get(k));
                PgType type = PgTypes.byOid(PgTypes.oid(c.type()));
                rows.add(new Object[] {PgOids.primaryKey(t), c.name(), type.oid(), -1, (short) type.length(),
                    (short) (k + 1), 0, -1, PgTypes.typeModifier(c.type()), type.byValue(), type.alignment(),
                    type.byValue() ? "p" : "x", "", false, false, false, "", "", false, true, 0, type.collation(),
                    null, null, null});
              }
            }
            for (io.heliosdb.metadata.IndexDescriptor idx : t.indexes()) {
              for (int k = 0; k < idx.columns().size(); k++) {
                ColumnDescriptor c = t.columns().get(idx.columns().get(k));
                PgType type = PgTypes.byOid(PgTypes.oid(c.type()));
                rows.add(new Object[] {ConstraintCatalog.indexOid(idx), c.name(), type.oid(), -1, (short) type.length(),
                    (short) (k + 1), 0, -1, PgTypes.typeModifier(c.type()), type.byValue(), type.alignment(),
                    type.byValue() ? "p" : "x", "", false, false, false, "", "", false, true, 0, type.collation(),
                    null, null, null});
              }
            }
          }
          return rows;
        });
  }

  private VirtualTable type() {
    return VirtualTable.builder("pg_type")
        .column("oid", OID).column("typname", NAME).column("typnamespace", OID).column("typowner", OID)
        .column("typlen", INT2).column("typbyval", BOOL).column("typtype", CHAR).column("typcategory", CHAR)
        .column("typispreferred", BOOL).column("typisdefined", BOOL).column("typdelim", CHAR)
        .column("typrelid", OID).column("typsubscript", TEXT).column("typelem", OID).column("typarray", OID)
        .column("typinput", TEXT).column("typoutput", TEXT).column("typreceive", TEXT).column("typsend", TEXT)
        .column("typmodin", TEXT).column("typmodout", TEXT).column("typanalyze", TEXT).column("typalign", CHAR)
        .column("typstorage", CHAR).column("typnotnull", BOOL).column("typbasetype", OID)
        .column("typtypmod", INT4).column("typndims", INT4).column("typcollation", OID)
        .column("typdefaultbin", TEXT).column("typdefault", TEXT).column("typacl", TEXT_ARRAY)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (PgType t : PgTypes.all()) {
            boolean array = t.name().startsWith("_");
            boolean modifiable = t.oid() == PgTypes.VARCHAR || t.oid() == PgTypes.BPCHAR || t.oid() == PgTypes.NUMERIC
                || t.oid() == PgTypes.TIMESTAMP || t.oid() == PgTypes.TIMESTAMPTZ || t.oid() == PgTypes.TIME;
            rows.add(new Object[] {t.oid(), t.name(), PgOids.PG_CATALOG_NAMESPACE, view.ownerOid(),
                (short) t.length(), t.byValue(), t.oid() == PgTypes.UNKNOWN ? "p" : "b", t.category(),
                t.oid() == PgTypes.TEXT || t.oid() == PgTypes.FLOAT8 || t.oid() == PgTypes.OID
                    || t.oid() == PgTypes.BOOL || t.oid() == PgTypes.TIMESTAMPTZ,
                true, ",", 0, array ? "array_subscript_handler" : "-", t.element(), t.array(), t.input(), t.output(),
                t.receive(), t.send(), modifiable ? t.ioPrefix() + "typmodin" : "-",
                modifiable ? t.ioPrefix() + "typmodout" : "-", array ? "array_typanalyze" : "-", t.alignment(),
                t.byValue() || t.length() > 0 ? "p" : "x", false, 0, -1, 0, t.collation(), null, null, null});
          }
          return rows;
        });
  }

  private VirtualTable index() {
    return VirtualTable.builder("pg_index")
        .column("indexrelid", OID).column("indrelid", OID).column("indnatts", INT2).column("indnkeyatts", INT2)
        .column("indisunique", BOOL).column("indnullsnotdistinct", BOOL).column("indisprimary", BOOL)
        .column("indisexclusion", BOOL).column("indimmediate", BOOL).column("indisclustered", BOOL)
        .column("indisvalid", BOOL).column("indcheckxmin", BOOL).column("indisready", BOOL)
        .column("indislive", BOOL).column("indisreplident", BOOL).column("indkey", INT2VECTOR)
        .column("indcollation", OIDVECTOR).column("indclass", OIDVECTOR).column("indoption", INT2VECTOR)
        .column("indexprs", TEXT).column("indpred", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            for (io.heliosdb.metadata.IndexDescriptor idx : t.indexes()) {
              List<Integer> collations = new ArrayList<>();
              List<Integer> classes = new ArrayList<>();
              List<Short> options = new ArrayList<>();
              for (int c : idx.columns()) {
                collations.add(PgTypes.byOid(PgTypes.oid(t.columns().get(c).type())).collation());
                classes.add(opclassOid(PgTypes.oid(t.columns().get(c).type())));
                options.add((short) 0);
              }
              short n = (short) idx.columns().size();
              rows.add(new Object[] {ConstraintCatalog.indexOid(idx), PgOids.table(t), n, n, idx.unique(), false,
                  false, false, true, false, idx.valid(), false, true, true, false,
                  ConstraintCatalog.columnNumbers(idx.columns()), collations, classes, options, null, null});
            }
            if (!CatalogView.hasPrimaryKey(t)) {
              continue;
            }
            List<Short> key = CatalogView.primaryKeyColumns(t);
            List<Integer> collations = new ArrayList<>();
            List<Integer> classes = new ArrayList<>();
            List<Short> options = new ArrayList<>();
            for (int k : t.primaryKey()) {
              collations.add(PgTypes.byOid(PgTypes.oid(t.columns().get(k).type())).collation());
              classes.add(opclassOid(PgTypes.oid(t.columns().get(k).type())));
              options.add((short) 0);
            }
            short n = (short) key.size();
            rows.add(new Object[] {PgOids.primaryKey(t), PgOids.table(t), n, n, true, false, true, false, true, false,
                true, false, true, true, false, key, collations, classes, options, null, null});
          }
          return rows;
        });
  }

  private VirtualTable constraint() {
    return VirtualTable.builder("pg_constraint")
        .column("oid", OID).column("conname", NAME).column("connamespace", OID).column("contype", CHAR)
        .column("condeferrable", BOOL).column("condeferred", BOOL).column("convalidated", BOOL)
        .column("conrelid", OID).column("contypid", OID).column("conindid", OID).column("conparentid", OID)
        .column("confrelid", OID).column("confupdtype", CHAR).column("confdeltype", CHAR)
        .column("confmatchtype", CHAR).column("conislocal", BOOL).column("coninhcount", INT4)
        .column("connoinherit", BOOL).column("conkey", INT2_ARRAY).column("confkey", INT2_ARRAY)
        .column("conbin", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            if (CatalogView.hasPrimaryKey(t)) {
              rows.add(new Object[] {PgOids.primaryKey(t), CatalogView.primaryKeyName(t), PgOids.namespace(t.schema()),
                  "p", false, false, true, PgOids.table(t), 0, PgOids.primaryKey(t), 0, 0, " ", " ", " ", true, 0,
                  true, CatalogView.primaryKeyColumns(t), null, null});
            }
            for (io.heliosdb.metadata.IndexDescriptor idx : t.indexes()) {
              if (idx.constraint()) {
                rows.add(new Object[] {ConstraintCatalog.uniqueConstraintOid(idx), idx.name(),
                    PgOids.namespace(t.schema()), "u", false, false, true, PgOids.table(t), 0,
                    ConstraintCatalog.indexOid(idx), 0, 0, " ", " ", " ", true, 0, true,
                    ConstraintCatalog.columnNumbers(idx.columns()), null, null});
              }
            }
            for (int p = 0; p < t.constraints().size(); p++) {
              io.heliosdb.metadata.ConstraintDescriptor k = t.constraints().get(p);
              if (k.kind() == io.heliosdb.metadata.ConstraintDescriptor.Kind.CHECK) {
                rows.add(new Object[] {ConstraintCatalog.constraintOid(t, p), k.name(), PgOids.namespace(t.schema()),
                    "c", false, false, true, PgOids.table(t), 0, 0, 0, 0, " ", " ", " ", true, 0, false,
                    ConstraintCatalog.columnNumbers(k.columns()), null, k.checkExpression()});
                continue;
              }
              TableDescriptor parent = view.catalog().table(k.refSchema(), k.refTable()).orElse(null);
              if (parent == null) {
                continue;
              }
              List<Integer> refCols = k.refColumns().stream().map(parent::columnIndex).toList();
              int keyIndex = PgOids.primaryKey(parent);
              for (io.heliosdb.metadata.IndexDescriptor pi : parent.indexes()) {
                if (pi.unique() && java.util.Set.copyOf(pi.columns()).equals(java.util.Set.copyOf(refCols))) {
                  keyIndex = ConstraintCatalog.indexOid(pi);
                }
              }
              rows.add(new Object[] {ConstraintCatalog.constraintOid(t, p), k.name(), PgOids.namespace(t.schema()),
                  "f", false, false, true, PgOids.table(t), 0, keyIndex, 0, PgOids.table(parent),
                  ConstraintCatalog.actionCode(k.onUpdate()), ConstraintCatalog.actionCode(k.onDelete()), "s", true, 0,
                  true, ConstraintCatalog.columnNumbers(k.columns()), ConstraintCatalog.columnNumbers(refCols), null});
            }
          }
          return rows;
        });
  }

  private VirtualTable attrdef() {
    return VirtualTable.builder("pg_attrdef")
        .column("oid", OID).column("adrelid", OID).column("adnum", INT2).column("adbin", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (TableDescriptor t : view.tables()) {
            List<ColumnDescriptor> cols = CatalogView.visibleColumns(t);
            for (int i = 0; i < cols.size(); i++) {
              if (cols.get(i).defaultExpression() != null) {
                // adbin holds the expression's text: pg_get_expr() prints it back unchanged.
                rows.add(new Object[] {attrdefOid(t, i), PgOids.table(t), (short) (i + 1),
                    cols.get(i).defaultExpression()});
              }
            }
          }
          return rows;
        });
  }

  private static int attrdefOid(TableDescriptor t, int column) {
    return (1 << 29) + (int) (t.tableId() * 1024 + column);
  }

  private VirtualTable description() {
    return VirtualTable.builder("pg_description")
        .column("objoid", OID).column("classoid", OID).column("objsubid", INT4).column("description", TEXT)
        .empty();
  }

  private VirtualTable database() {
    return VirtualTable.builder("pg_database")
        .column("oid", OID).column("datname", NAME).column("datdba", OID).column("encoding", INT4)
        .column("datlocprovider", CHAR).column("datistemplate", BOOL).column("datallowconn", BOOL)
        .column("datconnlimit", INT4).column("dattablespace", OID).column("datcollate", TEXT)
        .column("datctype", TEXT).column("daticulocale", TEXT).column("datcollversion", TEXT)
        .column("datacl", TEXT_ARRAY)
        .rows(() -> List.<Object[]>of(new Object[] {PgOids.DATABASE, CatalogView.DATABASE, view.ownerOid(), 6, "c",
            false, true, -1, 1663, "C", "C", null, null, null}));
  }

  private VirtualTable roles() {
    return VirtualTable.builder("pg_roles")
        .column("rolname", NAME).column("rolsuper", BOOL).column("rolinherit", BOOL)
        .column("rolcreaterole", BOOL).column("rolcreatedb", BOOL).column("rolcanlogin", BOOL)
        .column("rolreplication", BOOL).column("rolconnlimit", INT4).column("rolpassword", TEXT)
        .column("rolvaliduntil", TEXT).column("rolbypassrls", BOOL).column("rolconfig", TEXT_ARRAY)
        .column("oid", OID)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (UserRecord u : view.users()) {
            rows.add(new Object[] {u.name(), u.superuser(), true, u.superuser(), u.superuser(), true, u.superuser(),
                -1, "********", null, u.superuser(), null, view.roleOid(u.name())});
          }
          return rows;
        });
  }

  private VirtualTable user() {
    return VirtualTable.builder("pg_user")
        .column("usename", NAME).column("usesysid", OID).column("usecreatedb", BOOL).column("usesuper", BOOL)
        .column("userepl", BOOL).column("usebypassrls", BOOL).column("passwd", TEXT).column("valuntil", TEXT)
        .column("useconfig", TEXT_ARRAY)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (UserRecord u : view.users()) {
            rows.add(new Object[] {u.name(), view.roleOid(u.name()), u.superuser(), u.superuser(), u.superuser(),
                u.superuser(), "********", null, null});
          }
          return rows;
        });
  }

  private VirtualTable settings() {
    return VirtualTable.builder("pg_settings")
        .column("name", TEXT).column("setting", TEXT).column("unit", TEXT).column("category", TEXT)
        .column("short_desc", TEXT).column("extra_desc", TEXT).column("context", TEXT).column("vartype", TEXT)
        .column("source", TEXT).column("min_val", TEXT).column("max_val", TEXT).column("enumvals", TEXT_ARRAY)
        .column("boot_val", TEXT).column("reset_val", TEXT).column("sourcefile", TEXT).column("sourceline", INT4)
        .column("pending_restart", BOOL)
        .sessionRows(session -> {
          List<Object[]> rows = new ArrayList<>();
          for (String name : SystemSchemas.SETTINGS) {
            String value = session.settings().apply(name);
            if (value != null) {
              rows.add(new Object[] {name, value, null, "Client Connection Defaults", "", null, "user", "string",
                  "default", null, null, null, value, value, null, null, false});
            }
          }
          return rows;
        });
  }

  private VirtualTable proc() {
    return VirtualTable.builder("pg_proc")
        .column("oid", OID).column("proname", NAME).column("pronamespace", OID).column("proowner", OID)
        .column("prolang", OID).column("procost", FLOAT4).column("prorows", FLOAT4).column("provariadic", OID)
        .column("prosupport", TEXT).column("prokind", CHAR).column("prosecdef", BOOL)
        .column("proleakproof", BOOL).column("proisstrict", BOOL).column("proretset", BOOL)
        .column("provolatile", CHAR).column("proparallel", CHAR).column("pronargs", INT2)
        .column("pronargdefaults", INT2).column("prorettype", OID).column("proargtypes", OIDVECTOR)
        .column("proallargtypes", OIDVECTOR).column("proargmodes", TEXT_ARRAY).column("proargnames", TEXT_ARRAY)
        .column("prosrc", TEXT)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (PgFunctions.Signature f : PgFunctions.SIGNATURES) {
            rows.add(new Object[] {f.oid(), f.name(), PgOids.PG_CATALOG_NAMESPACE, view.ownerOid(), 12, 1f, 0f, 0,
                "-", "f", false, false, f.strict(), false, f.volatility(), "s", (short) f.argTypes().size(),
                (short) 0, f.returnType(), f.argTypes(), null, null, null, f.name()});
          }
          return rows;
        });
  }

  private VirtualTable am() {
    return VirtualTable.builder("pg_am")
        .column("oid", OID).column("amname", NAME).column("amhandler", TEXT).column("amtype", CHAR)
        .rows(() -> List.of(new Object[] {PgOids.HEAP_AM, "heap", "heap_tableam_handler", "t"},
            new Object[] {PgOids.BTREE_AM, "btree", "bthandler", "i"}));
  }

  private VirtualTable collation() {
    return VirtualTable.builder("pg_collation")
        .column("oid", OID).column("collname", NAME).column("collnamespace", OID).column("collowner", OID)
        .column("collprovider", CHAR).column("collisdeterministic", BOOL).column("collencoding", INT4)
        .column("collcollate", TEXT).column("collctype", TEXT)
        .rows(() -> List.of(
            new Object[] {PgTypes.DEFAULT_COLLATION, "default", PgOids.PG_CATALOG_NAMESPACE, view.ownerOid(), "d",
                true, -1, null, null},
            new Object[] {PgTypes.C_COLLATION, "C", PgOids.PG_CATALOG_NAMESPACE, view.ownerOid(), "c", true, -1, "C",
                "C"}));
  }

  private VirtualTable inherits() {
    return VirtualTable.builder("pg_inherits")
        .column("inhrelid", OID).column("inhparent", OID).column("inhseqno", INT4).column("inhdetachpending", BOOL)
        .empty();
  }

  private VirtualTable sequence() {
    return VirtualTable.builder("pg_sequence")
        .column("seqrelid", OID).column("seqtypid", OID).column("seqstart", INT8).column("seqincrement", INT8)
        .column("seqmax", INT8).column("seqmin", INT8).column("seqcache", INT8).column("seqcycle", BOOL)
        .empty();
  }

  private VirtualTable pgEnum() {
    return VirtualTable.builder("pg_enum")
        .column("oid", OID).column("enumtypid", OID).column("enumsortorder", FLOAT4).column("enumlabel", NAME)
        .empty();
  }

  private VirtualTable range() {
    return VirtualTable.builder("pg_range")
        .column("rngtypid", OID).column("rngsubtype", OID).column("rngmultitypid", OID)
        .column("rngcollation", OID).column("rngsubopc", OID).column("rngcanonical", TEXT)
        .column("rngsubdiff", TEXT)
        .empty();
  }

  /** Operator classes: one default btree class per type (indexes use their type's ordering). */
  private VirtualTable opclass() {
    return VirtualTable.builder("pg_opclass")
        .column("oid", OID).column("opcmethod", OID).column("opcname", NAME).column("opcnamespace", OID)
        .column("opcowner", OID).column("opcfamily", OID).column("opcintype", OID).column("opcdefault", BOOL)
        .column("opckeytype", OID)
        .rows(() -> {
          List<Object[]> rows = new ArrayList<>();
          for (PgType t : PgTypes.all()) {
            if (!t.name().startsWith("_")) {
              rows.add(new Object[] {opclassOid(t.oid()), PgOids.BTREE_AM, t.name() + "_ops",
                  PgOids.PG_CATALOG_NAMESPACE, view.ownerOid(), opclassOid(t.oid()), t.oid(), true, 0});
            }
          }
          return rows;
        });
  }

  /** OID of the default btree operator class of a type (pg_index.indclass). */
  static int opclassOid(int typeOid) {
    return 20_000 + typeOid;
  }

  // Catalogs of features HeliosDB does not have, so always empty: row-level security policies,
  // extended statistics, logical-replication publications, triggers, rewrite rules, role membership
  // (roles do not contain roles). psql's \d and \du read them.

  private VirtualTable policy() {
    return VirtualTable.builder("pg_policy")
        .column("oid", OID).column("polname", NAME).column("polrelid", OID).column("polcmd", CHAR)
        .column("polpermissive", BOOL).column("polroles", OIDVECTOR).column("polqual", TEXT)
        .column("polwithcheck", TEXT)
        .empty();
  }

  private VirtualTable statisticExt() {
    return VirtualTable.builder("pg_statistic_ext")
        .column("oid", OID).column("stxrelid", OID).column("stxname", NAME).column("stxnamespace", OID)
        .column("stxowner", OID).column("stxstattarget", INT4).column("stxkeys", INT2VECTOR)
        .column("stxkind", TEXT_ARRAY).column("stxexprs", TEXT)
        .empty();
  }

  private VirtualTable publication() {
    return VirtualTable.builder("pg_publication")
        .column("oid", OID).column("pubname", NAME).column("pubowner", OID).column("puballtables", BOOL)
        .column("pubinsert", BOOL).column("pubupdate", BOOL).column("pubdelete", BOOL)
        .column("pubtruncate", BOOL).column("pubviaroot", BOOL)
        .empty();
  }

  private VirtualTable publicationNamespace() {
    return VirtualTable.builder("pg_publication_namespace")
        .column("oid", OID).column("pnpubid", OID).column("pnnspid", OID)
        .empty();
  }

  private VirtualTable publicationRel() {
    return VirtualTable.builder("pg_publication_rel")
        .column("oid", OID).column("prpubid", OID).column("prrelid", OID).column("prqual", TEXT)
        .column("prattrs", INT2VECTOR)
        .empty();
  }

  private VirtualTable trigger() {
    return VirtualTable.builder("pg_trigger")
        .column("oid", OID).column("tgrelid", OID).column("tgparentid", OID).column("tgname", NAME)
        .column("tgfoid", OID).column("tgtype", INT2).column("tgenabled", CHAR).column("tgisinternal", BOOL)
        .column("tgconstrrelid", OID).column("tgconstrindid", OID).column("tgconstraint", OID)
        .column("tgdeferrable", BOOL).column("tginitdeferred", BOOL).column("tgnargs", INT2)
        .column("tgattr", INT2VECTOR).column("tgargs", TEXT).column("tgqual", TEXT)
        .column("tgoldtable", NAME).column("tgnewtable", NAME)
        .empty();
  }

  private VirtualTable rewrite() {
    return VirtualTable.builder("pg_rewrite")
        .column("oid", OID).column("rulename", NAME).column("ev_class", OID).column("ev_type", CHAR)
        .column("ev_enabled", CHAR).column("is_instead", BOOL).column("ev_qual", TEXT).column("ev_action", TEXT)
        .empty();
  }

  private VirtualTable authMembers() {
    return VirtualTable.builder("pg_auth_members")
        .column("oid", OID).column("roleid", OID).column("member", OID).column("grantor", OID)
        .column("admin_option", BOOL).column("inherit_option", BOOL).column("set_option", BOOL)
        .empty();
  }

  private VirtualTable tablespace() {
    return VirtualTable.builder("pg_tablespace")
        .column("oid", OID).column("spcname", NAME).column("spcowner", OID).column("spcacl", TEXT_ARRAY)
        .column("spcoptions", TEXT_ARRAY)
        .rows(() -> List.of(new Object[] {1663, "pg_default", view.ownerOid(), null, null},
            new Object[] {1664, "pg_global", view.ownerOid(), null, null}));
  }
}
