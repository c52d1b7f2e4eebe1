package io.heliosdb.metadata.raft;

import io.heliosdb.metadata.Catalog;
import java.util.Map;
import java.util.Set;

/**
 * Everything the metadata state machine replicates: the catalog readers see, plus the counters
 * that must survive a snapshot but are not part of the catalog API.
 *
 * @param catalog the immutable catalog
 * @param nextTableId the id the next CREATE TABLE (or sequence) gets; only grows, so dropped ids are never reused
 * @param counters each sequence's counter by sequence id (absent: nothing handed out yet)
 */
public record CatalogState(Catalog catalog, long nextTableId, Map<Long, SequenceCounter> counters) {

  /** Schema every catalog starts with, as in PostgreSQL. */
  public static final String DEFAULT_SCHEMA = "public";

  public CatalogState {
    if (catalog == null) {
      throw new IllegalArgumentException("catalog is required");
    }
    if (nextTableId < 1) {
      throw new IllegalArgumentException("nextTableId must be positive: " + nextTableId);
    }
    counters = counters == null ? Map.of() : Map.copyOf(counters);
  }

  public CatalogState(Catalog catalog, long nextTableId) {
    this(catalog, nextTableId, Map.of());
  }

  /** The state before any command: version 0, schema "public", no tables, users or cells. */
  public static CatalogState initial() {
    return new CatalogState(new Catalog(0, Set.of(DEFAULT_SCHEMA), Map.of(), Map.of(), Map.of()), 1);
  }
}
