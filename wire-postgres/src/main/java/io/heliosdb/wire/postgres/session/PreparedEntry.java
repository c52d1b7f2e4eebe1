package io.heliosdb.wire.postgres.session;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import java.util.List;

/**
 * A named or unnamed prepared statement of one connection.
 *
 * @param prepared the planner's statement, or null for an empty query string
 */
record PreparedEntry(String name, PreparedStatement prepared) {

  boolean isEmptyQuery() {
    return prepared == null;
  }

  List<DataType> parameterTypes() {
    return prepared == null ? List.of() : prepared.parameterTypes();
  }

  List<ColumnMeta> columns() {
    return prepared == null ? List.of() : prepared.resultColumns();
  }

  void close() {
    if (prepared != null) {
      prepared.close();
    }
  }
}
