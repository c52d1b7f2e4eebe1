package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.util.AbstractList;
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
        appendElement(sb, e instanceof Boolean b ? (b ? "t" : "f") : e.toString());
      }
    }
    return sb.append('}').toString();
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
