package io.heliosdb.planner.calcite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.sql.SqlLexer;

/**
 * Plans {@code INSERT ... VALUES (r1), (r2), ... (rN)} whose rows differ only in their parameters
 * by planning the first row alone and repeating its plan for the others, each with its own
 * parameters. Calcite turns N rows with parameters into a UNION ALL of N one-row branches and
 * validates, converts and types each: for the 1000-row statement a client's executemany sends
 * (once per table and batch size, before the plan cache has it) that took 60-220 ms and left the
 * JIT compiling Calcite for a second afterwards; one row takes well under a millisecond.
 *
 * <p>Used only when the rows are literally the same shape: every row has the first row's arity,
 * each cell is a parameter where the first row's is, numbered in reading order (so row r reads
 * parameters r*k .. r*k+k-1), and every other cell is a literal or expression equal to the first
 * row's. Anything else (a literal that differs, an expression over a parameter, a parameter
 * elsewhere in the statement) takes the ordinary path, so the plan is always the one the full
 * statement would have had: the parameters' types come from the target columns either way.
 */
final class MultiRowValues {
  private MultiRowValues() {}

  /**
   * Parses {@code sql}; an {@code INSERT ... VALUES} whose rows are token for token the same and
   * read parameters ({@code ?}) is parsed from its first row only, and the other rows are copies of
   * that row with their own parameter numbers. Calcite's parser needs 10-20 ms for 1000 rows of
   * three parameters (its row constructors look far ahead); the copies cost microseconds. The
   * tree is the one the full text parses to: parameters are numbered in reading order either way.
   */
  static SqlNode parse(String sql) {
    SqlNode repeated = parseRepeatedRows(sql);
    return repeated != null ? repeated : QueryPlanner.parse(sql);
  }

  private static SqlNode parseRepeatedRows(String sql) {
    if (sql.length() < 256 || !sql.regionMatches(true, 0, "INSERT", 0, 6)) {
      return null; // short statements parse quickly anyway
    }
    List<SqlLexer.Token> tokens = SqlLexer.tokenize(sql);
    int values = -1;
    int depth = 0;
    for (int i = 0; i < tokens.size() && values < 0; i++) {
      SqlLexer.Token t = tokens.get(i);
      if (isPunct(t, "(")) {
        depth++;
      } else if (isPunct(t, ")")) {
        depth--;
      } else if (depth == 0 && t.isWord("VALUES")) {
        values = i;
      } else if (depth == 0 && (t.isWord("SELECT") || t.kind() == SqlLexer.Kind.SEMICOLON)) {
        return null;
      }
    }
    if (values < 0) {
      return null;
    }
    // The rows: "(" ... ")" separated by "," up to the end, each the first one's tokens.
    int firstStart = values + 1;
    int firstEnd = closing(tokens, firstStart);
    if (firstEnd < 0) {
      return null;
    }
    int width = firstEnd - firstStart + 1;
    int parametersPerRow = 0;
    for (int i = firstStart; i <= firstEnd; i++) {
      if (isParameter(tokens.get(i))) {
        parametersPerRow++;
      }
    }
    if (parametersPerRow == 0) {
      return null;
    }
    int rows = 1;
    int at = firstEnd + 1;
    while (at < tokens.size()) {
      if (!isPunct(tokens.get(at), ",")) {
        return null; // ON DUPLICATE KEY, RETURNING, a second statement...: parsed as written
      }
      int start = at + 1;
      if (start + width > tokens.size()) {
        return null;
      }
      for (int i = 0; i < width; i++) {
        SqlLexer.Token a = tokens.get(firstStart + i);
        SqlLexer.Token b = tokens.get(start + i);
        if (a.kind() != b.kind() || !a.text().equals(b.text())) {
          return null;
        }
      }
      rows++;
      at = start + width;
    }
    if (rows < 2) {
      return null;
    }
    SqlNode parsed = QueryPlanner.parse(sql.substring(0, tokens.get(firstEnd).end()));
    if (parsed.getClass() != SqlInsert.class
        || !(((SqlInsert) parsed).getSource() instanceof SqlBasicCall source)
        || source.getKind() != SqlKind.VALUES || source.operandCount() != 1) {
      return null;
    }
    SqlNode firstRow = source.operand(0);
    List<Integer> seen = new ArrayList<>();
    firstRow.accept(new RenumberParameters(0, seen));
    for (int i = 0; i < seen.size(); i++) {
      if (seen.get(i) != i) {
        return null;
      }
    }
    if (seen.size() != parametersPerRow) {
      return null;
    }
    SqlNode[] all = new SqlNode[rows];
    all[0] = firstRow;
    for (int r = 1; r < rows; r++) {
      all[r] = firstRow.accept(new RenumberParameters(r * parametersPerRow, null));
    }
    SqlInsert insert = (SqlInsert) parsed;
    return new SqlInsert(insert.getParserPosition(), (org.apache.calcite.sql.SqlNodeList) insert.getOperandList().get(0),
        insert.getTargetTable(), SqlStdOperatorTable.VALUES.createCall(source.getParserPosition(), all),
        insert.getTargetColumnList());
  }

  /** The index of the ")" closing the "(" at {@code open}, or -1. */
  private static int closing(List<SqlLexer.Token> tokens, int open) {
    if (open >= tokens.size() || !isPunct(tokens.get(open), "(")) {
      return -1;
    }
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (isPunct(tokens.get(i), "(")) {
        depth++;
      } else if (isPunct(tokens.get(i), ")") && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isPunct(SqlLexer.Token t, String text) {
    return t.kind() == SqlLexer.Kind.PUNCT && t.text().equals(text);
  }

  private static boolean isParameter(SqlLexer.Token t) {
    return t.kind() == SqlLexer.Kind.OPERATOR && t.text().equals("?");
  }

  /**
   * A deep copy of a row with every parameter's index moved by {@code offset} (every call copied,
   * so the validator's in-place rewrites of one row never reach another); records the indices
   * it met when {@code seen} is given.
   */
  private static final class RenumberParameters extends org.apache.calcite.sql.util.SqlShuttle {
    private final int offset;
    private final List<Integer> seen;

    RenumberParameters(int offset, List<Integer> seen) {
      this.offset = offset;
      this.seen = seen;
    }

    @Override
    public SqlNode visit(SqlDynamicParam param) {
      if (seen != null) {
        seen.add(param.getIndex());
      }
      return new SqlDynamicParam(param.getIndex() + offset, param.getParserPosition());
    }

    @Override
    public SqlNode visit(SqlCall call) {
      List<SqlNode> operands = call.getOperandList();
      SqlNode[] copied = new SqlNode[operands.size()];
      for (int i = 0; i < copied.length; i++) {
        copied[i] = operands.get(i) == null ? null : operands.get(i).accept(this);
      }
      return call.getOperator().createCall(call.getFunctionQuantifier(), call.getParserPosition(), copied);
    }
  }

  /** The plan of {@code parsed} made from its first row, or null when the statement does not qualify. */
  static PlannedDml planAsOneRow(SqlNode parsed, Function<SqlNode, PlannedDml> planDml) {
    if (parsed == null || parsed.getClass() != SqlInsert.class) {
      return null;
    }
    SqlInsert insert = (SqlInsert) parsed;
    if (!(insert.getSource() instanceof SqlBasicCall values) || values.getKind() != SqlKind.VALUES
        || values.operandCount() < 2) {
      return null;
    }
    int rows = values.operandCount();
    int perRow = sameShape(values);
    if (perRow <= 0) {
      return null;
    }
    SqlNode firstRow = values.operand(0);
    SqlInsert oneRow = new SqlInsert(insert.getParserPosition(), (org.apache.calcite.sql.SqlNodeList) insert.getOperandList().get(0),
        insert.getTargetTable(), SqlStdOperatorTable.VALUES.createCall(values.getParserPosition(), firstRow),
        insert.getTargetColumnList());
    PlannedDml one = planDml.apply(oneRow);
    if (one.valueRows() == null || one.valueRows().size() != 1 || one.parameterTypes().size() != perRow) {
      return null;
    }
    List<RexNode> template = one.valueRows().get(0);
    List<List<RexNode>> expanded = new ArrayList<>(rows);
    expanded.add(template);
    for (int r = 1; r < rows; r++) {
      ShiftParameters shift = new ShiftParameters(r * perRow);
      List<RexNode> row = new ArrayList<>(template.size());
      for (RexNode cell : template) {
        row.add(cell.accept(shift));
      }
      expanded.add(row);
    }
    List<DataType> parameterTypes = new ArrayList<>(rows * perRow);
    for (int r = 0; r < rows; r++) {
      parameterTypes.addAll(one.parameterTypes());
    }
    return new PlannedDml(one.kind(), one.table(), one.source(), expanded, one.updateColumns(),
        Collections.unmodifiableList(parameterTypes));
  }

  /**
   * Parameters per row when every row has the first row's shape and reads its own parameters in
   * order (row r: r*k .. r*k+k-1); 0 when not (no parameters at all: nothing to share, and
   * literal rows differ in their literals).
   */
  private static int sameShape(SqlBasicCall values) {
    if (!(values.operand(0) instanceof SqlCall first) || first.getKind() != SqlKind.ROW) {
      return 0;
    }
    int arity = first.operandCount();
    int next = 0;
    for (int r = 0; r < values.operandCount(); r++) {
      if (!(values.operand(r) instanceof SqlCall row) || row.getKind() != SqlKind.ROW || row.operandCount() != arity) {
        return 0;
      }
      for (int c = 0; c < arity; c++) {
        SqlNode cell = row.operand(c);
        SqlNode model = first.operand(c);
        if (model instanceof SqlDynamicParam) {
          if (!(cell instanceof SqlDynamicParam p) || p.getIndex() != next) {
            return 0;
          }
          next++;
        } else if (cell == null || model == null || !model.equalsDeep(cell, org.apache.calcite.util.Litmus.IGNORE)
            || containsParameter(cell)) {
          return 0;
        }
      }
    }
    int perRow = next / values.operandCount();
    return perRow * values.operandCount() == next ? perRow : 0;
  }

  private static boolean containsParameter(SqlNode node) {
    if (node instanceof SqlDynamicParam) {
      return true;
    }
    if (node instanceof SqlCall call) {
      for (SqlNode operand : call.getOperandList()) {
        if (operand != null && containsParameter(operand)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The first row's cells with every parameter index moved by the row's offset. */
  private static final class ShiftParameters extends RexShuttle {
    private final int offset;

    ShiftParameters(int offset) {
      this.offset = offset;
    }

    @Override
    public RexNode visitDynamicParam(RexDynamicParam param) {
      return new RexDynamicParam(param.getType(), param.getIndex() + offset);
    }
  }
}
