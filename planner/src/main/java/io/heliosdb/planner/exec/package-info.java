/**
 * Distributed execution against the storage cells over HIDB: routing keys to shards, fanning scans
 * out and merging their streams, writing row changes, timestamps. No SQL and no Calcite here.
 */
package io.heliosdb.planner.exec;
