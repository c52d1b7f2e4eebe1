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
          if (t.isBpchar()) {
            row[i] = bpchar(t, (String) v);
          } else if (t.precision() > 0 && ((String) v).length() > t.precision()
              && ((String) v).codePointCount(0, ((String) v).length()) > t.precision()) {
            if (!isBlank((String) v, t.precision())) {
              throw new ConstraintViolation(ErrorCode.STRING_DATA_RIGHT_TRUNCATION,
                  "value too long for type character varying(" + t.precision() + ")", null, null, 1406,
                  "Data too long for column '" + c.name() + "' at row " + rowNumber);
            }
            // PostgreSQL cuts excess trailing blanks instead of failing
            row[i] = ((String) v).substring(0, ((String) v).offsetByCodePoints(0, t.precision()));
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

  /**
   * A value stored into character(n): blank-padded to n characters; longer values fail with 22001
   * unless the excess is blanks, which are cut, as PostgreSQL's bpchar input does.
   */
  static String bpchar(DataType type, String v) {
    int n = type.precision();
    if (n < 0) {
      return v;
    }
    int length = v.codePointCount(0, v.length());
    if (length == n) {
      return v;
    }
    if (length > n) {
      if (!isBlank(v, n)) {
        throw new HeliosException(ErrorCode.STRING_DATA_RIGHT_TRUNCATION,
            "value too long for type character(" + n + ")");
      }
      return v.substring(0, v.offsetByCodePoints(0, n));
    }
    return v + " ".repeat(n - length);
  }

  /**
   * A value compared with character(n): padded to n, or cut to n when the excess is blanks; a
   * longer value stays as it is (it equals no stored value, as in PostgreSQL).
   */
  static String padForComparison(DataType type, String v) {
    try {
      return bpchar(type, v);
    } catch (HeliosException e) {
      return v;
    }
  }

  /** Whether every code point after the first {@code keep} is a blank. */
  private static boolean isBlank(String v, int keep) {
    for (int j = v.offsetByCodePoints(0, keep); j < v.length(); j++) {
      if (v.charAt(j) != ' ') {
        return false;
      }
    }
    return true;
  }
}
