package io.heliosdb.wire.mysql.packet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads MySQL's little-endian integers and strings from a payload; running past the end is a {@link MalformedPacket}. */
public final class PayloadReader {
  private final byte[] data;
  private int pos;

  public PayloadReader(byte[] data) {
    this.data = data;
  }

  public int remaining() {
    return data.length - pos;
  }

  public boolean hasRemaining() {
    return pos < data.length;
  }

  private void need(int n) {
    if (n < 0 || data.length - pos < n) {
      throw new MalformedPacket("packet too short");
    }
  }

  public int u8() {
    need(1);
    return data[pos++] & 0xFF;
  }

  public int u16() {
    need(2);
    int v = (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
    pos += 2;
    return v;
  }

  public long u32() {
    need(4);
    long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16 | (data[pos + 3] & 0xFFL) << 24;
    pos += 4;
    return v;
  }

  public void skip(int n) {
    need(n);
    pos += n;
  }

  public byte[] bytes(int n) {
    need(n);
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }

  public byte[] rest() {
    return bytes(remaining());
  }

  /** A length-encoded integer; 0xFB (NULL) and 0xFF are not integers here. */
  public long lenencInt() {
    int first = u8();
    if (first < 0xFB) {
      return first;
    }
    return switch (first) {
      case 0xFC -> u16();
      case 0xFD -> {
        need(3);
        long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16;
        pos += 3;
        yield v;
      }
      case 0xFE -> {
        long low = u32();
        long high = u32();
        long v = low | high << 32;
        if (v < 0 || v > Integer.MAX_VALUE) {
          throw new MalformedPacket("length-encoded integer too large");
        }
        yield v;
      }
      default -> throw new MalformedPacket("invalid length-encoded integer 0x" + Integer.toHexString(first));
    };
  }

  public byte[] lenencBytes() {
    long n = lenencInt();
    if (n > remaining()) {
      throw new MalformedPacket("packet too short");
    }
    return bytes((int) n);
  }

  /** Bytes up to the next NUL (consumed); a missing NUL takes the rest, as servers do for the last field. */
  public byte[] nulTerminated() {
    int end = pos;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    byte[] out = Arrays.copyOfRange(data, pos, end);
    pos = Math.min(data.length, end + 1);
    return out;
  }

  public String nulTerminatedString() {
    return new String(nulTerminated(), StandardCharsets.UTF_8);
  }
}
