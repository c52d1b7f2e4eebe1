package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.calcite.PlannedDml;
import io.heliosdb.planner.calcite.PlannedQuery;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.sql.NormalizedStatement;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.StatementNormalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * A statement prepared with $n markers. Queries and DML are planned now (so parameter and result
 * types are known) and re-planned only if the catalog changed; other statements (SET, BEGIN, DDL)
 * are kept as text and run as simple statements.
 */
final class Prepared implements PreparedStatement {
  private final HeliosSession session;
  private final String sql;
  private final NormalizedStatement normalized;
  private final List<DataType> parameterTypes;
  private final List<ColumnMeta> columns;
  private final String command;

  private Prepared(HeliosSession session, String sql, NormalizedStatement normalized, List<DataType> parameterTypes,
      List<ColumnMeta> columns, String command) {
    this.session = session;
    this.sql = sql;
    this.normalized = normalized;
    this.parameterTypes = parameterTypes;
    this.columns = columns;
    this.command = command;
  }

  static Prepared create(HeliosSession session, String sql, List<DataType> hints) {
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
    String first = tokens.isEmpty() || tokens.get(0).kind() != SqlLexer.Kind.WORD ? ""
        : tokens.get(0).text().toUpperCase(Locale.ROOT);
    NormalizedStatement n = StatementNormalizer.markers(sql);
    boolean planned = switch (first) {
      case "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE" -> true;
      default -> false;
    };
    if (!planned) {
      if (n.clientParameterCount() > 0) {
        throw HeliosException.notSupported("parameters in " + first + " statements");
      }
      List<ColumnMeta> cols = first.equals("SHOW") || first.equals("EXPLAIN") ? null : List.of();
      return new Prepared(session, sql, null, List.of(), cols, first);
    }
    SqlNode node = QueryPlanner.parse(n.text());
    Object plan = node.getKind() == SqlKind.INSERT || node.getKind() == SqlKind.UPDATE
        || node.getKind() == SqlKind.DELETE
        ? session.engine().planner().planDml(node, session.schema())
        : session.engine().planner().planQuery(node, session.schema());
    List<DataType> markerTypes = HeliosSession.parameterTypes(plan);
    DataType[] types = new DataType[n.clientParameterCount()];
    for (int k = 0; k < n.markerToParameter().length; k++) {
      int p = n.markerToParameter()[k];
      if (types[p] == null) {
        types[p] = markerTypes.get(k);
      }
    }
    for (int p = 0; p < types.length; p++) {
      if (hints != null && p < hints.size() && hints.get(p) != null) {
        types[p] = hints.get(p);
      } else if (types[p] == null) {
        types[p] = DataType.TEXT;
      }
    }
    List<ColumnMeta> cols = plan instanceof PlannedQuery q ? q.columns() : List.of();
    String cmd = plan instanceof PlannedDml d ? d.kind() : "SELECT";
    return new Prepared(session, sql, n, new ArrayList<>(Arrays.asList(types)), cols, cmd);
  }

  StatementResult execute(List<Object> parameters) {
    if (parameters.size() != parameterTypes.size()) {
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "bind message supplies " + parameters.size()
          + " parameters, but prepared statement requires " + parameterTypes.size());
    }
    return session.dispatch(sql, normalized, parameters);
  }

  @Override
  public List<DataType> parameterTypes() {
    return parameterTypes;
  }

  /** Result columns; for SHOW/EXPLAIN they are known only when run, so this runs nothing and says so. */
  @Override
  public List<ColumnMeta> resultColumns() {
    if (columns == null) {
      return command.equals("EXPLAIN") ? List.of(ColumnMeta.of("QUERY PLAN", DataType.TEXT)) : List.of(ColumnMeta.of(
          "setting", DataType.TEXT));
    }
    return columns;
  }

  @Override
  public String command() {
    return command;
  }

  @Override
  public void close() {}
}
