package io.heliosdb.planner.api;

import java.util.List;

/**
 * A COPY statement asks the front end to switch its protocol into copy mode. For
 * {@link Direction#FROM_CLIENT} the front end decodes the client's rows, converts each field to
 * its column's type and hands them to {@link #loader()}; for {@link Direction#TO_CLIENT} it
 * encodes the rows of the statement result's cursor.
 *
 * @param direction which way rows flow
 * @param relation the table name as written, for error context ("COPY t, line 3")
 * @param columns the copied columns in wire order
 * @param format text or CSV options
 * @param loader where decoded rows go (FROM_CLIENT only, else null)
 */
public record CopyRequest(Direction direction, String relation, List<ColumnMeta> columns, CopyFormat format,
    BulkLoader loader) {

  /** Which way the rows of a COPY flow. */
  public enum Direction { FROM_CLIENT, TO_CLIENT }

  public CopyRequest {
    columns = List.copyOf(columns);
  }
}
