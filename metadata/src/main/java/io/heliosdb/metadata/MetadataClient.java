package io.heliosdb.metadata;

import io.heliosdb.hidb.proto.CacheInvalidationNotice;
import java.util.function.Consumer;

/**
 * What compute and cells see of the metadata service: a locally cached catalog that never blocks,
 * and a way to submit changes, which are replicated through Raft before they are visible.
 */
public interface MetadataClient extends AutoCloseable {

  /** The newest catalog this node has applied; never waits on Raft. */
  Catalog catalog();

  /**
   * Replicates the command through Raft and waits until it is applied locally.
   *
   * @return the catalog right after the command was applied
   * @throws io.heliosdb.hidb.error.HeliosException with a neutral code when the command is refused
   *     (DUPLICATE_TABLE, UNDEFINED_TABLE, UNDEFINED_SCHEMA, DUPLICATE_SCHEMA, ...) or metadata is
   *     unavailable (UNAVAILABLE)
   */
  Catalog submit(CatalogCommand command);

  /**
   * Replicates a sequence counter command ({@link CatalogCommand.AllocateSequenceValues},
   * {@link CatalogCommand.SetSequenceValue}) and returns the values it handed out.
   */
  default SequenceValues submitSequenceCommand(CatalogCommand command) {
    throw new UnsupportedOperationException("sequence commands need the Raft metadata service");
  }

  /** Called (on a metadata thread) after every applied change, with what became stale. */
  void addInvalidationListener(Consumer<CacheInvalidationNotice> listener);

  /** True when the Raft group has a leader and this node has caught up. */
  boolean isReady();

  @Override
  void close();
}
