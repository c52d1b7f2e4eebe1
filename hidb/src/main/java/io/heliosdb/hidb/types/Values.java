package io.heliosdb.hidb.types;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Helpers over value-model values (see {@link DataType} for the Java form of each type): SQL
 * comparison and the PostgreSQL text forms. Stateless and allocation-free where the result allows.
 *
 * <p>Ordering rules: NULL sorts before every value; strings compare by Unicode code point (the same
 * as UTF-8 byte order and PostgreSQL's "C" collation, and the order of
 * {@link io.heliosdb.hidb.codec.KeyCodec}); REAL/DOUBLE treat -0.0 as 0.0 and NaN as greater than
 * every other value, NaN equal to NaN; UUID and BYTEA compare as unsigned bytes.
 */
public final class Values {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private Values() {}

  // ------------------------------------------------------------------ comparison

  /** SQL comparison of two values of {@code type} (NULL first). */
  public static int compare(DataType type, Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return switch (type.id()) {
      case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
      case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, TIMESTAMPTZ ->
          Long.compare(((Number) a).longValue(), ((Number) b).longValue());
      case REAL, DOUBLE -> compareDoubles(((Number) a).doubleValue(), ((Number) b).doubleValue());
      case NUMERIC -> toDecimal(a).compareTo(toDecimal(b));
      case VARCHAR, TEXT, JSON, JSONB -> compareStrings((String) a, (String) b);
      case BYTEA -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
      case UUID -> compareUuids((UUID) a, (UUID) b);
      case VECTOR -> compareVectors((float[]) a, (float[]) b);
      default -> throw HeliosException.notSupported("comparing values of type " + type);
    };
  }

  /** PostgreSQL float order: -0.0 equals 0.0, NaN equals NaN and is above +Infinity. */
  public static int compareDoubles(double a, double b) {
    if (a < b) {
      return -1;
    }
    if (a > b) {
      return 1;
    }
    if (a == b) {
      return 0;
    }
    boolean aNaN = Double.isNaN(a);
    return aNaN == Double.isNaN(b) ? 0 : (aNaN ? 1 : -1);
  }

  /** Code point order without allocating (UTF-16 order differs only when surrogates meet U+E000..U+FFFF). */
  public static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
          x = fixupForCodePointOrder(x);
          y = fixupForCodePointOrder(y);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static char fixupForCodePointOrder(char c) {
    return (char) (c >= 0xE000 ? c - 0x800 : c + 0x2000);
  }

  public static int compareUuids(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  private static int compareVectors(float[] a, float[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = compareDoubles(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /** A numeric value (any Java Number of the value model) as BigDecimal. */
  public static BigDecimal toDecimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw HeliosException.notSupported("NUMERIC " + d);
      }
      return new BigDecimal(Double.toString(d));
    }
    return BigDecimal.valueOf(((Number) value).longValue());
  }

  /** Hash consistent with {@link #compare} returning 0 (1.0 and 1.00, -0.0 and 0.0 hash alike). */
  public static int hash(DataType type, Object value) {
    if (value == null) {
      return 0;
    }
    return switch (type.id()) {
      case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> Long.hashCode(((Number) value).longValue());
      case REAL, DOUBLE -> {
        double d = ((Number) value).doubleValue();
        yield Double.hashCode(d == 0.0 ? 0.0 : d);
      }
      case NUMERIC -> {
        BigDecimal d = toDecimal(value);
        yield d.signum() == 0 ? 0 : d.stripTrailingZeros().hashCode();
      }
      case BYTEA -> Arrays.hashCode((byte[]) value);
      case VECTOR -> Arrays.hashCode((float[]) value);
      default -> value.hashCode();
    };
  }

  // ------------------------------------------------------------------ text output

  /** PostgreSQL text output form of a value; null for SQL NULL. */
  public static String toText(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type.id()) {
      case BOOLEAN -> (Boolean) value ? "t" : "f";
      case SMALLINT, INTEGER, BIGINT -> Long.toString(((Number) value).longValue());
      case REAL -> floatToText(((Number) value).floatValue());
      case DOUBLE -> doubleToText(((Number) value).doubleValue());
      case NUMERIC -> toDecimal(value).toPlainString();
      // lenient: callers holding a non-String for a text type get its plain string form
      case VARCHAR, TEXT, JSON, JSONB -> value instanceof String s ? s
          : value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
      case BYTEA -> byteaToText((byte[]) value);
      case DATE -> dateToText(((Number) value).intValue());
      case TIME -> timeToText(((Number) value).longValue());
      case TIMESTAMP -> timestampToText(((Number) value).longValue());
      case TIMESTAMPTZ -> timestampToText(((Number) value).longValue()) + "+00";
      case UUID -> value.toString();
      case VECTOR -> vectorToText((float[]) value);
      default -> throw HeliosException.notSupported("text output of type " + type);
    };
  }

  /** Shortest text that reads back to the same double, in PostgreSQL's layout (exponent below 1e-4 or from 1e15). */
  public static String doubleToText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0.0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    // Double.toString round-trips but on JDK 17 is sometimes a digit too long (2e23 -> 1.9999999999999998E23).
    // Round the exact binary value to fewer digits while that still reads back: if p digits round-trip,
    // so do p + 1, so the downward scan stops at the shortest.
    BigDecimal digits = new BigDecimal(Double.toString(d));
    BigDecimal exact = new BigDecimal(d);
    for (int p = digits.precision() - 1; p >= 1; p--) {
      BigDecimal shorter = exact.round(new MathContext(p));
      if (shorter.doubleValue() != d) {
        break;
      }
      digits = shorter;
    }
    return formatShortest(digits, 15);
  }

  public static String floatToText(float f) {
    if (Float.isNaN(f)) {
      return "NaN";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "Infinity" : "-Infinity";
    }
    if (f == 0.0f) {
      return (1 / f) < 0 ? "-0" : "0";
    }
    BigDecimal digits = new BigDecimal(Float.toString(f));
    BigDecimal exact = new BigDecimal(f);
    for (int p = digits.precision() - 1; p >= 1; p--) {
      BigDecimal shorter = exact.round(new MathContext(p));
      if (shorter.floatValue() != f) {
        break;
      }
      digits = shorter;
    }
    return formatShortest(digits, 6);
  }

  /** Plain notation for decimal exponents in [-4, maxPlainExponent), else d.ddde+XX like PostgreSQL. */
  private static String formatShortest(BigDecimal value, int maxPlainExponent) {
    BigDecimal stripped = value.stripTrailingZeros();
    int exponent = stripped.precision() - stripped.scale() - 1;
    if (exponent >= -4 && exponent < maxPlainExponent) {
      return stripped.toPlainString();
    }
    String unscaled = stripped.unscaledValue().abs().toString();
    StringBuilder sb = new StringBuilder();
    if (stripped.signum() < 0) {
      sb.append('-');
    }
    sb.append(unscaled.charAt(0));
    if (unscaled.length() > 1) {
      sb.append('.').append(unscaled, 1, unscaled.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      sb.append('0');
    }
    return sb.append(abs).toString();
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static String byteaToText(byte[] bytes) {
    char[] out = new char[2 + bytes.length * 2];
    out[0] = '\\';
    out[1] = 'x';
    for (int i = 0; i < bytes.length; i++) {
      out[2 + 2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[3 + 2 * i] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  public static String dateToText(int days) {
    LocalDate date = LocalDate.ofEpochDay(days);
    StringBuilder sb = new StringBuilder(10);
    appendDate(sb, date);
    return sb.toString();
  }

  private static void appendDate(StringBuilder sb, LocalDate date) {
    int year = date.getYear();
    if (year < 0) {
      sb.append('-');
      year = -year;
    }
    pad(sb, year, 4).append('-');
    pad(sb, date.getMonthValue(), 2).append('-');
    pad(sb, date.getDayOfMonth(), 2);
  }

  public static String timeToText(long micros) {
    StringBuilder sb = new StringBuilder(15);
    appendTime(sb, micros);
    return sb.toString();
  }

  private static void appendTime(StringBuilder sb, long micros) {
    long seconds = micros / MICROS_PER_SECOND;
    int fraction = (int) (micros % MICROS_PER_SECOND);
    pad(sb, seconds / 3600, 2).append(':');
    pad(sb, (seconds / 60) % 60, 2).append(':');
    pad(sb, seconds % 60, 2);
    if (fraction != 0) {
      String f = Integer.toString(fraction + 1_000_000).substring(1); // six digits with leading zeros
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(f, 0, end);
    }
  }

  public static String timestampToText(long micros) {
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long timeOfDay = Math.floorMod(micros, MICROS_PER_DAY);
    StringBuilder sb = new StringBuilder(26);
    appendDate(sb, LocalDate.ofEpochDay(days));
    sb.append(' ');
    appendTime(sb, timeOfDay);
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, long value, int width) {
    String s = Long.toString(value);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  private static String vectorToText(float[] vector) {
    StringBuilder sb = new StringBuilder(2 + vector.length * 8).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(floatToText(vector[i]));
    }
    return sb.append(']').toString();
  }

  // ------------------------------------------------------------------ text input

  /**
   * Parses PostgreSQL input text into a value of {@code type}. Bad syntax throws
   * HeliosException(INVALID_TEXT_REPRESENTATION); well-formed numbers outside the type's range throw
   * NUMERIC_VALUE_OUT_OF_RANGE. Null text gives null.
   */
  public static Object fromText(DataType type, String text) {
    if (text == null) {
      return null;
    }
    return switch (type.id()) {
      case BOOLEAN -> parseBoolean(text);
      case SMALLINT -> (short) parseInteger(type, text, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> (int) parseInteger(type, text, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> parseInteger(type, text, Long.MIN_VALUE, Long.MAX_VALUE);
      case REAL -> parseReal(type, text);
      case DOUBLE -> parseDouble(type, text);
      case NUMERIC -> parseNumeric(type, text);
      case VARCHAR, TEXT, JSON, JSONB -> text;
      case BYTEA -> parseBytea(text);
      case DATE -> DateTimeText.parseDate(text);
      case TIME -> DateTimeText.parseTime(text);
      case TIMESTAMP -> DateTimeText.parseTimestamp(text, false);
      case TIMESTAMPTZ -> DateTimeText.parseTimestamp(text, true);
      case UUID -> parseUuid(text);
      case VECTOR -> parseVector(type, text);
      default -> throw HeliosException.notSupported("text input of type " + type);
    };
  }

  static HeliosException invalidText(DataType type, String text) {
    return invalidText(type.sqlName(), text);
  }

  static HeliosException invalidText(String typeName, String text) {
    return new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
        "invalid input syntax for type " + typeName.toLowerCase() + ": \"" + text + "\"");
  }

  private static final String[] TRUE_WORDS = {"true", "yes", "on", "1"};
  private static final String[] FALSE_WORDS = {"false", "no", "off", "0"};

  /** Accepts true/false/yes/no/on/off/1/0 and their unique prefixes (t, f, y, n), case-insensitively. */
  private static Boolean parseBoolean(String text) {
    String s = text.trim().toLowerCase();
    if (!s.isEmpty() && !s.equals("o")) {
      for (String word : TRUE_WORDS) {
        if (word.startsWith(s) && (s.length() > 1 || !word.equals("on"))) {
          return Boolean.TRUE;
        }
      }
      for (String word : FALSE_WORDS) {
        if (word.startsWith(s) && (s.length() > 1 || !word.equals("off"))) {
          return Boolean.FALSE;
        }
      }
    }
    throw invalidText("boolean", text);
  }

  private static long parseInteger(DataType type, String text, long min, long max) {
    String s = text.trim();
    int start = (s.startsWith("+") || s.startsWith("-")) ? 1 : 0;
    if (s.length() == start) {
      throw invalidText(type, text);
    }
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw invalidText(type, text);
      }
    }
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw outOfRange(type, text);
    }
    if (v < min || v > max) {
      throw outOfRange(type, text);
    }
    return v;
  }

  private static HeliosException outOfRange(DataType type, String text) {
    return new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
        "value \"" + text + "\" is out of range for type " + type.sqlName().toLowerCase());
  }

  /** NaN / [+-]Infinity / [+-]inf case-insensitively, or a plain decimal number (no Java-only forms like 1d or 0x1p3). */
  private static double parseDouble(DataType type, String text) {
    String s = text.trim();
    switch (s.toLowerCase()) {
      case "nan":
        return Double.NaN;
      case "infinity", "+infinity", "inf", "+inf":
        return Double.POSITIVE_INFINITY;
      case "-infinity", "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (!isDecimalSyntax(s)) {
      throw invalidText(type, text);
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      throw outOfRange(type, text);
    }
    return d;
  }

  private static float parseReal(DataType type, String text) {
    double d = parseDouble(DataType.DOUBLE, text);
    float f = (float) d;
    if (Float.isInfinite(f) && !Double.isInfinite(d)) {
      throw outOfRange(type, text);
    }
    return f;
  }

  private static BigDecimal parseNumeric(DataType type, String text) {
    String s = text.trim();
    if (s.equalsIgnoreCase("nan") || s.toLowerCase().endsWith("infinity")) {
      throw HeliosException.notSupported("NUMERIC value " + s);
    }
    if (!isDecimalSyntax(s)) {
      throw invalidText(type, text);
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException | ArithmeticException e) {
      throw outOfRange(type, text);
    }
  }

  /** [+-] digits [. digits] [e [+-] digits], at least one mantissa digit. */
  static boolean isDecimalSyntax(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  /** '\x' hex form, or the escape form (backslash + three octal digits, doubled backslash, other chars as UTF-8). */
  private static byte[] parseBytea(String text) {
    if (text.startsWith("\\x") || text.startsWith("\\X")) {
      String hex = text.substring(2);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(hex.length() / 2);
      int i = 0;
      while (i < hex.length()) {
        if (Character.isWhitespace(hex.charAt(i))) {
          i++;
          continue;
        }
        int hi = i + 1 < hex.length() ? Character.digit(hex.charAt(i), 16) : -1;
        int lo = hi >= 0 ? Character.digit(hex.charAt(i + 1), 16) : -1;
        if (lo < 0) {
          throw invalidText("bytea", text);
        }
        out.write(hi * 16 + lo);
        i += 2;
      }
      return out.toByteArray();
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(utf8.length);
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i] != '\\') {
        out.write(utf8[i]);
      } else if (i + 1 < utf8.length && utf8[i + 1] == '\\') {
        out.write('\\');
        i++;
      } else if (i + 3 < utf8.length && isOctal(utf8[i + 1]) && isOctal(utf8[i + 2]) && isOctal(utf8[i + 3])
          && utf8[i + 1] <= '3') {
        out.write(((utf8[i + 1] - '0') << 6) | ((utf8[i + 2] - '0') << 3) | (utf8[i + 3] - '0'));
        i += 3;
      } else {
        throw invalidText("bytea", text);
      }
    }
    return out.toByteArray();
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  /** 32 hex digits, optionally in braces, with hyphens anywhere between digit groups (as PostgreSQL accepts). */
  private static UUID parseUuid(String text) {
    String s = text.trim();
    if (s.startsWith("{") && s.endsWith("}")) {
      s = s.substring(1, s.length() - 1);
    }
    long msb = 0;
    long lsb = 0;
    int count = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '-' && count > 0 && count < 32 && count % 4 == 0 && i + 1 < s.length() && s.charAt(i + 1) != '-') {
        continue;
      }
      int d = Character.digit(c, 16);
      if (d < 0 || c > 127 || count >= 32) {
        throw invalidText("uuid", text);
      }
      if (count < 16) {
        msb = (msb << 4) | d;
      } else {
        lsb = (lsb << 4) | d;
      }
      count++;
    }
    if (count != 32) {
      throw invalidText("uuid", text);
    }
    return new UUID(msb, lsb);
  }

  private static float[] parseVector(DataType type, String text) {
    String s = text.trim();
    if (!s.startsWith("[") || !s.endsWith("]")) {
      throw invalidText("vector", text);
    }
    String body = s.substring(1, s.length() - 1).trim();
    String[] parts = body.isEmpty() ? new String[0] : body.split(",", -1);
    float[] vector = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (!isDecimalSyntax(p)) {
        throw invalidText("vector", text);
      }
      vector[i] = Float.parseFloat(p);
      if (Float.isInfinite(vector[i])) {
        throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "vector element out of range: " + p);
      }
    }
    if (vector.length == 0) {
      throw new HeliosException(ErrorCode.DATA_EXCEPTION, "vector must have at least 1 dimension");
    }
    if (type.precision() > 0 && vector.length != type.precision()) {
      throw new HeliosException(ErrorCode.DATA_EXCEPTION,
          "expected " + type.precision() + " dimensions, not " + vector.length);
    }
    return vector;
  }
}
