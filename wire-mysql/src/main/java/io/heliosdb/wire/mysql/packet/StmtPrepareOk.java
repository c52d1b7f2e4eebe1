package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_PREPARE_OK: the statement's id and how many parameter and column definitions follow.
 */
public record StmtPrepareOk(int statementId, int columnCount, int parameterCount, int warnings) {

  public void encode(ByteBuf out) {
    out.writeByte(0x00);
    out.writeIntLE(statementId);
    out.writeShortLE(columnCount);
    out.writeShortLE(parameterCount);
    out.writeByte(0);
    out.writeShortLE(warnings);
  }

  public static StmtPrepareOk decode(byte[] payload) {
    PayloadReader r = new PayloadReader(payload);
    if (r.u8() != 0) {
      throw new MalformedPacket("not a COM_STMT_PREPARE_OK");
    }
    int id = (int) r.u32();
    int columns = r.u16();
    int params = r.u16();
    r.skip(1);
    return new StmtPrepareOk(id, columns, params, r.hasRemaining() ? r.u16() : 0);
  }
}
