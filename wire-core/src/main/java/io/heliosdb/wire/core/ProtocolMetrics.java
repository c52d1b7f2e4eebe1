package io.heliosdb.wire.core;

/** Metrics every front end reports; the gateway backs it with its registry. */
public interface ProtocolMetrics {
  void connectionOpened(String protocol);

  void connectionClosed(String protocol);

  /** One statement finished, successfully or not. */
  void statementExecuted(String protocol, long nanos, boolean failed);

  ProtocolMetrics NONE = new ProtocolMetrics() {
    @Override public void connectionOpened(String protocol) {}
    @Override public void connectionClosed(String protocol) {}
    @Override public void statementExecuted(String protocol, long nanos, boolean failed) {}
  };
}
