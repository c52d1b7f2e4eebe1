/**
 * PostgreSQL's system catalogs (pg_catalog, information_schema) and the catalog functions clients
 * call (version(), format_type(), pg_get_expr(), regclass, json_build_object ...), generated from the
 * planner's immutable {@link io.heliosdb.metadata.Catalog} snapshot: one definition per virtual
 * table, as CockroachDB does. Also the PostgreSQL spellings catalog queries use, given meaning at
 * token level ({@link io.heliosdb.planner.catalog.PgTokenRewrites}) or on the parsed tree
 * ({@link io.heliosdb.planner.catalog.PgSyntax}), and the PostgreSQL types result columns are
 * described as ({@link io.heliosdb.planner.catalog.CatalogResultTypes}). Read-only: nothing here
 * writes the catalog or touches cells.
 */
package io.heliosdb.planner.catalog;
