package io.heliosdb.wire.postgres.copy;

import io.heliosdb.planner.api.CopyFormat;

/**
 * PostgreSQL's CSV COPY format: a quote anywhere starts a quoted section (delimiters and newlines
 * inside are data), inside quotes the escape character (the quote itself by default) makes the
 * next quote or escape literal, and NULL is the null string only when unquoted, so {@code ""} is
 * an empty string.
 */
final class CsvCopyDecoder extends CopyDecoder {
  private final byte delimiter;
  private final byte quote;
  private final byte escape;
  private boolean inQuote;
  /** An escape inside quotes ended the previous chunk (only when escape differs from quote). */
  private boolean afterEscape;

  CsvCopyDecoder(CopyFormat format, RowSink sink) {
    super(format, sink);
    this.delimiter = (byte) format.delimiter();
    this.quote = (byte) format.quote();
    this.escape = (byte) format.escape();
  }

  @Override
  int findRecordEnd(byte[] b, int from, int to) {
    int i = from;
    if (afterEscape && i < to) {
      afterEscape = false;
      if (b[i] == quote || b[i] == escape) {
        i++;
      }
    }
    while (i < to) {
      byte c = b[i];
      if (inQuote) {
        if (c == escape && escape != quote) {
          if (i + 1 >= to) {
            afterEscape = true;
            return -1;
          }
          i += b[i + 1] == quote || b[i + 1] == escape ? 2 : 1;
          continue;
        }
        if (c == quote) {
          inQuote = false;
        }
      } else if (c == quote) {
        inQuote = true;
      } else if (c == '\n') {
        return i;
      }
      i++;
    }
    return -1;
  }

  @Override
  void checkRecordComplete(long lineNumber) {
    if (inQuote) {
      inQuote = false;
      throw new CopyFailure(CopyFailure.BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field", null);
    }
  }

  @Override
  int split(byte[] b, int from, int to, long lineNumber) {
    int n = 0;
    int i = from;
    while (true) {
      scratchLength = 0;
      int start = i;
      boolean quoted = false;
      boolean open = false;
      while (i < to) {
        byte c = b[i];
        if (open) {
          if (c == escape && i + 1 < to && (b[i + 1] == quote || b[i + 1] == escape)
              && (escape != quote || b[i + 1] == quote)) {
            put(b[i + 1]);
            i += 2;
          } else if (c == quote) {
            open = false;
            i++;
          } else {
            put(c);
            i++;
          }
        } else if (c == delimiter) {
          break;
        } else if (c == quote) {
          open = true;
          quoted = true;
          i++;
        } else {
          put(c);
          i++;
        }
      }
      if (open) {
        throw new CopyFailure(CopyFailure.BAD_COPY_FILE_FORMAT, "unterminated CSV quoted field", null);
      }
      field(n++, !quoted && isNull(b, start, i) ? null : scratchString());
      if (i >= to) {
        return n;
      }
      i++;
    }
  }
}
