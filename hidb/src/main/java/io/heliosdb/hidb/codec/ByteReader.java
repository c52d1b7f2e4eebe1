package io.heliosdb.hidb.codec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;

/** A cursor over an encoded byte array; every read checks bounds and reports corrupt input as DATA_EXCEPTION. */
final class ByteReader {
  private final byte[] buf;
  private int pos;

  ByteReader(byte[] buf, int pos) {
    this.buf = buf;
    this.pos = pos;
  }

  byte[] buffer() {
    return buf;
  }

  int position() {
    return pos;
  }

  boolean hasRemaining() {
    return pos < buf.length;
  }

  void require(int n) {
    if (n < 0 || pos + n > buf.length) {
      throw corrupt("truncated value at offset " + pos);
    }
  }

  void skip(int n) {
    require(n);
    pos += n;
  }

  int readUnsignedByte() {
    require(1);
    return buf[pos++] & 0xFF;
  }

  int peekUnsignedByte() {
    require(1);
    return buf[pos] & 0xFF;
  }

  int readShort() {
    require(2);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int readInt() {
    require(4);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
        | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  long readLong() {
    require(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xFF);
    }
    pos += 8;
    return v;
  }

  long readVarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw corrupt("varint too long at offset " + pos);
  }

  byte[] readBytes(int n) {
    require(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  static HeliosException corrupt(String message) {
    return new HeliosException(ErrorCode.DATA_EXCEPTION, "corrupt encoding: " + message);
  }
}
