package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/** COM_STMT_SEND_LONG_DATA's argument: a chunk of one parameter's value, appended until the execute. */
public record StmtSendLongData(int statementId, int parameterId, byte[] data) {
  public StmtSendLongData {
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  public int length() {
    return data.length;
  }

  /** Decodes a command's argument (the bytes after the command byte). */
  public static StmtSendLongData decode(byte[] argument) {
    PayloadReader r = new PayloadReader(argument);
    int id = (int) r.u32();
    int param = r.u16();
    return new StmtSendLongData(id, param, r.rest());
  }

  public void encode(ByteBuf out) {
    out.writeIntLE(statementId);
    out.writeShortLE(parameterId);
    out.writeBytes(data);
  }
}
