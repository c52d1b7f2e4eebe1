package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/** The argument of COM_STMT_CLOSE and COM_STMT_RESET: a statement id. */
public record StmtReference(int statementId) {

  /** Decodes a command's argument (the bytes after the command byte). */
  public static StmtReference decode(byte[] argument) {
    return new StmtReference((int) new PayloadReader(argument).u32());
  }

  public void encode(ByteBuf out) {
    out.writeIntLE(statementId);
  }
}
