package io.heliosdb.storage.grpc;

import io.heliosdb.storage.scan.ScanCursor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Scan cursors still holding RocksDB snapshots, so closing the cell can release them first. */
public final class OpenCursors {
  private final Set<ScanCursor> cursors = ConcurrentHashMap.newKeySet();

  void add(ScanCursor cursor) {
    cursors.add(cursor);
  }

  /** Closes the cursor and forgets it. */
  void close(ScanCursor cursor) {
    cursor.close();
    cursors.remove(cursor);
  }

  /** Closes every cursor still open; scans still streaming fail. */
  public void closeAll() {
    for (ScanCursor cursor : cursors) {
      close(cursor);
    }
  }

  public int size() {
    return cursors.size();
  }
}
