package io.heliosdb.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Queries whose rows can only come from catalogs of features HeliosDB does not have (row-level
 * security policies, extended statistics, publications, inheritance, triggers, rules): their result
 * is empty whatever the rest says, so they are answered with no rows and named columns without
 * being planned. psql's {@code \d TABLE} sends several such queries written with PostgreSQL
 * constructs (oid[] compared with '{0}', ARRAY(subquery), regnamespace, int2[] subscripts) that
 * only make sense over rows that cannot exist here.
 */
public final class EmptyCatalogQueries {
  private EmptyCatalogQueries() {}

  /** pg_catalog relations that are empty by construction (see PgCatalogSchema). */
  static final Set<String> ALWAYS_EMPTY = Set.of("pg_policy", "pg_statistic_ext", "pg_publication",
      "pg_publication_namespace", "pg_publication_rel", "pg_inherits", "pg_trigger", "pg_rewrite",
      "pg_auth_members");

  /** Aggregate functions by name: over no rows they still return one row. */
  private static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg", "array_agg",
      "string_agg", "bool_and", "bool_or", "every", "some", "any_value", "json_agg", "jsonb_agg",
      "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
      "var_samp", "bit_and", "bit_or", "xmlagg");

  /** The result's column names when the statement provably returns no rows, else null. */
  public static List<String> emptyResultColumns(SqlNode parsed) {
    if (!isEmpty(parsed)) {
      return null;
    }
    SqlNode first = parsed;
    while (!(first instanceof SqlSelect)) {
      if (first instanceof SqlOrderBy o) {
        first = o.query;
      } else if (first instanceof SqlWith w) {
        first = w.body;
      } else if (first instanceof SqlCall c && c.operandCount() > 0) {
        first = c.operand(0);
      } else {
        return null;
      }
    }
    List<String> names = new ArrayList<>();
    for (SqlNode item : ((SqlSelect) first).getSelectList()) {
      if (item.getKind() == SqlKind.AS) {
        names.add(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
      } else if (item instanceof SqlIdentifier id && id.isStar()) {
        return null; // the columns would come from the catalogs: plan it
      } else {
        names.add(PgColumnNames.nameOf(item));
      }
    }
    return names;
  }

  /** How many parameter markers the statement has. */
  public static int parameterCount(SqlNode parsed) {
    int[] count = {0};
    parsed.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlDynamicParam param) {
        count[0] = Math.max(count[0], param.getIndex() + 1);
        return null;
      }
    });
    return count[0];
  }

  private static boolean isEmpty(SqlNode node) {
    if (node instanceof SqlOrderBy o) {
      return isEmpty(o.query);
    }
    if (node instanceof SqlWith w) {
      return isEmpty(w.body);
    }
    if (node instanceof SqlSelect select) {
      return select.getFrom() != null && fromIsEmpty(select.getFrom())
          && (select.getGroup() != null || !hasAggregate(select));
    }
    if (node instanceof SqlCall call) {
      switch (call.getKind()) {
        case UNION -> {
          return call.getOperandList().stream().allMatch(EmptyCatalogQueries::isEmpty);
        }
        case INTERSECT -> {
          return call.getOperandList().stream().anyMatch(EmptyCatalogQueries::isEmpty);
        }
        case EXCEPT -> {
          return isEmpty(call.operand(0));
        }
        default -> {
          return false;
        }
      }
    }
    return false;
  }

  private static boolean fromIsEmpty(SqlNode from) {
    if (from instanceof SqlIdentifier id) {
      List<String> names = id.names;
      boolean catalog = names.size() == 1 || names.size() == 2 && names.get(0).equalsIgnoreCase("pg_catalog");
      return catalog && ALWAYS_EMPTY.contains(names.get(names.size() - 1).toLowerCase(Locale.ROOT));
    }
    if (from.getKind() == SqlKind.AS) {
      return fromIsEmpty(((SqlCall) from).operand(0));
    }
    if (from instanceof SqlJoin join) {
      JoinType type = join.getJoinType();
      return switch (type) {
        case INNER, COMMA, CROSS -> fromIsEmpty(join.getLeft()) || fromIsEmpty(join.getRight());
        case LEFT -> fromIsEmpty(join.getLeft());
        case RIGHT -> fromIsEmpty(join.getRight());
        case FULL -> fromIsEmpty(join.getLeft()) && fromIsEmpty(join.getRight());
        default -> false;
      };
    }
    return false;
  }

  /** An aggregate in the select list or HAVING (outside subqueries): one row even over no input. */
  private static boolean hasAggregate(SqlSelect select) {
    boolean[] found = {false};
    SqlBasicVisitor<Void> visitor = new SqlBasicVisitor<>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect) {
          return null;
        }
        // Unvalidated calls are mostly unresolved functions: aggregates are also known by name.
        if (call.getOperator().isAggregator()
            || AGGREGATES.contains(call.getOperator().getName().toLowerCase(Locale.ROOT))) {
          found[0] = true;
          return null;
        }
        return super.visit(call);
      }
    };
    select.getSelectList().accept(visitor);
    if (select.getHaving() != null) {
      select.getHaving().accept(visitor);
    }
    return found[0];
  }
}
