package io.heliosdb.gateway.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * One port to open.
 *
 * @param name what the ready line and readiness report call it, e.g. "postgres", "frontdoor", "admin"
 * @param port TCP port; 0 means this listener is off and is skipped
 * @param initializer sets up each accepted channel's pipeline
 */
public record ListenerSpec(String name, int port, ChannelInitializer<Channel> initializer) {

  public boolean enabled() {
    return port != 0;
  }
}
