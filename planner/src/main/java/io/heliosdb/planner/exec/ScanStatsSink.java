package io.heliosdb.planner.exec;

/** Receives what cells report of each scan (for metrics and EXPLAIN ANALYZE-style output). */
public interface ScanStatsSink {
  void record(long rowsScanned, long bytesScanned, long rowsReturned, long bytesReturned);

  ScanStatsSink NONE = (a, b, c, d) -> {};
}
