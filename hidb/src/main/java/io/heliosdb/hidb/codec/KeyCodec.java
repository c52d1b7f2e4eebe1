package io.heliosdb.hidb.codec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Order-preserving (memcomparable) key encoding: the unsigned lexicographic order of encodings equals
 * the SQL order of the values (NULL first). Every value starts with a marker byte ({@code 0x00} NULL,
 * {@code 0x01} present) and is prefix-free, so composite keys concatenate and sort as tuples.
 *
 * <p>Per type, after the marker:
 * <ul>
 *   <li>BOOLEAN: 0x00 / 0x01.
 *   <li>SMALLINT, INTEGER, DATE (2/4/4 bytes), BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ (8 bytes):
 *       big-endian with the sign bit flipped.
 *   <li>REAL (4 bytes), DOUBLE (8 bytes): IEEE bits, sign bit flipped for positives, all bits flipped
 *       for negatives; -0.0 is stored as 0.0 and every NaN as the canonical NaN, which sorts after
 *       +Infinity as in PostgreSQL.
 *   <li>NUMERIC: class byte (0x01 negative, 0x02 zero, 0x03 positive); for non-zero values the value is
 *       0.d1d2d3... x 10^E with trailing zeros removed: E as a sign-flipped 4-byte int, then the digits
 *       two per byte as (pair + 1), ended by 0x00; negative numbers store all of it complemented.
 *       So 1.0 and 1.00 encode identically; decoding yields the value without trailing zeros (re-scaled
 *       to the column's scale when the type declares one).
 *   <li>VARCHAR, TEXT (UTF-8) and BYTEA: bytes with 0x00 escaped as 0x00 0xFF, terminated by 0x00 0x01.
 *       UTF-8 byte order is Unicode code point order (PostgreSQL's "C" collation).
 *   <li>UUID: the 16 bytes, compared unsigned as PostgreSQL does.
 * </ul>
 * JSON, JSONB and VECTOR cannot be key columns (FEATURE_NOT_SUPPORTED).
 */
public final class KeyCodec {
  static final int NULL_MARKER = 0x00;
  static final int VALUE_MARKER = 0x01;

  private static final int NUMERIC_NEGATIVE = 0x01;
  private static final int NUMERIC_ZERO = 0x02;
  private static final int NUMERIC_POSITIVE = 0x03;

  private KeyCodec() {}

  /** Encodes a whole key: one value per type. */
  public static byte[] encode(List<DataType> types, Object[] values) {
    return encode(types, values, types.size());
  }

  /** Encodes the first {@code count} columns only (a prefix, e.g. for range seeks). */
  public static byte[] encode(List<DataType> types, Object[] values, int count) {
    return encodeWithPrefix(null, types, values, count);
  }

  /**
   * Encodes the first {@code count} columns after a caller-supplied prefix (e.g. table and shard id),
   * saving one copy compared with concatenating afterwards. A null prefix means none.
   */
  public static byte[] encodeWithPrefix(byte[] prefix, List<DataType> types, Object[] values, int count) {
    if (count < 0 || count > types.size() || count > values.length) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
          "cannot encode " + count + " key columns from " + types.size() + " types and " + values.length + " values");
    }
    ByteWriter out = new ByteWriter((prefix == null ? 0 : prefix.length) + count * 10);
    if (prefix != null) {
      out.write(prefix);
    }
    for (int i = 0; i < count; i++) {
      encodeValue(out, types.get(i), values[i]);
    }
    return out.toByteArray();
  }

  /** Decodes a whole key; throws DATA_EXCEPTION when the bytes do not hold exactly one value per type. */
  public static Object[] decode(List<DataType> types, byte[] key) {
    ByteReader in = new ByteReader(key, 0);
    Object[] values = new Object[types.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = decodeValue(in, types.get(i));
    }
    if (in.hasRemaining()) {
      throw ByteReader.corrupt((key.length - in.position()) + " trailing bytes after the key");
    }
    return values;
  }

  /** Unsigned lexicographic comparison, the order of the encoded values. */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * Smallest byte string greater than every key that starts with {@code prefix} (an exclusive upper
   * bound for a prefix scan), or null when there is none (empty prefix or all bytes 0xFF).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if ((prefix[i] & 0xFF) != 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- encoding

  static void encodeValue(ByteWriter out, DataType type, Object value) {
    if (value == null) {
      rejectUnsupported(type);
      out.write(NULL_MARKER);
      return;
    }
    switch (type.id()) {
      case BOOLEAN -> {
        out.write(VALUE_MARKER);
        out.write(ValueCheck.exact(type, value, Boolean.class) ? 1 : 0);
      }
      case SMALLINT -> {
        out.write(VALUE_MARKER);
        out.writeShort((int) ValueCheck.integral(type, value, Short.MIN_VALUE, Short.MAX_VALUE) ^ 0x8000);
      }
      case INTEGER, DATE -> {
        out.write(VALUE_MARKER);
        out.writeInt((int) ValueCheck.integral(type, value, Integer.MIN_VALUE, Integer.MAX_VALUE) ^ Integer.MIN_VALUE);
      }
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ -> {
        out.write(VALUE_MARKER);
        out.writeLong(ValueCheck.integral(type, value, Long.MIN_VALUE, Long.MAX_VALUE) ^ Long.MIN_VALUE);
      }
      case REAL -> {
        out.write(VALUE_MARKER);
        out.writeInt(floatKeyBits((float) ValueCheck.floating(type, value)));
      }
      case DOUBLE -> {
        out.write(VALUE_MARKER);
        out.writeLong(doubleKeyBits(ValueCheck.floating(type, value)));
      }
      case NUMERIC -> {
        out.write(VALUE_MARKER);
        encodeDecimal(out, ValueCheck.decimal(type, value));
      }
      case VARCHAR, TEXT -> {
        out.write(VALUE_MARKER);
        encodeEscaped(out, ValueCheck.exact(type, value, String.class).getBytes(StandardCharsets.UTF_8));
      }
      case BYTEA -> {
        out.write(VALUE_MARKER);
        encodeEscaped(out, ValueCheck.exact(type, value, byte[].class));
      }
      case UUID -> {
        UUID uuid = ValueCheck.exact(type, value, UUID.class);
        out.write(VALUE_MARKER);
        out.writeLong(uuid.getMostSignificantBits());
        out.writeLong(uuid.getLeastSignificantBits());
      }
      default -> throw notKeyable(type);
    }
  }

  private static void rejectUnsupported(DataType type) {
    switch (type.id()) {
      case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, NUMERIC, VARCHAR, TEXT, BYTEA, DATE, TIME,
          TIMESTAMP, TIMESTAMPTZ, UUID -> { }
      default -> throw notKeyable(type);
    }
  }

  private static HeliosException notKeyable(DataType type) {
    return HeliosException.notSupported("a key column of type " + type);
  }

  private static int floatKeyBits(float f) {
    if (f == 0.0f) {
      f = 0.0f; // folds -0.0 into 0.0
    }
    int bits = Float.floatToIntBits(f); // canonical NaN
    return bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
  }

  private static long doubleKeyBits(double d) {
    if (d == 0.0) {
      d = 0.0;
    }
    long bits = Double.doubleToLongBits(d);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  private static void encodeEscaped(ByteWriter out, byte[] bytes) {
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        out.write(bytes, start, i - start);
        out.write(0x00);
        out.write(0xFF);
        start = i + 1;
      }
    }
    out.write(bytes, start, bytes.length - start);
    out.write(0x00);
    out.write(0x01);
  }

  private static void encodeDecimal(ByteWriter out, BigDecimal value) {
    int signum = value.signum();
    if (signum == 0) {
      out.write(NUMERIC_ZERO);
      return;
    }
    String digits = value.unscaledValue().abs().toString();
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    // value = 0.digits x 10^exponent, computed in long so extreme scales are reported, not wrapped
    long exponent = (long) digits.length() - value.scale();
    if (exponent < Integer.MIN_VALUE || exponent > Integer.MAX_VALUE) {
      throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "NUMERIC exponent too large for a key");
    }
    int flip = signum < 0 ? 0xFF : 0x00;
    out.write(signum < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE);
    int e = (int) exponent ^ Integer.MIN_VALUE;
    out.writeInt(signum < 0 ? ~e : e);
    for (int i = 0; i < end; i += 2) {
      int hi = digits.charAt(i) - '0';
      int lo = i + 1 < end ? digits.charAt(i + 1) - '0' : 0;
      out.write((hi * 10 + lo + 1) ^ flip);
    }
    out.write(flip);
  }

  // ---------------------------------------------------------------- decoding

  static Object decodeValue(ByteReader in, DataType type) {
    int marker = in.readUnsignedByte();
    if (marker == NULL_MARKER) {
      rejectUnsupported(type);
      return null;
    }
    if (marker != VALUE_MARKER) {
      throw ByteReader.corrupt("unknown key marker " + marker);
    }
    return switch (type.id()) {
      case BOOLEAN -> in.readUnsignedByte() != 0;
      case SMALLINT -> (short) (in.readShort() ^ 0x8000);
      case INTEGER, DATE -> in.readInt() ^ Integer.MIN_VALUE;
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ -> in.readLong() ^ Long.MIN_VALUE;
      case REAL -> {
        int bits = in.readInt();
        yield Float.intBitsToFloat(bits < 0 ? bits ^ Integer.MIN_VALUE : ~bits);
      }
      case DOUBLE -> {
        long bits = in.readLong();
        yield Double.longBitsToDouble(bits < 0 ? bits ^ Long.MIN_VALUE : ~bits);
      }
      case NUMERIC -> rescale(type, decodeDecimal(in));
      case VARCHAR, TEXT -> new String(decodeEscaped(in), StandardCharsets.UTF_8);
      case BYTEA -> decodeEscaped(in);
      case UUID -> new UUID(in.readLong(), in.readLong());
      default -> throw notKeyable(type);
    };
  }

  private static BigDecimal rescale(DataType type, BigDecimal value) {
    if (type.scale() > value.scale()) {
      return value.setScale(type.scale());
    }
    return value;
  }

  private static byte[] decodeEscaped(ByteReader in) {
    ByteWriter out = new ByteWriter(16);
    while (true) {
      int b = in.readUnsignedByte();
      if (b != 0) {
        out.write(b);
        continue;
      }
      int next = in.readUnsignedByte();
      if (next == 0xFF) {
        out.write(0);
      } else if (next == 0x01) {
        return out.toByteArray();
      } else {
        throw ByteReader.corrupt("bad escape 0x00 0x" + Integer.toHexString(next));
      }
    }
  }

  private static BigDecimal decodeDecimal(ByteReader in) {
    int kind = in.readUnsignedByte();
    if (kind == NUMERIC_ZERO) {
      return BigDecimal.ZERO;
    }
    if (kind != NUMERIC_NEGATIVE && kind != NUMERIC_POSITIVE) {
      throw ByteReader.corrupt("bad NUMERIC class byte " + kind);
    }
    boolean negative = kind == NUMERIC_NEGATIVE;
    int flip = negative ? 0xFF : 0x00;
    int e = in.readInt();
    int exponent = (negative ? ~e : e) ^ Integer.MIN_VALUE;
    StringBuilder digits = new StringBuilder();
    while (true) {
      int b = in.readUnsignedByte() ^ flip;
      if (b == 0) {
        break;
      }
      if (b > 100) {
        throw ByteReader.corrupt("bad NUMERIC digit pair " + b);
      }
      int pair = b - 1;
      digits.append((char) ('0' + pair / 10)).append((char) ('0' + pair % 10));
    }
    int len = digits.length();
    if (len > 0 && digits.charAt(len - 1) == '0') {
      len--; // padding digit of an odd-length digit string
    }
    if (len == 0) {
      throw ByteReader.corrupt("NUMERIC without digits");
    }
    BigInteger unscaled = new BigInteger(digits.substring(0, len));
    long scale = (long) len - exponent;
    if (scale < Integer.MIN_VALUE || scale > Integer.MAX_VALUE) {
      throw ByteReader.corrupt("NUMERIC scale out of range");
    }
    return new BigDecimal(negative ? unscaled.negate() : unscaled, (int) scale);
  }
}
