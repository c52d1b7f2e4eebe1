package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** PostgreSQL type names (as written in DDL) -> value-model types. */
public final class TypeNames {
  private TypeNames() {}

  public static DataType parse(String typeText, List<String> extraArgs) {
    String t = typeText.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    String name = t;
    List<Integer> args = new ArrayList<>();
    int open = t.indexOf('(');
    if (open >= 0) {
      int close = t.indexOf(')', open);
      if (close < 0) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error in type \"" + typeText + "\"");
      }
      name = (t.substring(0, open).trim() + " " + t.substring(close + 1).trim()).trim();
      try {
        for (String a : t.substring(open + 1, close).split(",")) {
          args.add(Integer.parseInt(a.trim()));
        }
      } catch (NumberFormatException e) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "invalid type modifier in \"" + typeText + "\"");
      }
    }
    if (extraArgs != null) {
      for (String a : extraArgs) {
        args.add(Integer.parseInt(a.trim()));
      }
    }
    switch (name) {
      case "bool", "boolean": return DataType.BOOLEAN;
      case "smallint", "int2": return DataType.SMALLINT;
      case "int", "integer", "int4": return DataType.INTEGER;
      case "bigint", "int8": return DataType.BIGINT;
      case "real", "float4": return DataType.REAL;
      case "double precision", "float8", "double": return DataType.DOUBLE;
      case "float":
        return !args.isEmpty() && args.get(0) <= 24 ? DataType.REAL : DataType.DOUBLE;
      case "numeric", "decimal", "dec":
        if (args.isEmpty()) {
          return DataType.NUMERIC;
        }
        return DataType.numeric(args.get(0), args.size() > 1 ? args.get(1) : 0);
      case "varchar", "character varying":
        return args.isEmpty() ? DataType.VARCHAR : DataType.varchar(charLength("varchar", args.get(0)));
      case "text": return DataType.TEXT;
      case "bytea": return DataType.BYTEA;
      case "date": return DataType.DATE;
      case "time", "time without time zone": return DataType.TIME;
      case "timestamp", "timestamp without time zone": return DataType.TIMESTAMP;
      case "timestamptz", "timestamp with time zone": return DataType.TIMESTAMPTZ;
      case "uuid": return DataType.UUID;
      case "json": return DataType.JSON;
      case "jsonb": return DataType.JSONB;
      case "vector":
        if (args.isEmpty()) {
          throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "vector type requires a dimension, e.g. vector(3)");
        }
        return DataType.vector(args.get(0));
      case "serial", "serial4", "bigserial", "serial8", "smallserial":
        throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
            "type " + name + " (sequences) is not supported yet; use an explicit integer key");
      case "char", "character":
        // PostgreSQL: character without a length is character(1)
        return DataType.bpchar(args.isEmpty() ? 1 : charLength("char", args.get(0)));
      case "bpchar":
        return DataType.bpchar(args.isEmpty() ? -1 : charLength("char", args.get(0)));
      default:
        throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "type \"" + typeText.trim() + "\" does not exist");
    }
  }

  /** PostgreSQL: "length for type varchar/bpchar must be at least 1" (and at most 10485760). */
  private static int charLength(String type, int n) {
    if (n < 1) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "length for type " + type + " must be at least 1");
    }
    if (n > 10_485_760) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "length for type " + type + " cannot exceed 10485760");
    }
    return n;
  }
}
