package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.types.DataType;

/** An expression compiled by {@link ExprEvaluator}: immutable and safe to evaluate from many threads. */
public interface CompiledExpr {
  /** row[i] = value of table column i (columns not needed may be null). */
  Object evaluate(Object[] row);

  DataType type();

  /** true when evaluate(row) returns Boolean.TRUE (a row passes a WHERE predicate). */
  default boolean test(Object[] row) {
    return Boolean.TRUE.equals(evaluate(row));
  }

  /** Sorted distinct table column indexes this expression reads (so a cell decodes only those). */
  int[] referencedColumns();
}
