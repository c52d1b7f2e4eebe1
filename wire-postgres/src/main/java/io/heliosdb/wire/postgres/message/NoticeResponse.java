package io.heliosdb.wire.postgres.message;

import io.netty.buffer.ByteBuf;

/** 'N': a notice or warning; same fields as an {@link ErrorResponse}. */
public record NoticeResponse(ErrorResponse fields) implements BackendMessage {
  public static NoticeResponse warning(String sqlState, String message) {
    return new NoticeResponse(new ErrorResponse("WARNING", sqlState, message, null, null));
  }

  @Override
  public void encode(ByteBuf out) {
    ErrorResponse.encodeFields(out, 'N', fields);
  }
}
