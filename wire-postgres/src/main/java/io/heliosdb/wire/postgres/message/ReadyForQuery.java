package io.heliosdb.wire.postgres.message;

import io.heliosdb.planner.api.TransactionState;
import io.netty.buffer.ByteBuf;

/** 'Z': the server is ready; carries the transaction status 'I' (idle), 'T' (in block) or 'E' (failed). */
public record ReadyForQuery(char status) implements BackendMessage {
  public static final ReadyForQuery IDLE = new ReadyForQuery('I');

  public static ReadyForQuery of(TransactionState state) {
    return switch (state) {
      case IDLE -> IDLE;
      case IN_TRANSACTION -> new ReadyForQuery('T');
      case FAILED -> new ReadyForQuery('E');
    };
  }

  @Override
  public void encode(ByteBuf out) {
    out.writeByte('Z');
    out.writeInt(5);
    out.writeByte(status);
  }
}
