package io.heliosdb.wire.postgres.session;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import java.util.List;

/**
 * A named or unnamed prepared statement of one connection.
 *
 * @param prepared the planner's statement, or null for an empty query string or a DEALLOCATE
 * @param deallocate set when the statement is a DEALLOCATE, which the connection runs itself
 */
record PreparedEntry(String name, PreparedStatement prepared, Deallocate deallocate) {

  PreparedEntry(String name, PreparedStatement prepared) {
    this(name, prepared, null);
  }

  boolean isEmptyQuery() {
    return prepared == null && deallocate == null;
  }

  List<DataType> parameterTypes() {
    return prepared == null ? List.of() : prepared.parameterTypes();
  }

  /** Array type OID per parameter written as {@code $n::T[]}, else 0. */
  List<Integer> parameterArrayTypes() {
    return prepared == null ? List.of() : prepared.parameterArrayTypes();
  }

  List<ColumnMeta> columns() {
    return prepared == null ? List.of() : prepared.resultColumns();
  }

  /** The command word of the statement ("" for an empty query). */
  String command() {
    if (deallocate != null) {
      return "DEALLOCATE";
    }
    return prepared == null ? "" : prepared.command();
  }

  void close() {
    if (prepared != null) {
      prepared.close();
    }
  }
}
