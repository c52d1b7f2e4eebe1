package io.heliosdb.wire.mysql.packet;

import java.util.Locale;

/**
 * A DATE, DATETIME, TIMESTAMP or TIME value as the binary protocol carries it: calendar fields,
 * or for TIME a sign, days and a time of day.
 *
 * @param type {@link FieldType#DATE}, {@code DATETIME}, {@code TIMESTAMP} or {@code TIME}
 * @param days TIME only: whole days (MySQL TIME spans up to 838 hours)
 */
public record MySqlTemporal(int type, int year, int month, int day, boolean negative, long days, int hour, int minute,
    int second, int micros) {

  public boolean isTime() {
    return type == FieldType.TIME;
  }

  public static MySqlTemporal date(int type, int year, int month, int day, int hour, int minute, int second, int micros) {
    return new MySqlTemporal(type, year, month, day, false, 0, hour, minute, second, micros);
  }

  public static MySqlTemporal time(boolean negative, long days, int hour, int minute, int second, int micros) {
    return new MySqlTemporal(FieldType.TIME, 0, 0, 0, negative, days, hour, minute, second, micros);
  }

  /** MySQL's text form: 2024-01-31, 2024-01-31 12:00:00[.ffffff], [-]838:59:59[.ffffff]. */
  public String toText() {
    String fraction = micros == 0 ? "" : String.format(Locale.ROOT, ".%06d", micros);
    if (isTime()) {
      return String.format(Locale.ROOT, "%s%02d:%02d:%02d", negative ? "-" : "", days * 24 + hour, minute, second)
          + fraction;
    }
    String date = String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
    if (type == FieldType.DATE) {
      return date;
    }
    return date + String.format(Locale.ROOT, " %02d:%02d:%02d", hour, minute, second) + fraction;
  }

  /** Reads the length byte and the fields it announces (0, 4, 7 or 11 bytes; TIME 0, 8 or 12). */
  static MySqlTemporal read(PayloadReader r, int type) {
    int length = r.u8();
    if (type == FieldType.TIME) {
      if (length != 0 && length != 8 && length != 12) {
        throw new MalformedPacket("invalid TIME length " + length);
      }
      if (length == 0) {
        return time(false, 0, 0, 0, 0, 0);
      }
      boolean negative = r.u8() != 0;
      long days = r.u32();
      int hour = r.u8();
      int minute = r.u8();
      int second = r.u8();
      int micros = length == 12 ? (int) r.u32() : 0;
      return time(negative, days, hour, minute, second, micros);
    }
    if (length != 0 && length != 4 && length != 7 && length != 11) {
      throw new MalformedPacket("invalid date length " + length);
    }
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int micros = 0;
    if (length >= 4) {
      year = r.u16();
      month = r.u8();
      day = r.u8();
    }
    if (length >= 7) {
      hour = r.u8();
      minute = r.u8();
      second = r.u8();
    }
    if (length == 11) {
      micros = (int) r.u32();
    }
    return date(type, year, month, day, hour, minute, second, micros);
  }

  /** Writes the shortest form that keeps every non-zero field. */
  public void write(io.netty.buffer.ByteBuf out) {
    if (isTime()) {
      if (!negative && days == 0 && hour == 0 && minute == 0 && second == 0 && micros == 0) {
        out.writeByte(0);
        return;
      }
      out.writeByte(micros == 0 ? 8 : 12);
      out.writeByte(negative ? 1 : 0);
      out.writeIntLE((int) days);
      out.writeByte(hour).writeByte(minute).writeByte(second);
      if (micros != 0) {
        out.writeIntLE(micros);
      }
      return;
    }
    int length = micros != 0 ? 11 : hour != 0 || minute != 0 || second != 0 ? 7 : year != 0 || month != 0 || day != 0 ? 4 : 0;
    out.writeByte(length);
    if (length >= 4) {
      out.writeShortLE(year).writeByte(month).writeByte(day);
    }
    if (length >= 7) {
      out.writeByte(hour).writeByte(minute).writeByte(second);
    }
    if (length == 11) {
      out.writeIntLE(micros);
    }
  }
}
