/**
 * Scans with predicate, projection and partial-aggregate pushdown: MVCC-visible row iteration over
 * key ranges and a pull-based cursor that turns one PredicatePushdownRequest into FilteredResultSet
 * batches. It reads through the engine package and never writes.
 */
package io.heliosdb.storage.scan;
