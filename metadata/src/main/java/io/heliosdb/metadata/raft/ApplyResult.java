package io.heliosdb.metadata.raft;

import io.heliosdb.hidb.error.ErrorCode;
import java.util.List;

/**
 * What applying one command to a {@link CatalogState} produced: a new state, no change at all, or a
 * refusal. Only {@link Accepted} bumps the catalog version and invalidates caches.
 */
public sealed interface ApplyResult {

  /**
   * The command was accepted; the state's catalog version is one higher than before.
   *
   * @param state the state after the command
   * @param affectedTableIds tables whose descriptors were created, dropped or changed
   * @param shardMapChanged true when cell registrations (and so shard addresses) changed
   */
  record Accepted(CatalogState state, List<Long> affectedTableIds, boolean shardMapChanged) implements ApplyResult {
    public Accepted {
      affectedTableIds = List.copyOf(affectedTableIds);
    }
  }

  /** The command was accepted but changed nothing (an IF [NOT] EXISTS that found its answer). */
  record Unchanged() implements ApplyResult {}

  /** The command was refused; the state is unchanged. */
  record Refused(ErrorCode code, String message) implements ApplyResult {}

  /**
   * A sequence counter moved: the state changed but the catalog (and its version) did not, so no
   * cache is invalidated. {@code values} are the ones handed to the submitter.
   */
  record Counted(CatalogState state, io.heliosdb.metadata.SequenceValues values) implements ApplyResult {}
}
