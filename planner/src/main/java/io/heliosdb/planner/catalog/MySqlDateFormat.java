package io.heliosdb.planner.catalog;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * MySQL's DATE_FORMAT over the text of a timestamp ('yyyy-mm-dd hh:mm:ss[.fff]', as the MySQL
 * dialect casts its argument): the % specifiers of the MySQL 8.0 manual; an unknown specifier
 * stands for its letter, as in MySQL.
 */
final class MySqlDateFormat {
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
