package io.heliosdb.wire.postgres.codec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.CancelRequest;
import io.heliosdb.wire.postgres.message.Close;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.CopyData;
import io.heliosdb.wire.postgres.message.CopyFail;
import io.heliosdb.wire.postgres.message.Describe;
import io.heliosdb.wire.postgres.message.EncryptionRequest;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import io.heliosdb.wire.postgres.message.MalformedInput;
import io.heliosdb.wire.postgres.message.Parse;
import io.heliosdb.wire.postgres.message.PasswordMessage;
import io.heliosdb.wire.postgres.message.Query;
import io.heliosdb.wire.postgres.message.StartupMessage;
import io.heliosdb.wire.postgres.message.UnsupportedMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frontend messages. Until a StartupMessage arrives, frames have no
 * type byte (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage); afterwards each frame is a
 * type byte and an int32 length that counts itself. Bad input becomes one {@link MalformedInput}
 * and everything after it is discarded, so the connection can answer and close.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {
  /** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
  public static final int MAX_STARTUP_LENGTH = 10_000;
  /** Frames above 1 GiB are refused (PostgreSQL's PQ_LARGE_MESSAGE_LIMIT is the same). */
  public static final int MAX_FRAME_LENGTH = 1 << 30;

  private boolean startupPhase = true;
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      FrontendMessage message = startupPhase ? decodeStartup(in) : decodeTyped(in);
      if (message != null) {
        out.add(message);
      }
    } catch (HeliosException e) {
      fail(in, out, e.code().sqlState(), e.getMessage());
    } catch (RuntimeException e) {
      fail(in, out, ErrorCode.PROTOCOL_VIOLATION.sqlState(), "invalid message: " + e);
    }
  }

  private void fail(ByteBuf in, List<Object> out, String sqlState, String reason) {
    failed = true;
    in.skipBytes(in.readableBytes());
    out.add(new MalformedInput(sqlState, reason));
  }

  private FrontendMessage decodeStartup(ByteBuf in) {
    if (in.readableBytes() < 8) {
      return null;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 8 || length > MAX_STARTUP_LENGTH) {
      throw violation("invalid length of startup packet");
    }
    if (in.readableBytes() < length) {
      return null;
    }
    int code = in.getInt(in.readerIndex() + 4);
    ByteBuf body = in.slice(in.readerIndex() + 8, length - 8);
    in.skipBytes(length);
    EncryptionRequest encryption = EncryptionRequest.of(code);
    if (encryption != null) {
      if (length != 8) {
        throw violation("invalid length of encryption request");
      }
      return encryption;
    }
    if (code == CancelRequest.CODE) {
      startupPhase = false;
      failed = true; // nothing may follow a cancel request
      return CancelRequest.decode(body);
    }
    if (code >>> 16 != 3) {
      throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol "
          + (code >>> 16) + "." + (code & 0xffff) + ": server supports 3.0 to 3.0");
    }
    startupPhase = false;
    return StartupMessage.decode(code, body);
  }

  private FrontendMessage decodeTyped(ByteBuf in) {
    if (!in.isReadable()) {
      return null;
    }
    char type = (char) in.getUnsignedByte(in.readerIndex());
    if (!knownType(type)) {
      throw violation("invalid frontend message type " + (int) type);
    }
    if (in.readableBytes() < 5) {
      return null;
    }
    int length = in.getInt(in.readerIndex() + 1);
    if (length < 4 || length > MAX_FRAME_LENGTH) {
      throw violation("invalid message length " + length + " for message type " + printable(type));
    }
    if (in.readableBytes() < 1 + length) {
      return null;
    }
    ByteBuf body = in.slice(in.readerIndex() + 5, length - 4);
    in.skipBytes(1 + length);
    FrontendMessage message = decodeBody(type, body);
    if (body.isReadable()) {
      throw violation("invalid message format (type " + printable(type) + ")");
    }
    return message;
  }

  private static boolean knownType(char type) {
    return "QPBDECSHXpdcfF".indexOf(type) >= 0;
  }

  private static FrontendMessage decodeBody(char type, ByteBuf body) {
    return switch (type) {
      case 'Q' -> Query.decode(body);
      case 'P' -> Parse.decode(body);
      case 'B' -> Bind.decode(body);
      case 'D' -> Describe.decode(body);
      case 'E' -> Execute.decode(body);
      case 'C' -> Close.decode(body);
      case 'S' -> ControlMessage.SYNC;
      case 'H' -> ControlMessage.FLUSH;
      case 'X' -> ControlMessage.TERMINATE;
      case 'c' -> ControlMessage.COPY_DONE;
      case 'p' -> PasswordMessage.decode(body);
      case 'd' -> CopyData.decode(body);
      case 'f' -> CopyFail.decode(body);
      case 'F' -> skipAll(body, new UnsupportedMessage('F', "the fast-path function call interface"));
      default -> throw violation("invalid frontend message type " + (int) type);
    };
  }

  private static FrontendMessage skipAll(ByteBuf body, FrontendMessage message) {
    body.skipBytes(body.readableBytes());
    return message;
  }

  private static String printable(char type) {
    return type >= 0x20 && type < 0x7f ? "'" + type + "'" : String.valueOf((int) type);
  }

  private static HeliosException violation(String why) {
    return new HeliosException(ErrorCode.PROTOCOL_VIOLATION, why);
  }
}
