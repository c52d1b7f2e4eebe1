package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.sql.SqlLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.Litmus;

/**
 * PostgreSQL's {@code SELECT DISTINCT ON (e1, ...) ... ORDER BY ...}: the first row of each group
 * of equal e1, ... in ORDER BY order. Calcite's parser has no DISTINCT ON, so the lexer turns it
 * into a marker select item ({@code helios_distinct_on(e1, ...)}), and the parsed SELECT gets the
 * marker replaced by {@code QUALIFY ROW_NUMBER() OVER (PARTITION BY e1, ... ORDER BY <the query's
 * ORDER BY>) = 1}: a window in compute, then the query's own ORDER BY / LIMIT. As in PostgreSQL
 * the leading ORDER BY items must be the DISTINCT ON expressions (42P10); without ORDER BY the
 * rows of each group are ranked by the DISTINCT ON expressions only (any row of the group).
 */
public final class DistinctOn {
  private DistinctOn() {}

  static final String MARKER = "helios_distinct_on";
  private static final SqlParserPos POS = SqlParserPos.ZERO;

  /** {@code SELECT DISTINCT ON (a, b) x} -> {@code SELECT helios_distinct_on(a, b), x}, at every level. */
  public static String mark(String sql) {
    if (!sql.toLowerCase(Locale.ROOT).contains("distinct")) {
      return sql;
    }
    List<SqlLexer.Token> t = SqlLexer.tokenize(sql);
    StringBuilder out = new StringBuilder(sql);
    for (int i = t.size() - 4; i >= 1; i--) {
      if (!(t.get(i - 1).isWord("select") && t.get(i).isWord("distinct") && t.get(i + 1).isWord("on")
          && t.get(i + 2).text().equals("("))) {
        continue;
      }
      int depth = 0;
      int close = -1;
      for (int k = i + 2; k < t.size(); k++) {
        String s = t.get(k).text();
        if (s.equals("(")) {
          depth++;
        } else if (s.equals(")") && --depth == 0) {
          close = k;
          break;
        }
      }
      if (close < 0) {
        continue; // unbalanced: the parser reports it
      }
      String inner = sql.substring(t.get(i + 2).end(), t.get(close).start());
      out.replace(t.get(i).start(), t.get(close).end(), MARKER + "(" + inner + "),");
    }
    return out.toString();
  }

  /** Replaces every marker in the tree by the QUALIFY filter (in place); returns the tree. */
  public static SqlNode rewrite(SqlNode node) {
    if (node == null) {
      return null;
    }
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlOrderBy orderBy && orderBy.query instanceof SqlSelect select) {
          apply(select, orderBy.orderList);
        } else if (call instanceof SqlSelect select) {
          apply(select, select.getOrderList());
        }
        return super.visit(call);
      }
    });
    return node;
  }

  private static void apply(SqlSelect select, SqlNodeList orderList) {
    SqlNodeList items = select.getSelectList();
    if (items == null || items.isEmpty() || !(items.get(0) instanceof SqlBasicCall marker)
        || !(marker.getOperator().getName().equalsIgnoreCase(MARKER))) {
      return;
    }
    List<SqlNode> rest = new ArrayList<>(items.getList().subList(1, items.size()));
    SqlNodeList selectList = new SqlNodeList(rest, items.getParserPosition());
    select.setSelectList(selectList);
    List<SqlNode> keys = new ArrayList<>();
    for (SqlNode e : marker.getOperandList()) {
      keys.add(resolve(e, selectList));
    }
    List<SqlNode> order = new ArrayList<>();
    List<SqlNode> orderExpressions = new ArrayList<>();
    if (orderList != null) {
      for (SqlNode o : orderList) {
        SqlNode expression = resolve(unwrap(o), selectList);
        orderExpressions.add(expression);
        order.add(rewrap(o, copy(expression)));
      }
    }
    // The leading ORDER BY items must be DISTINCT ON expressions (in any order), as PostgreSQL says.
    for (int i = 0; i < Math.min(keys.size(), orderExpressions.size()); i++) {
      if (indexOf(keys, orderExpressions.get(i)) < 0) {
        throw new HeliosException(ErrorCode.INVALID_COLUMN_REFERENCE,
            "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
      }
    }
    for (SqlNode key : keys) {
      if (indexOf(orderExpressions, key) < 0) {
        order.add(copy(key));
      }
    }
    List<SqlNode> partition = new ArrayList<>();
    keys.forEach(k -> partition.add(copy(k)));
    SqlWindow window = SqlWindow.create(null, null, new SqlNodeList(partition, POS), new SqlNodeList(order, POS),
        SqlLiteral.createBoolean(false, POS), null, null, null, POS);
    SqlNode rank = SqlStdOperatorTable.OVER.createCall(POS, SqlStdOperatorTable.ROW_NUMBER.createCall(POS), window);
    SqlNode first = SqlStdOperatorTable.EQUALS.createCall(POS, rank, SqlLiteral.createExactNumeric("1", POS));
    select.setQualify(select.getQualify() == null ? first
        : SqlStdOperatorTable.AND.createCall(POS, select.getQualify(), first));
  }

  private static int indexOf(List<SqlNode> nodes, SqlNode node) {
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).equalsDeep(node, Litmus.IGNORE)) {
        return i;
      }
    }
    return -1;
  }

  /** An ORDER BY / DISTINCT ON item as an expression: an ordinal or a select alias names a select item. */
  private static SqlNode resolve(SqlNode e, SqlNodeList selectList) {
    if (e instanceof SqlNumericLiteral n && n.isInteger()) {
      int position = n.intValue(true);
      if (position < 1 || position > selectList.size()) {
        throw new HeliosException(ErrorCode.INVALID_COLUMN_REFERENCE, "ORDER BY position " + position
            + " is not in select list");
      }
      return withoutAlias(selectList.get(position - 1));
    }
    if (e instanceof SqlIdentifier id && id.isSimple()) {
      for (SqlNode item : selectList) {
        if (item.getKind() == SqlKind.AS && ((SqlCall) item).operand(1) instanceof SqlIdentifier alias
            && alias.getSimple().equals(id.getSimple())) {
          return ((SqlCall) item).operand(0);
        }
      }
    }
    return e;
  }

  private static SqlNode withoutAlias(SqlNode item) {
    return item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : item;
  }

  private static SqlNode unwrap(SqlNode o) {
    while (o.getKind() == SqlKind.DESCENDING || o.getKind() == SqlKind.NULLS_FIRST
        || o.getKind() == SqlKind.NULLS_LAST) {
      o = ((SqlCall) o).operand(0);
    }
    return o;
  }

  /** {@code expression} under the DESC / NULLS FIRST / NULLS LAST of {@code original}. */
  private static SqlNode rewrap(SqlNode original, SqlNode expression) {
    if (original.getKind() == SqlKind.DESCENDING || original.getKind() == SqlKind.NULLS_FIRST
        || original.getKind() == SqlKind.NULLS_LAST) {
      SqlCall call = (SqlCall) original;
      return call.getOperator().createCall(POS, rewrap(call.operand(0), expression));
    }
    return expression;
  }

  /** A deep copy: the validator rewrites identifiers in place, and the window must not share them. */
  private static SqlNode copy(SqlNode node) {
    return node.accept(new SqlShuttle() {
      @Override
      public SqlNode visit(SqlIdentifier id) {
        return id.clone(id.getParserPosition());
      }

      @Override
      public SqlNode visit(SqlCall call) {
        ArgHandler<SqlNode> handler = new CallCopyingArgHandler(call, true);
        call.getOperator().acceptCall(this, call, false, handler);
        return handler.result();
      }
    });
  }
}
