package io.heliosdb.planner.catalog;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * MySQL's DATE_FORMAT over the text of a timestamp ('yyyy-mm-dd hh:mm:ss[.fff]', as the MySQL
 * dialect casts its argument): the % specifiers of the MySQL 8.0 manual; an unknown specifier
 * stands for its letter, as in MySQL. And its inverse, STR_TO_DATE ({@link #parse}).
 */
public final class MySqlDateFormat {
  private MySqlDateFormat() {}

  static String format(String timestamp, String pattern) {
    LocalDateTime t;
    try {
      t = LocalDateTime.parse(timestamp.trim().replace(' ', 'T'));
    } catch (java.time.format.DateTimeParseException e) {
      return null; // MySQL answers NULL (with a warning) for a value that is not a date
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 >= pattern.length()) {
        out.append(c);
        continue;
      }
      char f = pattern.charAt(++i);
      int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      switch (f) {
        case 'Y' -> out.append(String.format("%04d", t.getYear()));
        case 'y' -> out.append(String.format("%02d", t.getYear() % 100));
        case 'm' -> out.append(String.format("%02d", t.getMonthValue()));
        case 'c' -> out.append(t.getMonthValue());
        case 'M' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'd' -> out.append(String.format("%02d", t.getDayOfMonth()));
        case 'e' -> out.append(t.getDayOfMonth());
        case 'D' -> out.append(t.getDayOfMonth()).append(ordinalSuffix(t.getDayOfMonth()));
        case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
        case 'H' -> out.append(String.format("%02d", t.getHour()));
        case 'k' -> out.append(t.getHour());
        case 'h', 'I' -> out.append(String.format("%02d", hour12));
        case 'l' -> out.append(hour12);
        case 'i' -> out.append(String.format("%02d", t.getMinute()));
        case 's', 'S' -> out.append(String.format("%02d", t.getSecond()));
        case 'f' -> out.append(String.format("%06d", t.getNano() / 1000));
        case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
        case 'r' -> out.append(String.format("%02d:%02d:%02d %s", hour12, t.getMinute(), t.getSecond(),
            t.getHour() < 12 ? "AM" : "PM"));
        case 'T' -> out.append(String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
        case 'W' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case 'w' -> out.append(t.getDayOfWeek().getValue() % 7);
        case 'v' -> out.append(String.format("%02d", t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        case 'x' -> out.append(String.format("%04d", t.get(IsoFields.WEEK_BASED_YEAR)));
        case 'u' -> out.append(String.format("%02d", t.get(ChronoField.ALIGNED_WEEK_OF_YEAR)));
        case '%' -> out.append('%');
        default -> out.append(f);
      }
    }
    return out.toString();
  }

  /** Specifiers that read a time of day: a format with one of them (and no date part) gives a TIME. */
  private static final String TIME_SPECIFIERS = "HkhIlisSfprT";
  /** Specifiers that read a calendar date. */
  private static final String DATE_SPECIFIERS = "YymcMbdeDj";

  /** What STR_TO_DATE with this format returns, as MySQL decides it: "DATE", "TIME" or "TIMESTAMP". */
  public static String resultType(String pattern) {
    boolean date = false;
    boolean time = false;
    for (int i = 0; i + 1 < pattern.length(); i++) {
      if (pattern.charAt(i) == '%') {
        char f = pattern.charAt(++i);
        date |= DATE_SPECIFIERS.indexOf(f) >= 0;
        time |= TIME_SPECIFIERS.indexOf(f) >= 0;
      }
    }
    return date && !time ? "DATE" : time && !date ? "TIME" : "TIMESTAMP";
  }

  /**
   * MySQL's STR_TO_DATE: {@code text} read by {@code pattern}'s % specifiers, as the text of a
   * DATE, TIME or TIMESTAMP ({@link #resultType}); null when the text does not match or the date
   * does not exist (MySQL answers NULL with a warning; its default sql_mode refuses zero dates and
   * zero parts). Text after the last specifier is ignored, as in MySQL.
   */
  static String parse(String text, String pattern) {
    return parse(text, pattern, resultType(pattern));
  }

  /**
   * {@link #parse} as the text of a TIMESTAMP whatever the format reads (a date alone at midnight,
   * a time alone: null): STR_TO_DATE with a format that is not a literal, whose result type the
   * planner must fix before it sees the format.
   */
  static String parseTimestamp(String text, String pattern) {
    String type = resultType(pattern);
    return type.equals("TIME") ? null : parse(text, pattern, "TIMESTAMP");
  }

  /** %T and %r spelled out (%H:%i:%s, %h:%i:%s %p), so the parser reads them like any other specifiers. */
  private static String expandComposites(String pattern) {
    StringBuilder out = new StringBuilder(pattern.length() + 16);
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '%' && i + 1 < pattern.length()) {
        char f = pattern.charAt(++i);
        out.append(f == 'T' ? "%H:%i:%s" : f == 'r' ? "%h:%i:%s %p" : "%" + f);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String parse(String text, String format, String type) {
    String pattern = expandComposites(format);
    int year = -1;
    int month = -1;
    int day = -1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int micros = 0;
    int pm = -1; // -1 none, 0 AM, 1 PM
    boolean hour12 = false;
    int[] at = {0};
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 >= pattern.length()) {
        if (Character.isWhitespace(c)) {
          skipSpaces(text, at);
        } else if (at[0] < text.length() && text.charAt(at[0]) == c) {
          at[0]++;
        } else {
          return null;
        }
        continue;
      }
      char f = pattern.charAt(++i);
      switch (f) {
        case 'Y' -> year = number(text, at, 4);
        case 'y' -> {
          year = number(text, at, 2);
          if (year >= 0) {
            year += year < 70 ? 2000 : 1900;
          }
        }
        case 'm', 'c' -> month = number(text, at, 2);
        case 'M', 'b' -> month = monthName(text, at, f == 'b');
        case 'd', 'e' -> day = number(text, at, 2);
        case 'D' -> {
          day = number(text, at, 2);
          at[0] = Math.min(text.length(), at[0] + 2); // 1st, 2nd, 3rd, 4th
        }
        case 'H', 'k' -> hour = number(text, at, 2);
        case 'h', 'I', 'l' -> {
          hour = number(text, at, 2);
          hour12 = true;
        }
        case 'i' -> minute = number(text, at, 2);
        case 's', 'S' -> second = number(text, at, 2);
        case 'f' -> {
          int from = at[0];
          micros = number(text, at, 6);
          for (int digits = at[0] - from; micros >= 0 && digits < 6; digits++) {
            micros *= 10;
          }
        }
        case 'p' -> {
          String rest = text.substring(at[0]).toUpperCase(Locale.ROOT);
          pm = rest.startsWith("AM") ? 0 : rest.startsWith("PM") ? 1 : -2;
          at[0] += 2;
        }
        case 'W', 'a' -> {
          while (at[0] < text.length() && Character.isLetter(text.charAt(at[0]))) {
            at[0]++;
          }
        }
        case '%' -> {
          if (at[0] >= text.length() || text.charAt(at[0]++) != '%') {
            return null;
          }
        }
        default -> {
          return null; // %j, %U, %u, %V, %v, %X, %x, %w: not read here
        }
      }
      if (year < -1 || month < -1 || day < -1 || hour < 0 || minute < 0 || second < 0 || micros < 0 || pm == -2) {
        return null;
      }
    }
    if (hour12) {
      if (hour < 1 || hour > 12) {
        return null;
      }
      hour = hour % 12 + (pm == 1 ? 12 : 0);
    } else if (pm == 1 && hour < 12) {
      hour += 12;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    String time = String.format("%02d:%02d:%02d", hour, minute, second)
        + (micros > 0 ? String.format(".%06d", micros) : "");
    if (type.equals("TIME")) {
      return time;
    }
    if (year < 0 || month < 1 || day < 1) {
      return null;
    }
    try {
      java.time.LocalDate date = java.time.LocalDate.of(year, month, day);
      return type.equals("DATE") ? date.toString() : date + " " + time;
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }

  /** Up to {@code max} digits at the position (MySQL reads fewer when a separator follows); -2 when none. */
  private static int number(String text, int[] at, int max) {
    int from = at[0];
    int value = 0;
    while (at[0] < text.length() && at[0] - from < max && Character.isDigit(text.charAt(at[0]))) {
      value = value * 10 + (text.charAt(at[0]++) - '0');
    }
    return at[0] == from ? -2 : value;
  }

  private static int monthName(String text, int[] at, boolean abbreviated) {
    for (java.time.Month m : java.time.Month.values()) {
      String name = m.getDisplayName(abbreviated ? TextStyle.SHORT : TextStyle.FULL, Locale.ENGLISH);
      if (text.regionMatches(true, at[0], name, 0, name.length())) {
        at[0] += name.length();
        return m.getValue();
      }
    }
    return -2;
  }

  private static void skipSpaces(String text, int[] at) {
    while (at[0] < text.length() && Character.isWhitespace(text.charAt(at[0]))) {
      at[0]++;
    }
  }

  private static String ordinalSuffix(int day) {
    if (day >= 11 && day <= 13) {
      return "th";
    }
    return switch (day % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
  }
}
