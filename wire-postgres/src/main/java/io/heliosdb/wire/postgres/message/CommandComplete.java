package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'C': a statement finished; the tag is e.g. "SELECT 3", "INSERT 0 1", "CREATE TABLE". */
public record CommandComplete(String tag) implements BackendMessage {

  /** PostgreSQL's tag for a command word and its row count. */
  public static CommandComplete of(String command, long rows) {
    return new CommandComplete(switch (command) {
      case "INSERT" -> "INSERT 0 " + rows;
      case "SELECT", "UPDATE", "DELETE", "MERGE", "FETCH", "MOVE", "COPY" -> command + " " + rows;
      default -> command;
    });
  }

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, 'C');
    Buffers.writeCString(out, tag);
    Buffers.endFrame(out, at);
  }
}
