package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.Session;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pg_catalog, information_schema and the catalog functions against a real engine and catalog. */
class PgCatalogEndToEndTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    h.metadata.submit(new io.heliosdb.metadata.CatalogCommand.PutUser(new io.heliosdb.metadata.UserRecord(
        "heliosdb", true, new byte[0], 4096, new byte[0], new byte[0], new byte[0], new byte[0])));
    s = h.session();
    s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, price NUMERIC(10,2) DEFAULT 0, note TEXT)");
    s.execute("CREATE TABLE pairs (a BIGINT, b INT, v DOUBLE PRECISION, PRIMARY KEY (a, b))");
    s.execute("CREATE TABLE loose (x INT)");
    s.execute("CREATE SCHEMA other");
    s.execute("CREATE TABLE other.hidden (k INT PRIMARY KEY)");
  }

  private Object one(String sql) {
    List<List<Object>> r = q(sql);
    assertEquals(1, r.size(), sql + " -> " + r);
    return r.get(0).get(0);
  }

  @Test
  void versionAndSessionFunctions() {
    assertTrue(((String) one("select pg_catalog.version()")).startsWith("PostgreSQL 16.4 (HeliosDB"));
    assertTrue(((String) one("select version()")).startsWith("PostgreSQL 16.4"));
    assertEquals("public", one("select current_schema()"));
    assertEquals("heliosdb", one("select current_database()"));
    assertEquals("heliosdb", one("select current_user"));
    assertEquals("heliosdb", one("select session_user"));
    assertEquals("UTF8", one("select pg_catalog.pg_encoding_to_char(6)"));
  }

  @Test
  void currentSettingReadsTheExecutingSession() {
    assertEquals("on", one("select current_setting('standard_conforming_strings')"));
    Session other = h.session();
    other.execute("SET application_name = 'probe'");
    assertEquals("probe", rows(other.execute("select current_setting('application_name')")).get(0).get(0));
    // Same statement text (same cached plan) in a session without the setting.
    assertEquals("", one("select current_setting('application_name')"));
    HeliosException e = assertThrows(HeliosException.class, () -> q("select current_setting('no_such_thing')"));
    assertEquals(ErrorCode.UNDEFINED_OBJECT, e.code());
    assertEquals(Arrays.asList((Object) null), q("select current_setting('no_such_thing', true)").get(0));
  }

  @Test
  void namespacesAndClasses() {
    List<List<Object>> ns = q("select nspname, oid from pg_namespace order by nspname");
    assertTrue(ns.contains(List.of("pg_catalog", 11)), ns.toString());
    assertTrue(ns.contains(List.of("public", 2200)), ns.toString());
    assertTrue(ns.stream().anyMatch(r -> r.get(0).equals("other")), ns.toString());
    List<List<Object>> rel = q("select c.relname, c.relkind from pg_catalog.pg_class c join pg_catalog.pg_namespace n"
        + " on n.oid = c.relnamespace where n.nspname = 'public' order by c.relname");
    assertEquals(List.of(List.of("items", "r"), List.of("items_pkey", "i"), List.of("loose", "r"),
        List.of("pairs", "r"), List.of("pairs_pkey", "i")), rel);
  }

  @Test
  void attributesWithTypes() {
    List<List<Object>> cols = q("select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
        + " a.atthasdef from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid"
        + " where c.relname = 'items' and a.attnum > 0 order by a.attnum");
    assertEquals(List.of(List.of("id", "integer", true, false), List.of("name", "character varying(20)", true, false),
        List.of("price", "numeric(10,2)", false, true), List.of("note", "text", false, false)), cols);
    // A table without a primary key shows no hidden row id.
    assertEquals(1L, ((Number) one("select count(*) from pg_attribute a join pg_class c on c.oid = a.attrelid"
        + " where c.relname = 'loose'")).longValue());
  }

  @Test
  void defaultsThroughPgGetExpr() {
    assertEquals("0", one("select pg_get_expr(d.adbin, d.adrelid) from pg_attrdef d join pg_class c"
        + " on c.oid = d.adrelid where c.relname = 'items'"));
  }

  @Test
  void primaryKeyConstraintAndIndex() {
    List<List<Object>> con = q("select conname, contype, pg_get_constraintdef(oid) from pg_constraint"
        + " order by conname");
    assertTrue(con.contains(List.of("items_pkey", "p", "PRIMARY KEY (id)")), con.toString());
    assertTrue(con.contains(List.of("pairs_pkey", "p", "PRIMARY KEY (a, b)")), con.toString());
    assertEquals("CREATE UNIQUE INDEX pairs_pkey ON pairs USING btree (a, b)",
        one("select pg_get_indexdef(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indrelid"
            + " where c.relname = 'pairs'"));
    assertEquals(List.of(List.of((short) 1, (short) 2)),
        q("select conkey[1], conkey[2] from pg_constraint where conname = 'pairs_pkey'"));
  }

  @Test
  void regclassAndOidCasts() {
    Object oid = one("select oid from pg_class where relname = 'items'");
    // regclass values print as the relation's name; ::oid gives the number.
    assertEquals("items", one("select 'items'::regclass"));
    assertEquals(oid, one("select 'public.items'::regclass::oid"));
    assertEquals(oid, one("select c.oid from pg_class c where c.oid = 'items'::regclass"));
    HeliosException e = assertThrows(HeliosException.class, () -> q("select 'nope'::regclass"));
    assertEquals(ErrorCode.UNDEFINED_TABLE, e.code());
  }

  @Test
  void visibilityFollowsSearchPath() {
    assertEquals(true, one("select pg_table_is_visible('items'::regclass)"));
    assertEquals(false, one("select pg_table_is_visible(c.oid) from pg_class c where c.relname = 'hidden'"));
  }

  @Test
  void typesHaveIoFunctionsAndArrays() {
    List<List<Object>> t = q("select typname, typinput, typoutput, typreceive, typsend, typarray, typtype"
        + " from pg_type where oid = 23");
    assertEquals(List.of(List.of("int4", "int4in", "int4out", "int4recv", "int4send", 1007, "b")), t);
    assertEquals(List.of(List.of("_int4", 23, "array_in")), q("select typname, typelem, typinput from pg_type where oid = 1007"));
    assertEquals("character varying", one("select format_type(1043, -1)"));
    assertEquals("integer[]", one("select format_type(1007, -1)"));
  }

  @Test
  void informationSchema() {
    List<List<Object>> t = q("select table_name from information_schema.tables where table_schema = 'public'"
        + " order by table_name");
    assertEquals(List.of(List.of("items"), List.of("loose"), List.of("pairs")), t);
    List<List<Object>> c = q("select column_name, data_type, is_nullable, character_maximum_length from"
        + " information_schema.columns where table_name = 'items' order by ordinal_position");
    assertEquals(List.of("name", "character varying", "NO", 20), c.get(1));
    assertEquals(List.of(List.of("a", 1), List.of("b", 2)), q("select column_name, ordinal_position from"
        + " information_schema.key_column_usage where table_name = 'pairs' order by ordinal_position"));
    assertEquals("PRIMARY KEY", one("select constraint_type from information_schema.table_constraints"
        + " where table_name = 'items'"));
    assertTrue(q("select schema_name from information_schema.schemata").contains(List.of("other")));
  }

  @Test
  void otherCatalogTables() {
    assertEquals("heliosdb", one("select datname from pg_database"));
    assertEquals("heliosdb", one("select rolname from pg_roles where rolsuper"));
    assertEquals("heliosdb", one("select pg_get_userbyid(c.relowner) from pg_class c where c.relname = 'items'"));
    assertEquals("on", one("select setting from pg_settings where name = 'standard_conforming_strings'"));
    assertEquals(0L, ((Number) one("select count(*) from pg_description")).longValue());
    assertEquals("version", one("select proname from pg_proc where proname = 'version'"));
    assertEquals(true, one("select has_table_privilege('items', 'SELECT')"));
  }

  @Test
  void psqlListTables() {
    List<List<Object>> r = q("SELECT n.nspname as \"Schema\",\n"
        + "  c.relname as \"Name\",\n"
        + "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i'"
        + " THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p'"
        + " THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as \"Type\",\n"
        + "  pg_catalog.pg_get_userbyid(c.relowner) as \"Owner\"\n"
        + "FROM pg_catalog.pg_class c\n"
        + "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
        + "     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam\n"
        + "WHERE c.relkind IN ('r','p','')\n"
        + "      AND n.nspname <> 'pg_catalog'\n"
        + "      AND n.nspname !~ '^pg_toast'\n"
        + "      AND n.nspname <> 'information_schema'\n"
        + "  AND pg_catalog.pg_table_is_visible(c.oid)\n"
        + "ORDER BY 1,2");
    assertEquals(List.of(List.of("public", "items", "table", "heliosdb"), List.of("public", "loose", "table", "heliosdb"),
        List.of("public", "pairs", "table", "heliosdb")), r);
  }
}
