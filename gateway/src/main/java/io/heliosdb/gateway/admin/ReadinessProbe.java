package io.heliosdb.gateway.admin;

import java.util.List;

/** Tells which components are not ready to serve; an empty list means ready. */
@FunctionalInterface
public interface ReadinessProbe {
  /** Names such as "metadata", "cell-1", "engine", "listener:postgres". */
  List<String> notReady();
}
