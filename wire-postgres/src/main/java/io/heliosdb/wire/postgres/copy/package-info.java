/**
 * COPY FROM STDIN / TO STDOUT for the PostgreSQL front end: incremental decoders for the text and
 * CSV formats (rows may span CopyData messages), the matching encoders for copy-out, and the
 * per-statement copy-in state that converts fields to column types and feeds the planner's
 * {@link io.heliosdb.planner.api.BulkLoader}. Nothing here touches the network or the cells
 * directly: the connection hands bytes in and writes the frames out.
 */
package io.heliosdb.wire.postgres.copy;
