package io.heliosdb.planner;

/**
 * Compute-layer settings, with their defaults in one place.
 *
 * @param virtualShardsPerTable virtual shards a new table is split into (default 8)
 * @param planCacheSize cached plans kept per engine (default 2048)
 * @param defaultDatabase the one database name clients may connect to (default "heliosdb")
 * @param defaultSchema schema for unqualified names (default "public")
 */
public record PlannerConfig(int virtualShardsPerTable, int planCacheSize, String defaultDatabase, String defaultSchema) {
  public static PlannerConfig defaults() {
    return new PlannerConfig(8, 2048, "heliosdb", "public");
  }
}
