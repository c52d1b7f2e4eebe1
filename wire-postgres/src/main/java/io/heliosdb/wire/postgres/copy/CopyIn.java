package io.heliosdb.wire.postgres.copy;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.BulkLoader;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.CopyRequest;
import io.heliosdb.wire.postgres.types.PgTextFormat;
import java.time.ZoneId;
import java.util.List;

/**
 * One COPY FROM STDIN in progress: decodes the CopyData payloads, converts each field to its
 * column's type (the same text input rules as bound parameters) and hands the rows to the
 * planner's loader. Any failure aborts the loader (nothing of the COPY stays) and surfaces as a
 * {@link CopyFailure} with PostgreSQL's context line. Used by one connection thread.
 */
public final class CopyIn implements CopyDecoder.RowSink {
  private final String relation;
  private final List<ColumnMeta> columns;
  private final DataType[] types;
  private final ZoneId zone;
  private final BulkLoader loader;
  private final CopyDecoder decoder;
  private final Object[] values;
  private long rows;
  private boolean ended;

  public CopyIn(CopyRequest request, ZoneId zone) {
    this.relation = request.relation();
    this.columns = request.columns();
    this.types = new DataType[columns.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = columns.get(i).type();
    }
    this.zone = zone;
    this.loader = request.loader();
    this.values = new Object[types.length];
    this.decoder = CopyDecoder.of(request.format(), this);
  }

  /** One CopyData payload. */
  public void data(byte[] payload) {
    guard(() -> decoder.feed(payload));
  }

  /** CopyDone: loads the rest and returns the number of rows copied. */
  public long done() {
    guard(decoder::finish);
    long[] loaded = new long[1];
    guard(() -> loaded[0] = loader.finish());
    ended = true;
    return loaded[0];
  }

  /** CopyFail, an error elsewhere, or the connection went away: nothing of the COPY stays. */
  public void abort() {
    if (!ended) {
      ended = true;
      loader.abort();
    }
  }

  public long rows() {
    return rows;
  }

  @Override
  public void row(String[] fields, int count, long line) {
    if (count > types.length) {
      throw new CopyFailure(CopyFailure.BAD_COPY_FILE_FORMAT, "extra data after last expected column",
          context(line));
    }
    if (count < types.length) {
      throw new CopyFailure(CopyFailure.BAD_COPY_FILE_FORMAT,
          "missing data for column \"" + columns.get(count).name() + "\"", context(line));
    }
    for (int i = 0; i < count; i++) {
      String text = fields[i];
      try {
        values[i] = text == null ? null : PgTextFormat.fromText(types[i], text, zone);
      } catch (HeliosException e) {
        throw new CopyFailure(e.code().sqlState(), e.getMessage(),
            context(line) + ", column " + columns.get(i).name() + ": \"" + text + "\"");
      }
    }
    try {
      loader.add(values);
    } catch (HeliosException e) {
      throw new CopyFailure(e.code().sqlState(), e.getMessage(), context(line));
    }
    rows++;
  }

  private String context(long line) {
    return "COPY " + relation + ", line " + line;
  }

  private void guard(Runnable step) {
    if (ended) {
      throw new IllegalStateException("COPY already ended");
    }
    try {
      step.run();
    } catch (CopyFailure e) {
      abort();
      if (e.where() == null) {
        throw new CopyFailure(e.sqlState(), e.getMessage(), context(decoder.line() + 1));
      }
      throw e;
    } catch (HeliosException e) {
      abort();
      throw new CopyFailure(e.code().sqlState(), e.getMessage(), "COPY " + relation);
    } catch (RuntimeException e) {
      abort();
      throw e;
    }
  }
}
