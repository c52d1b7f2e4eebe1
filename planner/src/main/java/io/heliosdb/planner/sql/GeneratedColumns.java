package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.SequenceDescriptor.Generation;
import io.heliosdb.planner.sequence.SequenceOptions;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Columns whose values come from an owned sequence: SERIAL / BIGSERIAL / SMALLSERIAL, GENERATED
 * {ALWAYS | BY DEFAULT} AS IDENTITY [(options)] and MySQL's AUTO_INCREMENT. Each gets a sequence
 * named table_column_seq created with the table, and DEFAULT nextval('schema.table_column_seq').
 */
final class GeneratedColumns {
  private GeneratedColumns() {}

  /** CREATE TABLE text without the identity options JSqlParser cannot read, and those options in order. */
  record Stripped(String sql, List<List<String>> identityOptions) {}

  static Stripped stripIdentityOptions(String sql) {
    List<Token> t = SqlLexer.tokenize(sql);
    List<List<String>> options = new ArrayList<>();
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (int i = 0; i + 1 < t.size(); i++) {
      if (t.get(i).isWord("as") && t.get(i + 1).isWord("identity")) {
        List<String> words = new ArrayList<>();
        int j = i + 2;
        if (j < t.size() && t.get(j).text().equals("(")) {
          int depth = 0;
          int k = j;
          for (; k < t.size(); k++) {
            String x = t.get(k).text();
            if (x.equals("(")) {
              depth++;
            } else if (x.equals(")")) {
              depth--;
              if (depth == 0) {
                break;
              }
            } else if (t.get(k).kind() != Kind.SEMICOLON) {
              words.add(x);
            }
          }
          out.append(sql, copied, t.get(j).start());
          copied = k < t.size() ? t.get(k).end() : sql.length();
        }
        options.add(words);
      }
    }
    out.append(sql.substring(copied));
    return new Stripped(out.toString(), options);
  }

  /** The integer type of a SERIAL pseudo-type name, or null for any other type name. */
  static DataType serialType(String typeName) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "serial", "serial4" -> DataType.INTEGER;
      case "bigserial", "serial8" -> DataType.BIGINT;
      case "smallserial", "serial2" -> DataType.SMALLINT;
      default -> null;
    };
  }

  /** Index after "GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY" in the column specs, and its kind. */
  record Identity(Generation generation, int next) {}

  static Identity identity(List<String> specs, int at) {
    int i = at + 1;
    Generation g;
    if (i < specs.size() && specs.get(i).equalsIgnoreCase("always")) {
      g = Generation.ALWAYS;
      i++;
    } else if (i + 1 < specs.size() && specs.get(i).equalsIgnoreCase("by") && specs.get(i + 1).equalsIgnoreCase("default")) {
      g = Generation.BY_DEFAULT;
      i += 2;
    } else {
      throw HeliosException.notSupported("GENERATED columns other than identity columns");
    }
    if (i + 1 < specs.size() && specs.get(i).equalsIgnoreCase("as") && specs.get(i + 1).equalsIgnoreCase("identity")) {
      return new Identity(g, i + 2);
    }
    throw HeliosException.notSupported("generated columns (GENERATED ... AS (expression))");
  }

  /** The owned sequence of a generated column (id and owner are set when the catalog creates the table). */
  static SequenceDescriptor sequence(String schema, String table, String column, DataType type, Generation generation,
      List<String> options) {
    if (!type.isInteger()) {
      throw new HeliosException(io.heliosdb.hidb.error.ErrorCode.DATATYPE_MISMATCH,
          "identity column type must be smallint, integer, or bigint");
    }
    String name = sequenceName(table, column);
    return SequenceOptions.parse(schema, name, options, type, column, generation);
  }

  /** PostgreSQL's name for a column's sequence: table_column_seq, each part cut so the whole fits 63 bytes. */
  static String sequenceName(String table, String column) {
    String t = table;
    String c = column;
    while (t.length() + c.length() + 5 > 63) {
      if (t.length() >= c.length()) {
        t = t.substring(0, t.length() - 1);
      } else {
        c = c.substring(0, c.length() - 1);
      }
    }
    return t + "_" + c + "_seq";
  }

  /** The DEFAULT expression that draws from the column's sequence. */
  static String nextvalDefault(String schema, String sequence) {
    String qualified = quote(schema) + "." + quote(sequence);
    return "nextval('" + qualified.replace("'", "''") + "'::regclass)";
  }

  private static String quote(String ident) {
    return ident.matches("[a-z_][a-z0-9_$]*") ? ident : "\"" + ident.replace("\"", "\"\"") + "\"";
  }
}
