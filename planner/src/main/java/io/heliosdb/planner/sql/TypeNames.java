package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL type names (as written in DDL) -> value-model types. */
public final class TypeNames {
  private TypeNames() {}

  private static final Pattern NAME_ARGS = Pattern.compile("^\\s*([a-z_][a-z0-9_ ]*?)\\s*(?:\\(([^)]*)\\))?\\s*([a-z ]*)$");

  public static DataType parse(String typeText, List<String> extraArgs) {
    String t = typeText.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    Matcher m = NAME_ARGS.matcher(t);
    if (!m.matches()) {
      throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "type \"" + typeText + "\" does not exist");
    }
    String name = (m.group(1) + " " + m.group(3)).trim();
    List<Integer> args = new ArrayList<>();
    String argText = m.group(2);
    if (argText != null) {
      for (String a : argText.split(",")) {
        args.add(Integer.parseInt(a.trim()));
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
        return args.isEmpty() ? DataType.VARCHAR : DataType.varchar(args.get(0));
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
      case "char", "character", "bpchar":
        throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
            "type character(n) is not supported yet; use varchar(n) or text");
      default:
        throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "type \"" + typeText.trim() + "\" does not exist");
    }
  }
}
