package io.heliosdb.wire.core;

/** A front end's verdict on the first bytes of a connection. */
public enum SniffResult {
  MATCH,
  NO_MATCH,
  NEED_MORE
}
