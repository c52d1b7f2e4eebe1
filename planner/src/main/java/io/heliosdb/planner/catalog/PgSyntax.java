package io.heliosdb.planner.catalog;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Gives SQL's niladic session functions PostgreSQL's meaning before validation: Calcite compiles
 * CURRENT_USER, SESSION_USER and USER to a constant, PostgreSQL answers the session's user.
 */
public final class PgSyntax {
  private PgSyntax() {}

  public static SqlNode rewrite(SqlNode node, PgOperatorTable functions) {
    if (node == null) {
      return null;
    }
    SqlNode out = node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlCall call) {
        SqlOperator op = call.getOperator();
        SqlOperator replacement = null;
        if (op == SqlStdOperatorTable.CURRENT_USER || op == SqlStdOperatorTable.USER
            || op == SqlStdOperatorTable.CURRENT_ROLE) {
          replacement = functions.operator("current_user");
        } else if (op == SqlStdOperatorTable.SESSION_USER) {
          replacement = functions.operator("session_user");
        } else if (op == SqlStdOperatorTable.CURRENT_CATALOG) {
          replacement = functions.operator("current_database");
        } else if (op == SqlStdOperatorTable.CURRENT_SCHEMA) {
          replacement = functions.operator("current_schema");
        }
        if (replacement != null) {
          return new SqlBasicCall(replacement, List.of(), call.getParserPosition());
        }
        return super.visit(call);
      }
    });
    return out == null ? node : out;
  }
}
