package io.heliosdb.planner.sequence;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.SequenceDescriptor.Generation;
import java.util.List;
import java.util.Locale;

/**
 * The options of CREATE SEQUENCE and of GENERATED ... AS IDENTITY (...): AS type, INCREMENT [BY],
 * MINVALUE / NO MINVALUE, MAXVALUE / NO MAXVALUE, START [WITH], CACHE, [NO] CYCLE; defaults as in
 * PostgreSQL (bounds from the type and the sign of the increment).
 */
public final class SequenceOptions {
  private SequenceOptions() {}

  /**
   * Parses option words (already split; a negative number may arrive as "-" and the number).
   *
   * @param type the sequence type when no AS clause is given
   */
  public static SequenceDescriptor parse(String schema, String name, List<String> words, DataType type,
      String ownedByColumn, Generation generation) {
    Long increment = null;
    Long min = null;
    Long max = null;
    Long start = null;
    long cache = 1;
    boolean cycle = false;
    int i = 0;
    while (i < words.size()) {
      String w = words.get(i).toUpperCase(Locale.ROOT);
      switch (w) {
        case "AS" -> {
          type = sequenceType(words.get(i + 1));
          i += 2;
        }
        case "INCREMENT" -> {
          i++;
          if (i < words.size() && words.get(i).equalsIgnoreCase("by")) {
            i++;
          }
          int[] at = {i};
          increment = number(words, at);
          i = at[0];
        }
        case "MINVALUE", "MAXVALUE", "CACHE" -> {
          int[] at = {i + 1};
          long v = number(words, at);
          i = at[0];
          if (w.equals("MINVALUE")) {
            min = v;
          } else if (w.equals("MAXVALUE")) {
            max = v;
          } else {
            cache = v;
          }
        }
        case "START", "RESTART" -> {
          i++;
          if (i < words.size() && words.get(i).equalsIgnoreCase("with")) {
            i++;
          }
          int[] at = {i};
          start = number(words, at);
          i = at[0];
        }
        case "CYCLE" -> {
          cycle = true;
          i++;
        }
        case "NO" -> {
          String next = i + 1 < words.size() ? words.get(i + 1).toUpperCase(Locale.ROOT) : "";
          switch (next) {
            case "MINVALUE" -> min = null;
            case "MAXVALUE" -> max = null;
            case "CYCLE" -> cycle = false;
            default -> throw syntax(next);
          }
          i += 2;
        }
        case "OWNED" -> throw HeliosException.notSupported("OWNED BY on CREATE SEQUENCE");
        case "(", ")", "," -> i++;
        default -> throw syntax(words.get(i));
      }
    }
    long inc = increment == null ? 1 : increment;
    if (inc == 0) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "INCREMENT must not be zero");
    }
    long typeMax = switch (type.id()) {
      case SMALLINT -> Short.MAX_VALUE;
      case INTEGER -> Integer.MAX_VALUE;
      default -> Long.MAX_VALUE;
    };
    long typeMin = switch (type.id()) {
      case SMALLINT -> Short.MIN_VALUE;
      case INTEGER -> Integer.MIN_VALUE;
      default -> Long.MIN_VALUE;
    };
    long lo = min != null ? min : inc > 0 ? 1 : typeMin;
    long hi = max != null ? max : inc > 0 ? typeMax : -1;
    if (lo < typeMin || hi > typeMax) {
      throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
          (lo < typeMin ? "MINVALUE (" + lo : "MAXVALUE (" + hi) + ") is out of range for sequence data type "
              + type.toString().toLowerCase(Locale.ROOT));
    }
    long first = start != null ? start : inc > 0 ? lo : hi;
    SequenceDescriptor s = new SequenceDescriptor(0, schema, name, type, first, inc, lo, hi, cache, cycle, 0,
        ownedByColumn, generation);
    String invalid = validate(s);
    if (invalid != null) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, invalid);
    }
    return s;
  }

  private static String validate(SequenceDescriptor s) {
    if (s.minValue() >= s.maxValue()) {
      return "MINVALUE (" + s.minValue() + ") must be less than MAXVALUE (" + s.maxValue() + ")";
    }
    if (s.start() < s.minValue()) {
      return "START value (" + s.start() + ") cannot be less than MINVALUE (" + s.minValue() + ")";
    }
    if (s.start() > s.maxValue()) {
      return "START value (" + s.start() + ") cannot be greater than MAXVALUE (" + s.maxValue() + ")";
    }
    return null;
  }

  private static long number(List<String> words, int[] at) {
    int i = at[0];
    if (i >= words.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    String w = words.get(i);
    boolean negative = false;
    if ((w.equals("-") || w.equals("+")) && i + 1 < words.size()) {
      negative = w.equals("-");
      i++;
      w = words.get(i);
    }
    try {
      long v = Long.parseLong(w);
      at[0] = i + 1;
      return negative ? -v : v;
    } catch (NumberFormatException e) {
      throw syntax(w);
    }
  }

  /** smallint / integer / bigint (and their aliases); other types are refused as PostgreSQL does. */
  public static DataType sequenceType(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "smallint", "int2" -> DataType.SMALLINT;
      case "integer", "int", "int4" -> DataType.INTEGER;
      case "bigint", "int8" -> DataType.BIGINT;
      default -> throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
          "sequence type must be smallint, integer, or bigint");
    };
  }

  private static HeliosException syntax(String near) {
    return new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + near + "\"");
  }
}
