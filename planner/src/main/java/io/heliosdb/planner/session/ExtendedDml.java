package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.calcite.PlannedDml;
import io.heliosdb.planner.calcite.PlannedQuery;
import io.heliosdb.planner.calcite.QueryPlanner;
import io.heliosdb.planner.calcite.RowSets;
import io.heliosdb.planner.sql.DmlClauses;
import io.heliosdb.planner.sql.DmlClauses.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * An INSERT / UPDATE / DELETE with clauses Calcite does not plan: the plain statement, plus the
 * DO UPDATE assignments and the RETURNING list, each planned as a query over the statement's own
 * rows ({@link RowSets}). Parameters are the plain statement's, then the conflict clause's, then
 * RETURNING's, in text order.
 *
 * @param base the plain statement
 * @param clauses what was split off
 * @param assignments SELECT of the assigned values (and, last, the DO UPDATE WHERE) over the
 *     existing row ("target") and the proposed row ("excluded"); null without DO UPDATE
 * @param assignedColumns table column index of each assigned value
 * @param hasWhere whether {@code assignments} ends with the WHERE condition
 * @param returning SELECT of the RETURNING list over the changed rows, or null
 * @param parameterTypes all markers' types, in text order
 */
record ExtendedDml(PlannedDml base, DmlClauses clauses, PlannedQuery assignments, int[] assignedColumns,
    boolean hasWhere, PlannedQuery returning, List<DataType> parameterTypes) {

  String kind() {
    return base.kind();
  }

  List<ColumnMeta> columns() {
    return returning == null ? List.of() : returning.columns();
  }

  boolean mysqlForm() {
    Action a = clauses.conflict() == null ? null : clauses.conflict().action();
    return a == Action.MYSQL_UPDATE || a == Action.MYSQL_IGNORE || a == Action.MYSQL_REPLACE;
  }

  static ExtendedDml plan(QueryPlanner planner, DmlClauses c, String schema) {
    // The clauses are planned before the plain statement: when planning with lifted literals
    // fails, the session plans the text as written, and the user should see the clause's error.
    org.apache.calcite.sql.SqlNode parsed = QueryPlanner.parse(c.base());
    TableDescriptor early = targetTable(planner, parsed, schema);
    PlannedDml planned = early == null ? planner.planDml(parsed, schema) : null; // reports a missing table
    TableDescriptor table = early != null ? early : planned.table();
    String alias = c.targetAlias() == null ? table.name() : c.targetAlias();
    String target = rows("target", table) + " AS " + quote(alias);
    PlannedQuery assignments = null;
    int[] assigned = new int[0];
    boolean hasWhere = false;
    DmlClauses.Conflict conflict = c.conflict();
    if (conflict != null && !conflict.assignedColumns().isEmpty()) {
      if (conflict.action() == Action.UPDATE) {
        rejectAmbiguous(table, conflict);
      }
      assigned = new int[conflict.assignedColumns().size()];
      StringBuilder select = new StringBuilder("SELECT ");
      for (int i = 0; i < assigned.length; i++) {
        String col = conflict.assignedColumns().get(i);
        int idx = table.columnIndex(col);
        if (idx < 0 || table.columns().get(idx).hidden()) {
          throw new HeliosException(ErrorCode.UNDEFINED_COLUMN,
              "column \"" + col + "\" of relation \"" + table.name() + "\" does not exist");
        }
        assigned[i] = idx;
        select.append(i == 0 ? "" : ", ").append('(').append(conflict.assignedExpressions().get(i)).append(')');
      }
      if (conflict.where() != null) {
        select.append(", (").append(conflict.where()).append(')');
        hasWhere = true;
      }
      String proposed = conflict.action() == Action.MYSQL_UPDATE
          ? rows(RowSets.PREFIXED_SLOT, table) + " AS \"$proposed\""
          : rows("excluded", table) + " AS " + quote(conflict.excludedAlias());
      select.append(" FROM ").append(target).append(" CROSS JOIN ").append(proposed);
      assignments = planner.planQuery(QueryPlanner.parse(select.toString()), schema);
    }
    PlannedQuery returning = null;
    if (c.returning() != null) {
      returning = planner.planQuery(QueryPlanner.parse("SELECT " + c.returning() + " FROM " + target), schema);
    }
    PlannedDml base = planned != null ? planned : planner.planDml(parsed, schema);
    List<DataType> types = new ArrayList<>(base.parameterTypes());
    if (assignments != null) {
      types.addAll(assignments.parameterTypes());
    }
    if (returning != null) {
      types.addAll(returning.parameterTypes());
    }
    return new ExtendedDml(base, c, assignments, assigned, hasWhere, returning, List.copyOf(types));
  }

  /** The table an INSERT / UPDATE / DELETE names, or null when it does not exist (yet). */
  private static TableDescriptor targetTable(QueryPlanner planner, org.apache.calcite.sql.SqlNode parsed,
      String schema) {
    org.apache.calcite.sql.SqlNode target = parsed instanceof org.apache.calcite.sql.SqlInsert i ? i.getTargetTable()
        : parsed instanceof org.apache.calcite.sql.SqlUpdate u ? u.getTargetTable()
        : parsed instanceof org.apache.calcite.sql.SqlDelete d ? d.getTargetTable() : null;
    if (target instanceof org.apache.calcite.sql.SqlCall call && call.getKind() == org.apache.calcite.sql.SqlKind.AS) {
      target = call.operand(0);
    }
    if (!(target instanceof org.apache.calcite.sql.SqlIdentifier id)) {
      return null;
    }
    String name = id.names.get(id.names.size() - 1);
    String in = id.names.size() > 1 ? id.names.get(id.names.size() - 2) : schema;
    return planner.catalog().table(in, name).orElse(null);
  }

  /** An unqualified column name in DO UPDATE could be the existing or the proposed row: PostgreSQL's 42702. */
  private static void rejectAmbiguous(TableDescriptor table, DmlClauses.Conflict conflict) {
    List<String> parts = new ArrayList<>(conflict.assignedExpressions());
    if (conflict.where() != null) {
      parts.add(conflict.where());
    }
    for (String part : parts) {
      List<io.heliosdb.planner.sql.SqlLexer.Token> t = io.heliosdb.planner.sql.SqlLexer.tokenize(part);
      for (int i = 0; i < t.size(); i++) {
        io.heliosdb.planner.sql.SqlLexer.Token tok = t.get(i);
        boolean name = tok.kind() == io.heliosdb.planner.sql.SqlLexer.Kind.WORD
            || tok.kind() == io.heliosdb.planner.sql.SqlLexer.Kind.QUOTED_IDENT;
        if (!name || (i > 0 && t.get(i - 1).text().equals(".")) || (i + 1 < t.size()
            && (t.get(i + 1).text().equals(".") || t.get(i + 1).text().equals("(")))) {
          continue;
        }
        String col = io.heliosdb.planner.sql.DdlTranslator.ident(tok.text());
        int idx = table.columnIndex(col);
        if (idx >= 0 && !table.columns().get(idx).hidden()) {
          throw new HeliosException(ErrorCode.AMBIGUOUS_COLUMN, "column reference \"" + col + "\" is ambiguous");
        }
      }
    }
  }

  private static String rows(String slot, TableDescriptor table) {
    return quote(RowSets.SCHEMA) + "." + quote(RowSets.tableName(slot, table));
  }

  private static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }
}
