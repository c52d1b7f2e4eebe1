package io.heliosdb.wire.core;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;

/**
 * The SPI every client protocol implements. The gateway asks each front end to {@link #sniff} the
 * first bytes a client sent on the shared port (or, for its own port, skips sniffing) and then
 * lets the chosen one {@link #install} its handlers into the channel's pipeline.
 */
public interface FrontEnd {

  /** Short protocol name used in config, metrics and logs, e.g. "postgres". */
  String name();

  /** The protocol's standard TCP port (5432 for PostgreSQL). */
  int defaultPort();

  /** True for protocols whose server speaks first (MySQL): chosen when the client stays silent. */
  default boolean serverSpeaksFirst() {
    return false;
  }

  /**
   * Looks at the first bytes a client sent without consuming them.
   *
   * @return MATCH, NO_MATCH, or NEED_MORE when too few bytes arrived to decide
   */
  SniffResult sniff(ByteBuf firstBytes);

  /**
   * Adds this protocol's handlers to a fresh pipeline. Called on the channel's event loop; the
   * bytes already read are re-fired into the pipeline after this returns.
   *
   * @param tlsAlreadyActive true when the gateway terminated TLS before handing over the channel
   */
  void install(ChannelPipeline pipeline, FrontEndContext context, boolean tlsAlreadyActive);
}
