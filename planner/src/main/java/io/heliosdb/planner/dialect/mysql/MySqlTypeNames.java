package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.util.List;
import java.util.Locale;

/**
 * MySQL column types in both directions: a MySQL type in DDL becomes the planner's type name, and
 * a value-model type is shown the way MySQL prints it (SHOW COLUMNS, SHOW CREATE TABLE).
 */
public final class MySqlTypeNames {
  private MySqlTypeNames() {}

  /**
   * The planner's spelling of a MySQL column type.
   *
   * @param name the type word, any case (e.g. "int", "datetime")
   * @param args the numbers inside its parentheses (display widths are dropped)
   * @param unsigned whether UNSIGNED followed; widens integers so every MySQL value fits
   */
  public static String toPlanner(String name, List<String> args, boolean unsigned) {
    String n = name.toLowerCase(Locale.ROOT);
    return switch (n) {
      // MySQL's BOOL is TINYINT(1): clients write 1/0 and read integers back
      case "bool", "boolean", "tinyint", "year" -> "smallint";
      case "smallint" -> unsigned ? "integer" : "smallint";
      case "mediumint" -> "integer";
      case "int", "integer" -> unsigned ? "bigint" : "integer";
      case "bigint" -> unsigned ? "numeric(20,0)" : "bigint";
      case "float" -> "real";
      case "double", "real" -> "double precision";
      case "decimal", "numeric", "dec", "fixed" ->
          args.isEmpty() ? "numeric(10,0)" : "numeric(" + String.join(",", args) + ")";
      case "char", "varchar" -> args.isEmpty() ? "varchar(1)" : "varchar(" + args.get(0) + ")";
      case "tinytext", "text", "mediumtext", "longtext" -> "text";
      case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> "bytea";
      case "date" -> "date";
      case "time" -> "time";
      case "datetime", "timestamp" -> "timestamp";
      case "json" -> "json";
      case "enum", "set", "bit", "geometry", "point" -> throw HeliosException.notSupported("column type " + n.toUpperCase(Locale.ROOT));
      default -> null; // not a MySQL spelling: left to the planner (vector(n), uuid, ...)
    };
  }

  /** How MySQL 8.0 prints a column of this type, e.g. "int", "varchar(20)", "decimal(10,2)". */
  public static String toMySql(DataType type) {
    return switch (type.id()) {
      case BOOLEAN -> "tinyint(1)";
      case SMALLINT -> "smallint";
      case INTEGER -> "int";
      case BIGINT -> "bigint";
      case REAL -> "float";
      case DOUBLE -> "double";
      case NUMERIC -> type.precision() >= 0
          ? "decimal(" + type.precision() + "," + Math.max(0, type.scale()) + ")" : "decimal(65,30)";
      case VARCHAR -> type.precision() >= 0 ? "varchar(" + type.precision() + ")" : "longtext";
      case TEXT -> "longtext";
      case BYTEA -> "longblob";
      case DATE -> "date";
      case TIME -> "time(6)";
      case TIMESTAMP -> "datetime(6)";
      case TIMESTAMPTZ -> "timestamp(6)";
      case UUID -> "char(36)";
      case JSON, JSONB -> "json";
      case VECTOR -> "vector(" + type.precision() + ")";
      default -> type.sqlName().toLowerCase(Locale.ROOT);
    };
  }
}
