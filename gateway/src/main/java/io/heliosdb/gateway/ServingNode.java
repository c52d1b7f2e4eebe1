package io.heliosdb.gateway;

import io.heliosdb.gateway.metrics.ComputeScanStats;
import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.SessionFactory;
import java.util.List;
import java.util.Optional;

/**
 * The compute, metadata and storage side that the gateway's listeners serve. The embedded
 * all-in-one node is one implementation; a gateway-only role talking to remote cells would be another.
 */
public interface ServingNode extends AutoCloseable {

  /** Opens planner sessions for front ends. */
  SessionFactory sessions();

  /** A user's verifiers from the locally cached catalog; never blocks on Raft. */
  Optional<UserRecord> user(String name);

  /** Components that cannot serve yet, e.g. "metadata", "cell-1", "engine"; empty when ready. */
  List<String> notReady();

  /** Cumulative scan counters of the compute engine. */
  ComputeScanStats scanStats();

  /** Calls {@code listener} with the duration in nanoseconds of every commit of a transaction with writes. */
  default void onCommitLatency(java.util.function.LongConsumer listener) {
  }

  /** Closes compute first, then cells, then metadata. */
  @Override
  void close();
}
