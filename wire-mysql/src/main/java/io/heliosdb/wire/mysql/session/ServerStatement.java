package io.heliosdb.wire.mysql.session;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.PreparedStatement;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One statement prepared with COM_STMT_PREPARE: the planner's statement, the parameter types the
 * client bound last (an execute may leave them out), and COM_STMT_SEND_LONG_DATA chunks collected
 * for the next execute. Owned by its {@link MySqlConnection} and used on its thread only.
 */
final class ServerStatement {
  final int id;
  final String sql;
  final int parameterCount;
  private PreparedStatement prepared;
  /** The hints {@link #prepared} was made with; null = none. */
  private List<DataType> hints;
  private int[] boundTypes;
  private final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();
  private final BitSet longDataParameters = new BitSet();

  ServerStatement(int id, String sql, PreparedStatement prepared) {
    this.id = id;
    this.sql = sql;
    this.prepared = prepared;
    this.parameterCount = prepared.parameterTypes().size();
  }

  PreparedStatement prepared() {
    return prepared;
  }

  int[] boundTypes() {
    return boundTypes;
  }

  void bind(int[] types) {
    boundTypes = types;
  }

  /**
   * The hints for the client's bound types where the statement could not tell a parameter's type
   * itself (it took it as text, as for {@code SELECT ?}); null when re-preparing would change nothing.
   */
  List<DataType> hintsFor(int[] types) {
    List<DataType> current = prepared.parameterTypes();
    List<DataType> wanted = new ArrayList<>(types.length);
    boolean any = false;
    for (int i = 0; i < types.length; i++) {
      DataType hint = MySqlTypes.hint(types[i]);
      DataType now = i < current.size() ? current.get(i) : null;
      boolean untyped = now == null || now.isString();
      if (hint != null && (untyped || (hints != null && hints.get(i) != null))) {
        wanted.add(hint);
        any = true;
      } else {
        wanted.add(null);
      }
    }
    if (!any || wanted.equals(hints)) {
      return null;
    }
    return wanted;
  }

  void replace(PreparedStatement statement, List<DataType> withHints) {
    prepared.close();
    prepared = statement;
    hints = withHints;
  }

  void appendLongData(int parameter, byte[] chunk) {
    if (parameter < 0 || parameter >= parameterCount) {
      return; // MySQL ignores chunks for parameters the statement does not have
    }
    longData.computeIfAbsent(parameter, p -> new ByteArrayOutputStream()).writeBytes(chunk);
    longDataParameters.set(parameter);
  }

  BitSet longDataParameters() {
    return (BitSet) longDataParameters.clone();
  }

  byte[] longData(int parameter) {
    ByteArrayOutputStream b = longData.get(parameter);
    return b == null ? new byte[0] : b.toByteArray();
  }

  /** COM_STMT_RESET and the end of every execute: the collected chunks are dropped. */
  void clearLongData() {
    longData.clear();
    longDataParameters.clear();
  }

  void close() {
    clearLongData();
    prepared.close();
  }
}
