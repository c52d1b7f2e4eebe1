package io.heliosdb.planner.api;

/** Opens protocol-neutral sessions; one per client connection. */
public interface SessionFactory {
  Session open(SessionOptions options);
}
