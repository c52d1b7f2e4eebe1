package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/**
 * 'G' CopyInResponse or 'H' CopyOutResponse: the server enters copy mode. HeliosDB copies in
 * text form only (overall format 0, every column format 0), as PostgreSQL does for text and CSV.
 *
 * @param in true for CopyInResponse ('G'), false for CopyOutResponse ('H')
 * @param columns the number of copied columns
 */
public record CopyResponse(boolean in, int columns) implements BackendMessage {

  @Override
  public void encode(ByteBuf out) {
    int at = Buffers.beginFrame(out, in ? 'G' : 'H');
    out.writeByte(0);
    out.writeShort(columns);
    for (int i = 0; i < columns; i++) {
      out.writeShort(0);
    }
    Buffers.endFrame(out, at);
  }
}
