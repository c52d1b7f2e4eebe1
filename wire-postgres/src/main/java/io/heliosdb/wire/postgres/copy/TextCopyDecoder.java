package io.heliosdb.wire.postgres.copy;

import io.heliosdb.planner.api.CopyFormat;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's text COPY format: fields split by the delimiter, NULL spelled as the null string
 * (compared before unescaping, as PostgreSQL does), backslash escapes {@code \b \f \n \r \t \v},
 * octal {@code \ooo}, hex {@code \xhh}, and a backslash before any other character taking it
 * literally (so {@code \\} and an escaped delimiter or newline are data).
 */
final class TextCopyDecoder extends CopyDecoder {
  private final byte delimiter;
  /** A backslash ended the previous chunk: the next byte is escaped, whatever it is. */
  private boolean afterBackslash;

  TextCopyDecoder(CopyFormat format, RowSink sink) {
    super(format, sink);
    this.delimiter = (byte) format.delimiter();
  }

  @Override
  int findRecordEnd(byte[] b, int from, int to) {
    int i = from;
    if (afterBackslash && i < to) {
      afterBackslash = false;
      i++;
    }
    while (i < to) {
      byte c = b[i];
      if (c == '\n') {
        return i;
      }
      if (c == '\\') {
        if (i + 1 >= to) {
          afterBackslash = true;
          return -1;
        }
        i += 2;
      } else {
        i++;
      }
    }
    return -1;
  }

  @Override
  void checkRecordComplete(long lineNumber) {
    afterBackslash = false;
  }

  @Override
  int split(byte[] b, int from, int to, long lineNumber) {
    int n = 0;
    int i = from;
    while (true) {
      int start = i;
      boolean escaped = false;
      while (i < to && b[i] != delimiter) {
        if (b[i] == '\\') {
          escaped = true;
          i = Math.min(to, i + 2);
        } else {
          i++;
        }
      }
      String value;
      if (isNull(b, start, i)) {
        value = null;
      } else if (!escaped) {
        value = new String(b, start, i - start, StandardCharsets.UTF_8);
      } else {
        value = unescape(b, start, i);
      }
      field(n++, value);
      if (i >= to) {
        return n;
      }
      i++;
    }
  }

  private String unescape(byte[] b, int from, int to) {
    scratchLength = 0;
    int i = from;
    while (i < to) {
      byte c = b[i++];
      if (c != '\\' || i >= to) {
        put(c);
        continue;
      }
      byte e = b[i++];
      switch (e) {
        case 'b' -> put((byte) 8);
        case 'f' -> put((byte) 12);
        case 'n' -> put((byte) '\n');
        case 'r' -> put((byte) '\r');
        case 't' -> put((byte) '\t');
        case 'v' -> put((byte) 11);
        case 'x' -> {
          int v = 0;
          int digits = 0;
          while (digits < 2 && i < to && Character.digit(b[i], 16) >= 0) {
            v = v * 16 + Character.digit(b[i++], 16);
            digits++;
          }
          put(digits == 0 ? (byte) 'x' : (byte) v);
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int v = e - '0';
            int digits = 1;
            while (digits < 3 && i < to && b[i] >= '0' && b[i] <= '7') {
              v = v * 8 + (b[i++] - '0');
              digits++;
            }
            put((byte) v);
          } else {
            put(e);
          }
        }
      }
    }
    return scratchString();
  }
}
