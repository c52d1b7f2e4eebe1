package io.heliosdb.wire.postgres.copy;

import io.heliosdb.planner.api.CopyFormat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits COPY data into rows of text fields, incrementally: {@link #feed} takes each CopyData
 * payload as it comes (a row may span payloads, a payload may hold many rows) and hands every
 * complete row to the sink; {@link #finish} takes a last row without a newline. Only a partial
 * row is ever buffered, so memory does not grow with the input. Lines end with LF (a CR before
 * it is dropped); a line holding only {@code \.} ends the data; HEADER skips the first line.
 * Not thread-safe.
 */
public abstract class CopyDecoder {

  /** Receives rows; {@code fields[0..count)} are the values (null = SQL NULL), reused after the call. */
  public interface RowSink {
    void row(String[] fields, int count, long line);
  }

  final CopyFormat format;
  final byte[] nullBytes;
  private final RowSink sink;
  private byte[] pending = new byte[256];
  private int pendingLength;
  private String[] fields = new String[16];
  private long line;
  private boolean ended;
  /** Field bytes after unescaping/unquoting; reused for every field. */
  byte[] scratch = new byte[256];
  int scratchLength;

  CopyDecoder(CopyFormat format, RowSink sink) {
    this.format = format;
    this.sink = sink;
    this.nullBytes = format.nullString().getBytes(StandardCharsets.UTF_8);
  }

  public static CopyDecoder of(CopyFormat format, RowSink sink) {
    return format.csv() ? new CsvCopyDecoder(format, sink) : new TextCopyDecoder(format, sink);
  }

  /** Records read so far (the header and the end marker included), i.e. the current line number. */
  public long line() {
    return line;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(byte[] data, int from, int to) {
    int start = from;
    while (start < to && !ended) {
      int end = findRecordEnd(data, start, to);
      if (end < 0) {
        appendPending(data, start, to);
        return;
      }
      if (pendingLength > 0) {
        appendPending(data, start, end);
        int n = pendingLength;
        pendingLength = 0;
        record(pending, 0, n);
      } else {
        record(data, start, end);
      }
      start = end + 1;
    }
  }

  /** The end of the data: a last row without a newline is taken as complete. */
  public void finish() {
    if (!ended && pendingLength > 0) {
      checkRecordComplete(line + 1);
      int n = pendingLength;
      pendingLength = 0;
      record(pending, 0, n);
    }
  }

  /**
   * Scans for the LF that ends the current record, keeping scan state (escape, quote) across
   * calls; returns its index or -1. The state is reset when a record end is found.
   */
  abstract int findRecordEnd(byte[] b, int from, int to);

  /** Called at the end of the data with an unterminated record (CSV: inside quotes is an error). */
  abstract void checkRecordComplete(long lineNumber);

  /** Splits one complete record (without its line end) into fields via {@link #field}; returns the count. */
  abstract int split(byte[] b, int from, int to, long lineNumber);

  private void record(byte[] b, int from, int to) {
    if (to > from && b[to - 1] == '\r') {
      to--;
    }
    line++;
    if (to - from == 2 && b[from] == '\\' && b[from + 1] == '.') {
      ended = true;
      return;
    }
    if (line == 1 && format.header()) {
      return;
    }
    int n = split(b, from, to, line);
    sink.row(fields, n, line);
  }

  final void field(int index, String value) {
    if (index == fields.length) {
      fields = Arrays.copyOf(fields, fields.length * 2);
    }
    fields[index] = value;
  }

  final boolean isNull(byte[] b, int from, int to) {
    return Arrays.equals(b, from, to, nullBytes, 0, nullBytes.length);
  }

  final void put(byte c) {
    if (scratchLength == scratch.length) {
      scratch = Arrays.copyOf(scratch, scratch.length * 2);
    }
    scratch[scratchLength++] = c;
  }

  final String scratchString() {
    return new String(scratch, 0, scratchLength, StandardCharsets.UTF_8);
  }

  private void appendPending(byte[] b, int from, int to) {
    int n = to - from;
    if (pendingLength + n > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + n));
    }
    System.arraycopy(b, from, pending, pendingLength, n);
    pendingLength += n;
  }
}
