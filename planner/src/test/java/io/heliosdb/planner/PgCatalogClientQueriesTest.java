package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.StatementResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalog query shapes psql and SQLAlchemy's Inspector send: OPERATOR(pg_catalog.~), COLLATE,
 * CAST(.. AS regclass), json_build_object, set-returning unnest()/generate_subscripts() in a
 * select list, array_agg, and how array and catalog columns are described.
 */
class PgCatalogClientQueriesTest extends EngineTestBase {
  @Override
  protected void setUp() throws Exception {
    h.metadata.submit(new io.heliosdb.metadata.CatalogCommand.PutUser(new io.heliosdb.metadata.UserRecord(
        "heliosdb", true, new byte[0], 4096, new byte[0], new byte[0], new byte[0], new byte[0])));
    s = h.session();
    s.execute("CREATE TABLE orders (region VARCHAR(8), order_no BIGINT, total NUMERIC(12,2), "
        + "PRIMARY KEY (region, order_no))");
    s.execute("CREATE TABLE loose (x INT)");
  }

  private int oid(String table) {
    return ((Number) q("select oid from pg_catalog.pg_class where relname = '" + table + "'").get(0).get(0)).intValue();
  }

  @Test
  void psqlOperatorAndCollateSyntax() {
    List<List<Object>> r = q("SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c "
        + "LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE c.relname OPERATOR(pg_catalog.~) '^(orders)$' COLLATE pg_catalog.default "
        + "AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3");
    assertEquals(List.of(List.of(oid("orders"), "public", "orders")), r);
    assertEquals(1, q("select relname from pg_catalog.pg_class where relname OPERATOR(~) 'rders$' "
        + "and relname COLLATE \"C\" = 'orders' and relname !~ 'x'").size());
  }

  @Test
  void castToRegclassAndBackToText() {
    int orders = oid("orders");
    // A regclass result prints as the relation's name and is described as regclass.
    assertEquals(List.of(List.of("orders")), q("select CAST('orders' AS REGCLASS)"));
    assertEquals(List.of(io.heliosdb.planner.catalog.PgTypes.REGCLASS), s.execute("select 'orders'::regclass").columns().stream()
        .map(ColumnMeta::pgTypeOid).toList());
    assertEquals(List.of(List.of(orders)), q("select CAST('orders' AS REGCLASS)::oid"));
    assertEquals(List.of(List.of("orders")), q("select CAST(CAST(" + orders + " AS REGCLASS) AS TEXT)"));
    assertEquals(List.of(List.of("orders_pkey")), q("select CAST(CAST(" + (orders + 1) + " AS REGCLASS) AS TEXT)"));
    assertEquals(List.of(List.of("pg_class")), q("select CAST('pg_catalog.pg_class'::regclass AS TEXT)"));
    assertEquals(List.of(List.of(orders)),
        q("select c.oid from pg_catalog.pg_class c where c.oid = CAST(CAST(c.oid AS REGCLASS) AS OID) "
            + "and c.relname = 'orders'"));
  }

  @Test
  void regtypeAndPgCatalogQualifiedTypes() {
    assertEquals(List.of(List.of("integer", "integer", "character varying")),
        q("select 'int4'::regtype, CAST(CAST(23 AS regtype) AS pg_catalog.text), "
            + "CAST(1043 AS pg_catalog.regtype)::pg_catalog.text"));
    HeliosException e = assertThrows(HeliosException.class, () -> q("select 'no_such_type'::regtype"));
    assertEquals(ErrorCode.UNDEFINED_OBJECT, e.code());
    // psql's \d TABLE relation-info query.
    int orders = oid("orders");
    List<List<Object>> r = q("SELECT c.relchecks, c.relkind, c.relhasindex, false AS relhasoids, '', c.reltablespace, "
        + "CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, "
        + "c.relpersistence, am.amname FROM pg_catalog.pg_class c "
        + "LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid) "
        + "LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid) WHERE c.oid = '" + orders + "'");
    assertEquals(List.of(Arrays.asList((short) 0, "r", true, false, "", 0, "", "p", "heap")), r);
  }

  @Test
  void systemRelationsAreVisibleOnlyWhenTheirSchemaIsSearched() {
    assertEquals(List.of(List.of(false, true, "information_schema.tables")),
        q("select pg_catalog.pg_table_is_visible('information_schema.tables'::regclass), "
            + "pg_catalog.pg_table_is_visible('pg_catalog.pg_class'::regclass), "
            + "CAST(CAST('information_schema.tables' AS REGCLASS) AS TEXT)"));
  }

  @Test
  void jsonBuildObjectIsDescribedAsJson() {
    // json is a value-model type: the front end describes and encodes it as for a json column.
    assertEquals(List.of(io.heliosdb.hidb.types.DataType.JSON), s.execute("select json_build_object('a', 'b')")
        .columns().stream().map(ColumnMeta::type).toList());
  }

  @Test
  void jsonbCastIsCheckedAndDescribedAsJsonb() {
    assertEquals(List.of(io.heliosdb.hidb.types.DataType.JSONB, io.heliosdb.hidb.types.DataType.JSON),
        s.execute("select '{\"a\": [1]}'::jsonb, '[]'::json").columns().stream().map(ColumnMeta::type).toList());
    io.heliosdb.hidb.error.HeliosException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.heliosdb.hidb.error.HeliosException.class, () -> q("select '{\"a\": }'::jsonb"));
    assertEquals("22P02", e.code().sqlState());
  }

  @Test
  void unnamedColumnsGetPostgresNames() {
    assertEquals(List.of("count", "max"), s.execute("select count(*), max(oid) from pg_catalog.pg_class")
        .columns().stream().map(ColumnMeta::name).toList());
    assertEquals(List.of("version", "?column?", "int4", "coalesce", "case", "relname"),
        s.execute("select version(), 1 + 1, 1::integer, coalesce(null, 2), case when true then 1 end, "
            + "(select relname from pg_catalog.pg_class limit 1)").columns().stream().map(ColumnMeta::name).toList());
  }

  @Test
  void queriesOverCatalogsOfAbsentFeaturesAnswerNoRows() {
    assertEquals(List.of(), q("SELECT pol.polname, CASE WHEN pol.polroles = '{0}' THEN NULL ELSE "
        + "pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) "
        + "order by 1),',') END FROM pg_catalog.pg_policy pol WHERE pol.polrelid = '16385' ORDER BY 1"));
    assertEquals(List.of(List.of(0L)), q("SELECT count(*) FROM pg_catalog.pg_trigger"));
  }

  @Test
  void jsonBuildObject() {
    assertEquals(List.of(List.of("{\"a\" : 1, \"b\" : \"x\\\"y\", \"c\" : true, \"d\" : null}")),
        q("select json_build_object('a', 1, 'b', 'x\"y', 'c', true, 'd', null)"));
    assertEquals(List.of(List.of("{\"orders\" : 3}")),
        q("select json_build_object(c.relname, c.relnatts) from pg_catalog.pg_class c where c.relname = 'orders'"));
    HeliosException e = assertThrows(HeliosException.class, () -> q("select json_build_object(null, 'a')"));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
  }

  @Test
  void unnestAndSubscriptsInSelectList() {
    int orders = oid("orders");
    List<List<Object>> r = q("select con.conname, unnest(con.conkey) as attnum, generate_subscripts(con.conkey, 1) "
        + "as ord from pg_catalog.pg_constraint con where con.conrelid = " + orders + " order by ord");
    assertEquals(List.of(List.of("orders_pkey", (short) 1, 1), List.of("orders_pkey", (short) 2, 2)), r);
    // int2vector subscripts start at 0, as in PostgreSQL.
    r = q("select unnest(i.indkey), generate_subscripts(i.indkey, 1) from pg_catalog.pg_index i "
        + "where i.indrelid = " + orders);
    assertEquals(List.of(List.of((short) 1, 0), List.of((short) 2, 1)), r);
    // Several arrays run in lock step, the shorter padded with NULLs.
    r = q("select unnest(i.indkey), generate_subscripts(i.indkey, 1), unnest(i.indcollation), "
        + "unnest(con.conkey), generate_subscripts(con.conkey, 1), unnest(c.relacl) from pg_catalog.pg_index i "
        + "join pg_catalog.pg_constraint con on con.conindid = i.indexrelid "
        + "join pg_catalog.pg_class c on c.oid = i.indrelid where i.indrelid = " + orders);
    assertEquals(List.of(Arrays.asList((short) 1, 0, 100, (short) 1, 1, null),
        Arrays.asList((short) 2, 1, 0, (short) 2, 2, null)), r);
    HeliosException e = assertThrows(HeliosException.class, () -> q("select unnest(i.indkey) + 1 from pg_catalog.pg_index i"));
    assertEquals(ErrorCode.FEATURE_NOT_SUPPORTED, e.code());
  }

  @Test
  void primaryKeyColumnsAsSqlAlchemyAsksForThem() {
    int orders = oid("orders");
    List<List<Object>> r = q("SELECT attr.conrelid, array_agg(CAST(attr.attname AS TEXT) ORDER BY attr.ord) AS cols, "
        + "attr.conname FROM (SELECT con.conrelid AS conrelid, con.conname AS conname, con.ord AS ord, "
        + "pg_catalog.pg_attribute.attname AS attname FROM pg_catalog.pg_attribute JOIN (SELECT "
        + "pg_catalog.pg_constraint.conrelid AS conrelid, pg_catalog.pg_constraint.conname AS conname, "
        + "unnest(pg_catalog.pg_constraint.conkey) AS attnum, generate_subscripts(pg_catalog.pg_constraint.conkey, 1) "
        + "AS ord FROM pg_catalog.pg_constraint WHERE pg_catalog.pg_constraint.contype = 'p' AND "
        + "pg_catalog.pg_constraint.conrelid IN (" + orders + ")) AS con ON pg_catalog.pg_attribute.attnum = "
        + "con.attnum AND pg_catalog.pg_attribute.attrelid = con.conrelid) AS attr "
        + "GROUP BY attr.conrelid, attr.conname ORDER BY attr.conrelid, attr.conname");
    assertEquals(List.of(List.of(orders, "{region,order_no}", "orders_pkey")), r);
  }

  @Test
  void windowFunctionsAsPgjdbcGetColumnsUsesThem() {
    int orders = oid("orders");
    List<List<Object>> r = q("SELECT * FROM (SELECT c.relname, a.attname, row_number() OVER (PARTITION BY a.attrelid "
        + "ORDER BY a.attnum) AS attnum, nullif(a.attidentity, '') AS attidentity FROM pg_catalog.pg_class c "
        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid WHERE c.oid = " + orders + " AND a.attnum > 0) c "
        + "WHERE true ORDER BY c.relname, attnum");
    assertEquals(List.of(Arrays.asList("orders", "region", 1L, null), Arrays.asList("orders", "order_no", 2L, null),
        Arrays.asList("orders", "total", 3L, null)), r);
  }

  @Test
  void catalogColumnsKeepTheirPostgresTypes() {
    StatementResult r = s.execute("select c.oid, c.relname, c.relkind, c.relnatts, i.indkey, con.conkey "
        + "from pg_catalog.pg_class c join pg_catalog.pg_index i on i.indexrelid = c.oid "
        + "join pg_catalog.pg_constraint con on con.conindid = c.oid where c.relname = 'orders_pkey'");
    List<Integer> types = r.columns().stream().map(ColumnMeta::pgTypeOid).toList();
    assertEquals(Arrays.asList(26, 19, 18, 21, 22, 1005), types);
    assertEquals(List.of(List.of(oid("orders_pkey"), "orders_pkey", "i", (short) 2, "1 2", "{1,2}")), rows(r));
  }
}
