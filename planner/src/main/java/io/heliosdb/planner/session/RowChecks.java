package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ConstraintViolation;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Column constraints checked on every written row, with PostgreSQL's wording and codes. */
final class RowChecks {
  private RowChecks() {}

  static void check(TableDescriptor table, Object[] row) {
    check(table, row, 1);
  }

  /** @param rowNumber the row's 1-based position in its statement (MySQL names it in 1406) */
  static void check(TableDescriptor table, Object[] row, int rowNumber) {
    for (int i = 0; i < row.length; i++) {
      ColumnDescriptor c = table.columns().get(i);
      Object v = row[i];
      if (v == null) {
        if (!c.nullable()) {
          throw new HeliosException(ErrorCode.NOT_NULL_VIOLATION, "null value in column \"" + c.name()
              + "\" of relation \"" + table.name() + "\" violates not-null constraint");
        }
        continue;
      }
      DataType t = c.type();
      switch (t.id()) {
        case VARCHAR -> {
          if (t.precision() > 0 && ((String) v).codePointCount(0, ((String) v).length()) > t.precision()) {
            throw new ConstraintViolation(ErrorCode.STRING_DATA_RIGHT_TRUNCATION,
                "value too long for type character varying(" + t.precision() + ")", null, null, 1406,
                "Data too long for column '" + c.name() + "' at row " + rowNumber);
          }
        }
        case NUMERIC -> {
          if (t.precision() > 0) {
            BigDecimal b = ((BigDecimal) v).setScale(Math.max(0, t.scale()), RoundingMode.HALF_UP);
            if (b.precision() - b.scale() > t.precision() - Math.max(0, t.scale())) {
              throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "numeric field overflow");
            }
            row[i] = b;
          }
        }
        case VECTOR -> {
          int dim = ((float[]) v).length;
          if (t.precision() > 0 && dim != t.precision()) {
            throw new HeliosException(ErrorCode.DATA_EXCEPTION,
                "expected " + t.precision() + " dimensions, not " + dim);
          }
        }
        default -> { }
      }
    }
  }
}
