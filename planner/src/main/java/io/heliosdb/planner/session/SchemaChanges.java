package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.HeliosEngine;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.constraint.ConstraintValidation;
import io.heliosdb.planner.constraint.IndexBackfill;
import io.heliosdb.planner.sql.IndexDdl;
import java.util.Optional;

/**
 * Runs index and constraint DDL (ADR 0011): the catalog change through Raft, then the work on the
 * cells it implies (index shards, backfill, validation of existing rows), undoing the catalog
 * change when that work fails so a refused statement leaves nothing behind.
 */
final class SchemaChanges {
  private final HeliosEngine engine;

  SchemaChanges(HeliosEngine engine) {
    this.engine = engine;
  }

  StatementResult run(String sql, String schema) {
    CatalogCommand command = IndexDdl.translate(sql, schema, engine.metadata().catalog());
    if (command instanceof CatalogCommand.CreateIndex c) {
      createIndex(c);
      return StatementResult.command(c.index().constraint() ? "ALTER TABLE" : "CREATE INDEX");
    }
    if (command instanceof CatalogCommand.DropIndex d) {
      Catalog before = engine.metadata().catalog();
      engine.metadata().submit(d);
      dropIndexShards(before, d.schema(), d.name());
      return StatementResult.command(sql.trim().regionMatches(true, 0, "alter", 0, 5) ? "ALTER TABLE" : "DROP INDEX");
    }
    if (command instanceof CatalogCommand.AddConstraint a) {
      Catalog after = engine.metadata().submit(a);
      TableDescriptor table = after.table(a.schema(), a.table()).orElseThrow();
      ConstraintDescriptor k = table.constraints().get(table.constraints().size() - 1);
      try {
        ConstraintValidation.validateExisting(engine, after, table, k);
      } catch (RuntimeException e) {
        engine.metadata().submit(new CatalogCommand.DropConstraint(a.schema(), a.table(), k.name(), true));
        throw e;
      }
      return StatementResult.command("ALTER TABLE");
    }
    if (command instanceof CatalogCommand.DropConstraint d) {
      Catalog before = engine.metadata().catalog();
      engine.metadata().submit(d);
      dropIndexShards(before, d.schema(), d.name());
      return StatementResult.command("ALTER TABLE");
    }
    throw HeliosException.notSupported("statement");
  }

  private void createIndex(CatalogCommand.CreateIndex c) {
    Catalog before = engine.metadata().catalog();
    Catalog after = engine.metadata().submit(c);
    TableDescriptor table = after.table(c.schema(), c.table()).orElseThrow();
    Optional<IndexDescriptor> index = table.index(c.index().name());
    if (index.isEmpty() || before.table(c.schema(), c.table()).flatMap(t -> t.index(c.index().name())).isPresent()) {
      return; // IF NOT EXISTS found it
    }
    TableDescriptor indexTable = table.indexTable(index.get());
    try {
      engine.shards().createShards(after, indexTable);
      new IndexBackfill(engine, after, table, index.get()).run();
      engine.metadata().submit(new CatalogCommand.SetIndexValid(c.schema(), index.get().name()));
    } catch (RuntimeException e) {
      try {
        engine.metadata().submit(new CatalogCommand.DropIndex(c.schema(), index.get().name(), true));
        engine.shards().dropShards(engine.metadata().catalog(), indexTable);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  private void dropIndexShards(Catalog before, String schema, String name) {
    for (TableDescriptor t : before.tablesIn(schema)) {
      Optional<IndexDescriptor> index = t.index(name);
      if (index.isPresent()) {
        engine.shards().dropShards(engine.metadata().catalog(), t.indexTable(index.get()));
      }
    }
  }

  /** After CREATE TABLE: the shards of the indexes it declared. */
  void tableCreated(Catalog after, TableDescriptor table) {
    for (IndexDescriptor index : table.indexes()) {
      engine.shards().createShards(after, table.indexTable(index));
    }
  }

  /** After DROP TABLE / SCHEMA: the shards of the dropped table's indexes. */
  void tableDropped(Catalog after, TableDescriptor table) {
    for (IndexDescriptor index : table.indexes()) {
      engine.shards().dropShards(after, table.indexTable(index));
    }
  }
}
