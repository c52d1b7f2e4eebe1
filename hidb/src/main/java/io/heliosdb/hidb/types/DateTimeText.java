package io.heliosdb.hidb.types;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parser for the ISO forms of PostgreSQL date/time input: {@code YYYY-MM-DD}, {@code HH:MM[:SS[.f]]},
 * {@code YYYY-MM-DD[ |T]HH:MM[:SS[.f]][Z|UTC|+HH[:MM]]}. Session time zone is UTC. Fractions beyond
 * microseconds are rounded half up. Named forms (epoch, today, BC, infinity) other than 'epoch' are not
 * supported.
 */
final class DateTimeText {
  private DateTimeText() {}

  /** A cursor over the trimmed input that reports syntax errors against the original text. */
  private static final class Cursor {
    final String original;
    final String s;
    final String typeName;
    int pos;

    Cursor(String text, String typeName) {
      this.original = text;
      this.s = text.trim();
      this.typeName = typeName;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return atEnd() ? '\0' : s.charAt(pos);
    }

    int digits(int min, int max) {
      int start = pos;
      long v = 0;
      while (!atEnd() && pos - start < max && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        v = v * 10 + (s.charAt(pos++) - '0');
      }
      if (pos - start < min) {
        throw error();
      }
      return (int) v;
    }

    void expect(char c) {
      if (peek() != c) {
        throw error();
      }
      pos++;
    }

    HeliosException error() {
      return Values.invalidText(typeName, original);
    }
  }

  static Integer parseDate(String text) {
    if (text.trim().equalsIgnoreCase("epoch")) {
      return 0;
    }
    Cursor c = new Cursor(text, "date");
    long days = date(c);
    // a time part is accepted and ignored, as PostgreSQL does
    if (!c.atEnd() && (c.peek() == ' ' || c.peek() == 'T')) {
      c.pos++;
      time(c);
      zoneOffsetSeconds(c);
    }
    if (!c.atEnd()) {
      throw c.error();
    }
    if (days < Integer.MIN_VALUE || days > Integer.MAX_VALUE) {
      throw overflow(text);
    }
    return (int) days;
  }

  static Long parseTime(String text) {
    Cursor c = new Cursor(text, "time");
    long micros = time(c);
    if (!c.atEnd()) {
      throw c.error();
    }
    return micros;
  }

  static Long parseTimestamp(String text, boolean withZone) {
    String typeName = withZone ? "timestamp with time zone" : "timestamp";
    if (text.trim().equalsIgnoreCase("epoch")) {
      return 0L;
    }
    Cursor c = new Cursor(text, typeName);
    long days = date(c);
    long micros = 0;
    if (!c.atEnd() && (c.peek() == ' ' || c.peek() == 'T')) {
      c.pos++;
      while (c.peek() == ' ') {
        c.pos++;
      }
      micros = time(c);
    }
    long offsetSeconds = zoneOffsetSeconds(c);
    if (!c.atEnd()) {
      throw c.error();
    }
    try {
      long local = Math.addExact(Math.multiplyExact(days, Values.MICROS_PER_DAY), micros);
      // TIMESTAMP ignores a zone in its input, as PostgreSQL does
      return withZone ? Math.subtractExact(local, offsetSeconds * Values.MICROS_PER_SECOND) : local;
    } catch (ArithmeticException e) {
      throw overflow(text);
    }
  }

  private static long date(Cursor c) {
    boolean negative = c.peek() == '-';
    if (negative) {
      c.pos++;
    }
    int year = c.digits(4, 9);
    c.expect('-');
    int month = c.digits(1, 2);
    c.expect('-');
    int day = c.digits(1, 2);
    try {
      return LocalDate.of(negative ? -year : year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      throw overflow(c.original);
    }
  }

  private static long time(Cursor c) {
    int hour = c.digits(1, 2);
    c.expect(':');
    int minute = c.digits(2, 2);
    int second = 0;
    long fraction = 0;
    if (c.peek() == ':') {
      c.pos++;
      second = c.digits(2, 2);
      if (c.peek() == '.') {
        c.pos++;
        int start = c.pos;
        long scaled = 0;
        int taken = 0;
        boolean roundUp = false;
        while (!c.atEnd() && c.peek() >= '0' && c.peek() <= '9') {
          int d = c.s.charAt(c.pos++) - '0';
          if (taken < 6) {
            scaled = scaled * 10 + d;
            taken++;
          } else if (taken == 6) {
            roundUp = d >= 5;
            taken++;
          }
        }
        if (c.pos == start) {
          throw c.error();
        }
        for (int i = Math.min(taken, 6); i < 6; i++) {
          scaled *= 10;
        }
        fraction = scaled + (roundUp ? 1 : 0);
      }
    }
    long micros = ((hour * 60L + minute) * 60L + second) * Values.MICROS_PER_SECOND + fraction;
    if (minute > 59 || second > 60 || micros > Values.MICROS_PER_DAY) {
      throw overflow(c.original);
    }
    return micros;
  }

  /** Optional zone suffix; returns its offset east of UTC in seconds (0 when absent). */
  private static long zoneOffsetSeconds(Cursor c) {
    while (c.peek() == ' ') {
      c.pos++;
    }
    if (c.atEnd()) {
      return 0;
    }
    String rest = c.s.substring(c.pos);
    if (rest.equalsIgnoreCase("z") || rest.equalsIgnoreCase("utc") || rest.equalsIgnoreCase("gmt")) {
      c.pos = c.s.length();
      return 0;
    }
    char sign = c.peek();
    if (sign != '+' && sign != '-') {
      throw c.error();
    }
    c.pos++;
    int hours = c.digits(1, 2);
    int minutes = 0;
    int seconds = 0;
    if (c.peek() == ':') {
      c.pos++;
      minutes = c.digits(2, 2);
      if (c.peek() == ':') {
        c.pos++;
        seconds = c.digits(2, 2);
      }
    } else if (!c.atEnd()) {
      minutes = c.digits(2, 2);
    }
    if (hours > 15 || minutes > 59 || seconds > 59) {
      throw overflow(c.original);
    }
    long offset = hours * 3600L + minutes * 60L + seconds;
    return sign == '-' ? -offset : offset;
  }

  private static HeliosException overflow(String text) {
    return new HeliosException(ErrorCode.DATETIME_FIELD_OVERFLOW, "date/time field value out of range: \"" + text + "\"");
  }
}
