package io.heliosdb.wire.postgres.types;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * PostgreSQL's binary (send/recv) forms. VECTOR travels as text (OID 25) for now, so its binary
 * form is its text. Dates count days and timestamps microseconds from
 * 2000-01-01; the value model counts from 1970-01-01, so both are shifted here.
 */
public final class PgBinaryFormat {
  /** Days from 1970-01-01 to 2000-01-01. */
  public static final int PG_EPOCH_DAYS = 10_957;
  public static final long PG_EPOCH_MICROS = PG_EPOCH_DAYS * 86_400_000_000L;

  private PgBinaryFormat() {}

  /** Whether values of this type can be sent and received in binary. */
  public static boolean supports(DataType type) {
    return switch (type.id()) {
      case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC, VARCHAR, TEXT, BYTEA, DATE, TIME, TIMESTAMP,
          TIMESTAMPTZ, UUID, JSON, JSONB, VECTOR -> true;
      default -> false;
    };
  }

  /** Appends the binary form of a non-null value (without its length prefix). */
  public static void write(DataType type, Object value, ByteBuf out) {
    switch (type.id()) {
      case BOOLEAN -> out.writeByte(((Boolean) value) ? 1 : 0);
      case SMALLINT -> out.writeShort(((Number) value).shortValue());
      case INTEGER -> out.writeInt(((Number) value).intValue());
      case BIGINT -> out.writeLong(((Number) value).longValue());
      case REAL -> out.writeFloat(((Number) value).floatValue());
      case DOUBLE -> out.writeDouble(((Number) value).doubleValue());
      case NUMERIC -> writeNumeric((BigDecimal) value, out);
      case VARCHAR, TEXT, JSON -> out.writeCharSequence((String) value, StandardCharsets.UTF_8);
      case JSONB -> {
        out.writeByte(1); // jsonb binary format version
        out.writeCharSequence((String) value, StandardCharsets.UTF_8);
      }
      case BYTEA -> out.writeBytes((byte[]) value);
      // VECTOR is reported with the text OID, whose binary form is its UTF-8 text
      case VECTOR -> out.writeCharSequence(PgTextFormat.vectorText((float[]) value), StandardCharsets.UTF_8);
      case DATE -> {
        int days = (Integer) value;
        out.writeInt(days == Integer.MAX_VALUE || days == Integer.MIN_VALUE ? days : days - PG_EPOCH_DAYS);
      }
      case TIME -> out.writeLong((Long) value);
      case TIMESTAMP, TIMESTAMPTZ -> {
        long micros = (Long) value;
        out.writeLong(micros == Long.MAX_VALUE || micros == Long.MIN_VALUE ? micros : micros - PG_EPOCH_MICROS);
      }
      case UUID -> {
        UUID u = (UUID) value;
        out.writeLong(u.getMostSignificantBits());
        out.writeLong(u.getLeastSignificantBits());
      }
      default -> throw HeliosException.notSupported("binary format for " + type.sqlName());
    }
  }

  /** Reads a non-null binary parameter value; the whole buffer is the value. */
  public static Object read(DataType type, ByteBuf in) {
    try {
      Object value = switch (type.id()) {
        case BOOLEAN -> in.readByte() != 0;
        case SMALLINT -> in.readShort();
        case INTEGER -> in.readInt();
        case BIGINT -> in.readLong();
        case REAL -> in.readFloat();
        case DOUBLE -> in.readDouble();
        case NUMERIC -> readNumeric(in);
        case VARCHAR, TEXT, JSON -> in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8).toString();
        case JSONB -> {
          byte version = in.readByte();
          if (version != 1) {
            throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "unsupported jsonb version number " + version);
          }
          yield in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8).toString();
        }
        case VECTOR -> PgTextFormat.fromText(type, in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8)
            .toString(), java.time.ZoneOffset.UTC);
        case BYTEA -> {
          byte[] b = new byte[in.readableBytes()];
          in.readBytes(b);
          yield b;
        }
        case DATE -> {
          int days = in.readInt();
          yield days == Integer.MAX_VALUE || days == Integer.MIN_VALUE ? days : days + PG_EPOCH_DAYS;
        }
        case TIME -> in.readLong();
        case TIMESTAMP, TIMESTAMPTZ -> {
          long micros = in.readLong();
          yield micros == Long.MAX_VALUE || micros == Long.MIN_VALUE ? micros : micros + PG_EPOCH_MICROS;
        }
        case UUID -> new UUID(in.readLong(), in.readLong());
        default -> throw HeliosException.notSupported("binary format for " + type.sqlName());
      };
      if (in.isReadable()) {
        throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
      }
      return value;
    } catch (IndexOutOfBoundsException e) {
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "insufficient data left in message");
    }
  }

  private static final int NUMERIC_POS = 0x0000;
  private static final int NUMERIC_NEG = 0x4000;
  private static final int NUMERIC_NAN = 0xC000;
  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);

  /** numeric_send: ndigits, weight, sign, dscale, then base-10000 digits. */
  static void writeNumeric(BigDecimal value, ByteBuf out) {
    int dscale = Math.max(value.scale(), 0);
    String plain = value.abs().toPlainString();
    int dot = plain.indexOf('.');
    String intPart = dot < 0 ? plain : plain.substring(0, dot);
    String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
    if (intPart.equals("0")) {
      intPart = "";
    }
    // pad to whole base-10000 groups: integer part on the left, fraction on the right
    intPart = "0".repeat((4 - intPart.length() % 4) % 4) + intPart;
    fracPart = fracPart + "0".repeat((4 - fracPart.length() % 4) % 4);
    String all = intPart + fracPart;
    int groups = all.length() / 4;
    short[] digits = new short[groups];
    for (int i = 0; i < groups; i++) {
      digits[i] = Short.parseShort(all.substring(i * 4, i * 4 + 4));
    }
    int weight = intPart.length() / 4 - 1;
    int first = 0;
    while (first < groups && digits[first] == 0) {
      first++;
      weight--;
    }
    int last = groups;
    while (last > first && digits[last - 1] == 0) {
      last--;
    }
    int ndigits = last - first;
    if (ndigits == 0) {
      weight = 0;
    }
    out.writeShort(ndigits);
    out.writeShort(weight);
    out.writeShort(value.signum() < 0 ? NUMERIC_NEG : NUMERIC_POS);
    out.writeShort(dscale);
    for (int i = first; i < last; i++) {
      out.writeShort(digits[i]);
    }
  }

  static BigDecimal readNumeric(ByteBuf in) {
    int ndigits = in.readUnsignedShort();
    int weight = in.readShort();
    int sign = in.readUnsignedShort();
    int dscale = in.readUnsignedShort();
    if (sign == NUMERIC_NAN) {
      throw HeliosException.notSupported("numeric NaN");
    }
    BigInteger unscaled = BigInteger.ZERO;
    for (int i = 0; i < ndigits; i++) {
      int digit = in.readUnsignedShort();
      if (digit > 9999) {
        throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "invalid digit in external \"numeric\" value");
      }
      unscaled = unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(digit));
    }
    // value = unscaled * 10000^(weight - ndigits + 1)
    BigDecimal value = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
    if (sign == NUMERIC_NEG) {
      value = value.negate();
    } else if (sign != NUMERIC_POS) {
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "invalid sign in external \"numeric\" value");
    }
    return value.setScale(Math.max(dscale, 0), java.math.RoundingMode.HALF_UP);
  }
}
