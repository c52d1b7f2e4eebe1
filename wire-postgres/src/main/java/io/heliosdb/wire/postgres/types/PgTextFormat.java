package io.heliosdb.wire.postgres.types;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;

/**
 * PostgreSQL's text forms of values (DateStyle ISO, bytea_output hex, extra_float_digits 1) and
 * parsing of text parameters into the value model's Java form. Written here because hidb's shared
 * {@code Values.toText/fromText} did not exist yet; it can delegate to it once it does.
 */
public final class PgTextFormat {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;
  private static final HexFormat HEX = HexFormat.of();
  private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("(\\d{4,7})-(\\d{1,2})-(\\d{1,2})");

  private PgTextFormat() {}

  /** The text PostgreSQL prints for a non-null value; {@code zone} renders TIMESTAMPTZ. */
  public static String toText(DataType type, Object value, ZoneId zone) {
    return switch (type.id()) {
      case BOOLEAN -> ((Boolean) value) ? "t" : "f";
      case SMALLINT, INTEGER, BIGINT, VARCHAR, TEXT, JSON, JSONB -> value.toString();
      case REAL -> floatText(((Number) value).floatValue());
      case DOUBLE -> doubleText(((Number) value).doubleValue());
      case NUMERIC -> ((BigDecimal) value).toPlainString();
      case BYTEA -> "\\x" + HEX.formatHex((byte[]) value);
      case DATE -> dateText((Integer) value);
      case TIME -> timeText((Long) value);
      case TIMESTAMP -> timestampText((Long) value);
      case TIMESTAMPTZ -> timestamptzText((Long) value, zone);
      case UUID -> value.toString();
      case VECTOR -> vectorText((float[]) value);
      default -> String.valueOf(value);
    };
  }

  /** float8 output: shortest exact digits, exponent form outside 1e-4 .. 1e15. */
  public static String doubleText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return shortestText(shortestDigits(Double.toString(d), new BigDecimal(d), x -> x.doubleValue() == d),
        d == 0 && 1 / d < 0, 15);
  }

  /** float4 output: shortest exact digits, exponent form outside 1e-4 .. 1e6. */
  public static String floatText(float f) {
    if (Float.isNaN(f)) {
      return "NaN";
    }
    if (Float.isInfinite(f)) {
      return f > 0 ? "Infinity" : "-Infinity";
    }
    return shortestText(shortestDigits(Float.toString(f), new BigDecimal(f), x -> x.floatValue() == f),
        f == 0 && 1 / f < 0, 6);
  }

  /**
   * JDK 17's toString can be one digit longer than the shortest text that reads back
   * (2e23 prints as 1.9999999999999998E23): drop digits while the value still reads back.
   */
  private static BigDecimal shortestDigits(String javaText, BigDecimal exact,
      java.util.function.Predicate<BigDecimal> readsBack) {
    BigDecimal best = new BigDecimal(javaText);
    if (exact.signum() == 0) {
      return best;
    }
    for (int digits = best.precision() - 1; digits >= 1; digits--) {
      BigDecimal shorter = exact.round(new java.math.MathContext(digits));
      if (!readsBack.test(shorter)) {
        break;
      }
      best = shorter;
    }
    return best;
  }

  private static String shortestText(BigDecimal value, boolean negativeZero, int maxExponent) {
    if (value.signum() == 0) {
      return negativeZero ? "-0" : "0";
    }
    value = value.stripTrailingZeros();
    String digits = value.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - value.scale();
    if (exponent < -4 || exponent >= maxExponent) {
      StringBuilder s = new StringBuilder();
      if (value.signum() < 0) {
        s.append('-');
      }
      s.append(digits.charAt(0));
      if (digits.length() > 1) {
        s.append('.').append(digits, 1, digits.length());
      }
      s.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        s.append('0');
      }
      return s.append(abs).toString();
    }
    return value.toPlainString();
  }

  public static String dateText(int days) {
    if (days == Integer.MAX_VALUE) {
      return "infinity";
    }
    if (days == Integer.MIN_VALUE) {
      return "-infinity";
    }
    LocalDate date = LocalDate.ofEpochDay(days);
    return ymd(date);
  }

  private static String ymd(LocalDate date) {
    int year = date.getYear();
    boolean bc = year <= 0;
    String text = String.format(Locale.ROOT, "%04d-%02d-%02d", bc ? 1 - year : year, date.getMonthValue(),
        date.getDayOfMonth());
    return bc ? text + " BC" : text;
  }

  public static String timeText(long micros) {
    StringBuilder s = new StringBuilder(15);
    appendTime(s, micros);
    return s.toString();
  }

  private static void appendTime(StringBuilder s, long micros) {
    long seconds = micros / MICROS_PER_SECOND;
    int fraction = (int) (micros % MICROS_PER_SECOND);
    two(s, (int) (seconds / 3600)).append(':');
    two(s, (int) (seconds / 60 % 60)).append(':');
    two(s, (int) (seconds % 60));
    if (fraction != 0) {
      String f = String.format(Locale.ROOT, "%06d", fraction);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      s.append('.').append(f, 0, end);
    }
  }

  private static StringBuilder two(StringBuilder s, int v) {
    if (v < 10) {
      s.append('0');
    }
    return s.append(v);
  }

  public static String timestampText(long micros) {
    if (micros == Long.MAX_VALUE) {
      return "infinity";
    }
    if (micros == Long.MIN_VALUE) {
      return "-infinity";
    }
    long days = Math.floorDiv(micros, MICROS_PER_DAY);
    long timeOfDay = Math.floorMod(micros, MICROS_PER_DAY);
    LocalDate date = LocalDate.ofEpochDay(days);
    StringBuilder s = new StringBuilder(32);
    String ymd = ymd(date);
    boolean bc = ymd.endsWith(" BC");
    s.append(bc ? ymd.substring(0, ymd.length() - 3) : ymd).append(' ');
    appendTime(s, timeOfDay);
    if (bc) {
      s.append(" BC");
    }
    return s.toString();
  }

  public static String timestamptzText(long micros, ZoneId zone) {
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return timestampText(micros);
    }
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
        Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    ZonedDateTime local = instant.atZone(zone);
    int offsetSeconds = local.getOffset().getTotalSeconds();
    long localMicros = micros + offsetSeconds * MICROS_PER_SECOND;
    String base = timestampText(localMicros);
    boolean bc = base.endsWith(" BC");
    StringBuilder s = new StringBuilder(bc ? base.substring(0, base.length() - 3) : base);
    s.append(offsetSeconds < 0 ? '-' : '+');
    int abs = Math.abs(offsetSeconds);
    two(s, abs / 3600);
    if (abs % 3600 != 0) {
      two(s.append(':'), abs / 60 % 60);
      if (abs % 60 != 0) {
        two(s.append(':'), abs % 60);
      }
    }
    if (bc) {
      s.append(" BC");
    }
    return s.toString();
  }

  /** pgvector's text form: [1,2.5,3]. */
  public static String vectorText(float[] v) {
    StringBuilder s = new StringBuilder(v.length * 6 + 2).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(floatText(v[i]));
    }
    return s.append(']').toString();
  }

  /**
   * Parses a text parameter into the value model's Java form.
   *
   * @param zone zone for TIMESTAMPTZ text without an offset
   * @throws HeliosException 22P02 / 22007 / 22003 when the text is not a valid value
   */
  public static Object fromText(DataType type, String text, ZoneId zone) {
    String t = text.trim();
    try {
      return switch (type.id()) {
        case BOOLEAN -> parseBoolean(t);
        case SMALLINT -> (short) ranged(Long.parseLong(t), Short.MIN_VALUE, Short.MAX_VALUE, "smallint");
        case INTEGER -> (int) ranged(Long.parseLong(t), Integer.MIN_VALUE, Integer.MAX_VALUE, "integer");
        case BIGINT -> Long.parseLong(t);
        case REAL -> (float) parseDouble(t);
        case DOUBLE -> parseDouble(t);
        case NUMERIC -> new BigDecimal(t);
        case BYTEA -> parseBytea(text);
        case DATE -> (int) parseDate(t).toEpochDay();
        case TIME -> LocalTime.parse(t).toNanoOfDay() / 1000;
        case TIMESTAMP -> parseTimestamp(t, null, false);
        case TIMESTAMPTZ -> parseTimestamp(t, zone, true);
        case UUID -> parseUuid(t);
        case VECTOR -> parseVector(t);
        default -> text;
      };
    } catch (HeliosException e) {
      throw e;
    } catch (DateTimeException e) {
      throw new HeliosException(ErrorCode.INVALID_DATETIME_FORMAT,
          "invalid input syntax for type " + typeName(type) + ": \"" + text + "\"");
    } catch (RuntimeException e) {
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
          "invalid input syntax for type " + typeName(type) + ": \"" + text + "\"");
    }
  }

  private static String typeName(DataType type) {
    return switch (type.id()) {
      case SMALLINT -> "smallint";
      case INTEGER -> "integer";
      case BIGINT -> "bigint";
      case REAL -> "real";
      case DOUBLE -> "double precision";
      case TIMESTAMPTZ -> "timestamp with time zone";
      case TIMESTAMP -> "timestamp";
      default -> type.id().name().toLowerCase(Locale.ROOT);
    };
  }

  private static long ranged(long v, long min, long max, String name) {
    if (v < min || v > max) {
      throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value \"" + v + "\" is out of range for type "
          + name);
    }
    return v;
  }

  private static boolean parseBoolean(String t) {
    switch (t.toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "on", "1":
        return true;
      case "f", "false", "n", "no", "off", "0":
        return false;
      default:
        throw new IllegalArgumentException(t);
    }
  }

  private static double parseDouble(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "infinity", "inf", "+infinity", "+inf" -> Double.POSITIVE_INFINITY;
      case "-infinity", "-inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        if (t.isEmpty() || !Character.isDigit(t.charAt(t.length() - 1)) && t.charAt(t.length() - 1) != '.') {
          throw new IllegalArgumentException(t); // Java would accept "1d" / "1f"
        }
        yield Double.parseDouble(t);
      }
    };
  }

  private static byte[] parseBytea(String text) {
    if (text.startsWith("\\x")) {
      return HEX.parseHex(text.substring(2));
    }
    // escape format: backslash-escaped octets (\\ or \ooo), everything else literal bytes
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
    byte[] raw = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '\\') {
        out.write(raw[i]);
      } else if (i + 1 < raw.length && raw[i + 1] == '\\') {
        out.write('\\');
        i++;
      } else if (i + 3 < raw.length + 0 && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) && isOctal(raw[i + 3])) {
        out.write(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
        i += 3;
      } else {
        throw new IllegalArgumentException("invalid escape");
      }
    }
    return out.toByteArray();
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }

  private static LocalDate parseDate(String t) {
    boolean bc = t.toUpperCase(Locale.ROOT).endsWith(" BC");
    String ymd = bc ? t.substring(0, t.length() - 3).trim() : t;
    // LocalDate.parse wants a sign on years past 9999; PostgreSQL prints them bare.
    java.util.regex.Matcher m = ISO_DATE.matcher(ymd);
    if (!m.matches()) {
      throw new DateTimeException("not an ISO date: " + ymd);
    }
    int year = Integer.parseInt(m.group(1));
    return LocalDate.of(bc ? 1 - year : year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  private static long parseTimestamp(String t, ZoneId zone, boolean withZone) {
    String s = t.replace('T', ' ');
    int space = s.indexOf(' ');
    if (space < 0) {
      LocalDate date = parseDate(s); // a bare date means midnight
      return toMicros(date.atStartOfDay(), withZone ? zone : ZoneOffset.UTC);
    }
    String datePart = s.substring(0, space);
    String rest = s.substring(space + 1).trim();
    ZoneOffset offset = null;
    int sign = Math.max(rest.lastIndexOf('+'), rest.lastIndexOf('-'));
    if (rest.endsWith("Z") || rest.endsWith("z")) {
      offset = ZoneOffset.UTC;
      rest = rest.substring(0, rest.length() - 1).trim();
    } else if (sign > 0) {
      offset = parseOffset(rest.substring(sign));
      rest = rest.substring(0, sign).trim();
    }
    LocalDateTime local = LocalDateTime.of(parseDate(datePart), LocalTime.parse(rest));
    if (!withZone) {
      return toMicros(local, ZoneOffset.UTC); // PostgreSQL ignores an offset given for timestamp
    }
    return toMicros(local, offset != null ? offset : zone);
  }

  private static ZoneOffset parseOffset(String s) {
    int sign = s.charAt(0) == '-' ? -1 : 1;
    String digits = s.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, Math.min(2, digits.length())));
    int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
    int seconds = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
    return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
  }

  private static long toMicros(LocalDateTime local, ZoneId zone) {
    Instant instant = local.atZone(zone).toInstant();
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
  }

  private static UUID parseUuid(String t) {
    String hex = t.replace("-", "").replace("{", "").replace("}", "");
    if (hex.length() != 32) {
      throw new IllegalArgumentException(t);
    }
    return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
  }

  private static float[] parseVector(String t) {
    if (!t.startsWith("[") || !t.endsWith("]")) {
      throw new IllegalArgumentException(t);
    }
    String body = t.substring(1, t.length() - 1).trim();
    if (body.isEmpty()) {
      return new float[0];
    }
    String[] parts = body.split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = (float) parseDouble(parts[i].trim());
    }
    return v;
  }
}
