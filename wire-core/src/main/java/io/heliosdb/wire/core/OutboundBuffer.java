package io.heliosdb.wire.core;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * A connection's outgoing bytes: messages are encoded into one pooled buffer and written with one
 * flush, and a statement streaming rows from a pool thread waits while the client is not reading
 * (back-pressure). Shared by every front end; one instance per connection, used by one thread at a
 * time.
 */
public final class OutboundBuffer {
  private final Channel channel;
  private final Object writability = new Object();
  private ByteBuf out;

  public OutboundBuffer(Channel channel) {
    this.channel = channel;
  }

  /** The buffer to encode the next message into. */
  public ByteBuf buffer() {
    if (out == null) {
      out = channel.alloc().buffer(1024);
    }
    return out;
  }

  /** Bytes encoded but not yet flushed. */
  public int pendingBytes() {
    return out == null ? 0 : out.readableBytes();
  }

  /**
   * Writes and flushes what is pending (dropped if the channel is gone). A small buffer is kept for
   * the next reply when the write is already done with it (on the event loop the socket usually
   * takes it at once): taking a fresh pooled buffer for every reply cost about 7 % of a prepared
   * point select's CPU.
   */
  public void flush() {
    if (out == null) {
      return;
    }
    ByteBuf pending = out;
    out = null;
    if (pending.isReadable() && channel.isActive()) {
      boolean keep = pending.capacity() <= REUSED_CAPACITY;
      channel.writeAndFlush(keep ? pending.retain() : pending, channel.voidPromise());
      if (keep) {
        if (pending.refCnt() == 1) {
          pending.clear(); // the channel released it: ours alone again
          out = pending;
        } else {
          pending.release(); // still queued in the channel (a full socket, another thread's write)
        }
      }
    } else if (pending.isReadable() || pending.capacity() > REUSED_CAPACITY) {
      pending.release();
    } else {
      out = pending; // nothing was written into it
    }
  }

  /** Buffers up to this size are reused for the next reply; larger ones (streamed results) go back to the pool. */
  static final int REUSED_CAPACITY = 4096;

  /** Writes what is pending (a final error), then closes the connection. */
  public void flushAndClose() {
    ByteBuf pending = out;
    out = null;
    if (pending != null && channel.isActive()) {
      channel.writeAndFlush(pending).addListener(ChannelFutureListener.CLOSE);
    } else {
      if (pending != null) {
        pending.release();
      }
      channel.close();
    }
  }

  /** Blocks a pool thread while the channel is unwritable; never blocks the event loop. */
  public void awaitWritable() {
    if (channel.eventLoop().inEventLoop()) {
      return;
    }
    synchronized (writability) {
      while (!channel.isWritable() && channel.isActive()) {
        try {
          writability.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Called on the event loop when the channel's writability changed: wakes a waiting statement. */
  public void writabilityChanged() {
    synchronized (writability) {
      writability.notifyAll();
    }
  }

  /** Drops what is pending (the connection is closing). */
  public void release() {
    if (out != null) {
      out.release();
      out = null;
    }
  }
}
