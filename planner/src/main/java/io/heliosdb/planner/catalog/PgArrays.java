package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * Array values of the catalogs as PostgreSQL prints them: arrays as {@code {1,2}} (elements quoted
 * when needed), int2vector/oidvector as {@code 1 2} with subscripts from 0; and json_build_object's
 * output. At run time an array is a {@link List} (Calcite's form); a vector is a {@link Vector}.
 */
public final class PgArrays {
  private PgArrays() {}

  /** An int2vector or oidvector value: a list whose subscripts start at 0 and that prints space-separated. */
  public static final class Vector extends AbstractList<Object> {
    private final List<?> elements;

    public Vector(List<?> elements) {
      this.elements = List.copyOf(elements);
    }

    @Override
    public Object get(int index) {
      return elements.get(index);
    }

    @Override
    public int size() {
      return elements.size();
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Object e : elements) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(e);
      }
      return sb.toString();
    }
  }

  /** array_lower(a, 1): 0 for vectors, 1 for arrays, NULL for empty or NULL arrays and other dimensions. */
  static Integer lowerBound(Object array, Integer dimension) {
    if (!(array instanceof List<?> list) || list.isEmpty() || dimension == null || dimension != 1) {
      return null;
    }
    return array instanceof Vector ? 0 : 1;
  }

  /** array_length(a, 1): the number of elements; NULL for empty or NULL arrays and other dimensions. */
  static Integer length(Object array, Integer dimension) {
    if (!(array instanceof List<?> list) || list.isEmpty() || dimension == null || dimension != 1) {
      return null;
    }
    return list.size();
  }

  /** 1..n where n is the length of the longest of the arrays (NULL arrays count as empty). */
  static List<Integer> positions(Object[] arrays) {
    int longest = 0;
    for (Object a : arrays) {
      if (a instanceof List<?> list) {
        longest = Math.max(longest, list.size());
      }
    }
    List<Integer> out = new java.util.ArrayList<>(longest);
    for (int i = 1; i <= longest; i++) {
      out.add(i);
    }
    return out;
  }

  /** The text form of an array (array_out): {@code {a,"b c",NULL}}; a vector prints as {@code 1 2}. */
  public static String text(Object array) {
    if (array == null) {
      return null;
    }
    if (array instanceof Vector || !(array instanceof List<?> list)) {
      return array.toString();
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      Object e = list.get(i);
      if (e == null) {
        sb.append("NULL");
      } else if (e instanceof List<?>) {
        sb.append(text(e));
      } else {
        appendElement(sb, e instanceof Boolean b ? (b ? "t" : "f")
            : e instanceof Double || e instanceof Float ? floatText((Number) e) : e.toString());
      }
    }
    return sb.append('}').toString();
  }

  /** float4 / float8 elements as PostgreSQL prints them: no ".0" on whole numbers, Infinity, NaN. */
  private static String floatText(Number n) {
    double d = n.doubleValue();
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d == 0 && 1 / d < 0 ? "-0" : Long.toString((long) d);
    }
    return n.toString();
  }

  private static void appendElement(StringBuilder sb, String s) {
    boolean quote = s.isEmpty() || s.equalsIgnoreCase("NULL");
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || Character.isWhitespace(c);
    }
    if (!quote) {
      sb.append(s);
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    sb.append('"');
  }

  /**
   * array_in for one-dimensional arrays of the element types {@link PgFunctions#ARRAY_IN_ELEMENTS}
   * lists: the elements in Calcite's Java form (Short, Integer, Long, Float, Double, Boolean, String).
   */
  static List<Object> fromText(String text, String elementName, org.apache.calcite.sql.type.SqlTypeName element) {
    if (text == null) {
      return null;
    }
    Parsed parsed = parse(text);
    if (parsed.dims().length > 1) {
      throw HeliosException.notSupported("multidimensional arrays");
    }
    List<Object> out = new ArrayList<>(parsed.elements().size());
    for (String e : parsed.elements()) {
      out.add(e == null ? null : element(e.trim(), elementName, element));
    }
    return out;
  }

  private static Object element(String e, String elementName, org.apache.calcite.sql.type.SqlTypeName element) {
    try {
      return switch (element) {
        case SMALLINT -> Short.parseShort(e);
        case INTEGER -> elementName.equals("oid") ? (int) Long.parseLong(e) : Integer.parseInt(e);
        case BIGINT -> Long.parseLong(e);
        case REAL -> Float.parseFloat(e);
        case DOUBLE -> Double.parseDouble(e);
        case BOOLEAN -> bool(e);
        default -> e;
      };
    } catch (NumberFormatException ex) {
      String typeName = PgTypes.format(PgTypes.byName(elementName).oid(), -1);
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
          "invalid input syntax for type " + typeName + ": \"" + e + "\"");
    }
  }

  private static Boolean bool(String e) {
    switch (e.toLowerCase(java.util.Locale.ROOT)) {
      case "t", "true", "yes", "y", "on", "1":
        return true;
      case "f", "false", "no", "n", "off", "0":
        return false;
      default:
        throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
            "invalid input syntax for type boolean: \"" + e + "\"");
    }
  }

  /** A parsed array: dimension lengths and the elements in row-major order (null = SQL NULL). */
  public record Parsed(int[] dims, List<String> elements) {}

  /** The text form of elements laid out in {@code dims} (array_out quoting). */
  public static String text(int[] dims, List<String> elements) {
    if (elements.isEmpty()) {
      return "{}";
    }
    StringBuilder sb = new StringBuilder();
    appendLevel(sb, dims, 0, elements, new int[] {0});
    return sb.toString();
  }

  private static void appendLevel(StringBuilder sb, int[] dims, int level, List<String> elements, int[] next) {
    sb.append('{');
    for (int i = 0; i < dims[level]; i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (level + 1 < dims.length) {
        appendLevel(sb, dims, level + 1, elements, next);
      } else {
        appendTextElement(sb, elements.get(next[0]++));
      }
    }
    sb.append('}');
  }

  private static void appendTextElement(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("NULL");
      return;
    }
    appendElement(sb, s);
  }

  /** int2vector / oidvector text ({@code 1 2}) as a one-dimensional array. */
  public static Parsed parseVector(String text) {
    List<String> elements = new ArrayList<>();
    for (String part : text.trim().split("\\s+")) {
      if (!part.isEmpty()) {
        elements.add(part);
      }
    }
    return new Parsed(new int[] {elements.size()}, elements);
  }

  /** Parses array_out text ({@code {1,NULL,"a \"b\""}}, nested braces for more dimensions). */
  public static Parsed parse(String text) {
    int[] pos = {0};
    skipSpace(text, pos);
    List<Integer> dims = new ArrayList<>();
    List<String> elements = new ArrayList<>();
    parseLevel(text, pos, 0, dims, elements, new int[] {-1});
    skipSpace(text, pos);
    if (pos[0] != text.length()) {
      throw malformed(text, "Junk after closing right brace.");
    }
    int[] out = dims.stream().mapToInt(Integer::intValue).toArray();
    return new Parsed(out, elements);
  }

  private static void parseLevel(String s, int[] pos, int level, List<Integer> dims, List<String> elements,
      int[] leafDepth) {
    if (pos[0] >= s.length() || s.charAt(pos[0]) != '{') {
      throw malformed(s, "Array value must start with \"{\" or dimension information.");
    }
    pos[0]++;
    int count = 0;
    boolean sawElement = false;
    boolean sawArray = false;
    skipSpace(s, pos);
    if (pos[0] < s.length() && s.charAt(pos[0]) == '}') {
      pos[0]++;
      if (level > 0) {
        throw malformed(s, "Unexpected \"}\" character.");
      }
      return;
    }
    while (true) {
      skipSpace(s, pos);
      if (pos[0] < s.length() && s.charAt(pos[0]) == '{') {
        if (sawElement || leafDepth[0] >= 0 && leafDepth[0] <= level) {
          throw malformed(s, "Unexpected \"{\" character.");
        }
        sawArray = true;
        parseLevel(s, pos, level + 1, dims, elements, leafDepth);
      } else {
        if (sawArray || leafDepth[0] >= 0 && leafDepth[0] != level) {
          throw malformed(s, "Unexpected array element.");
        }
        sawElement = true;
        leafDepth[0] = level;
        elements.add(readItem(s, pos));
      }
      count++;
      skipSpace(s, pos);
      if (pos[0] >= s.length()) {
        throw malformed(s, "Unexpected end of input.");
      }
      char c = s.charAt(pos[0]++);
      if (c == '}') {
        break;
      }
      if (c != ',') {
        throw malformed(s, "Unexpected \"" + c + "\" character.");
      }
    }
    recordDim(s, dims, level, count);
  }

  private static void recordDim(String s, List<Integer> dims, int level, int count) {
    while (dims.size() <= level) {
      dims.add(-1);
    }
    if (dims.get(level) < 0) {
      dims.set(level, count);
    } else if (dims.get(level) != count) {
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + s + "\"");
    }
  }

  private static String readItem(String s, int[] pos) {
    StringBuilder sb = new StringBuilder();
    if (pos[0] < s.length() && s.charAt(pos[0]) == '"') {
      pos[0]++;
      while (true) {
        if (pos[0] >= s.length()) {
          throw malformed(s, "Unexpected end of input.");
        }
        char c = s.charAt(pos[0]++);
        if (c == '"') {
          return sb.toString();
        }
        if (c == '\\') {
          if (pos[0] >= s.length()) {
            throw malformed(s, "Unexpected end of input.");
          }
          c = s.charAt(pos[0]++);
        }
        sb.append(c);
      }
    }
    boolean escaped = false;
    int trailingSpaceFrom = -1;
    while (pos[0] < s.length()) {
      char c = s.charAt(pos[0]);
      if (c == ',' || c == '}') {
        break;
      }
      if (c == '{' || c == '"') {
        throw malformed(s, "Unexpected \"" + c + "\" character.");
      }
      pos[0]++;
      if (c == '\\') {
        if (pos[0] >= s.length()) {
          throw malformed(s, "Unexpected end of input.");
        }
        sb.append(s.charAt(pos[0]++));
        escaped = true;
        trailingSpaceFrom = -1;
        continue;
      }
      if (Character.isWhitespace(c)) {
        if (trailingSpaceFrom < 0) {
          trailingSpaceFrom = sb.length();
        }
      } else {
        trailingSpaceFrom = -1;
      }
      sb.append(c);
    }
    if (trailingSpaceFrom >= 0) {
      sb.setLength(trailingSpaceFrom);
    }
    String item = sb.toString();
    if (item.isEmpty()) {
      throw malformed(s, "Unexpected \"" + (pos[0] < s.length() ? s.charAt(pos[0]) : ' ') + "\" character.");
    }
    return !escaped && item.equalsIgnoreCase("NULL") ? null : item;
  }

  private static void skipSpace(String s, int[] pos) {
    while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  /** {@code detail} is PostgreSQL's DETAIL line, kept here for readers (HeliosException carries no detail). */
  private static HeliosException malformed(String s, String detail) {
    return new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "malformed array literal: \"" + s + "\"");
  }

  /** json_build_object(k1, v1, ...): PostgreSQL's spacing ({@code {"a" : 1, "b" : "x"}}). */
  static String jsonObject(Object[] given) {
    // Omitted optional arguments arrive as NULLs: drop trailing NULL pairs (a NULL key is an error anyway).
    int end = given.length;
    while (end >= 2 && given[end - 1] == null && given[end - 2] == null) {
      end -= 2;
    }
    Object[] args = java.util.Arrays.copyOf(given, end);
    if (args.length % 2 != 0) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
          "argument list must have even number of elements");
    }
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < args.length; i += 2) {
      if (args[i] == null) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "null value not allowed for object key");
      }
      if (i > 0) {
        sb.append(", ");
      }
      jsonString(sb, args[i].toString());
      sb.append(" : ");
      Object v = args[i + 1];
      if (v == null) {
        sb.append("null");
      } else if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else {
        jsonString(sb, v.toString());
      }
    }
    return sb.append('}').toString();
  }

  private static void jsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
