/**
 * PostgreSQL's system catalogs (pg_catalog, information_schema) and the catalog functions clients
 * call (version(), format_type(), pg_get_expr() ...), generated from the planner's immutable
 * {@link io.heliosdb.metadata.Catalog} snapshot: one definition per virtual table, as CockroachDB
 * does. Read-only: nothing here writes the catalog or touches cells.
 */
package io.heliosdb.planner.catalog;
