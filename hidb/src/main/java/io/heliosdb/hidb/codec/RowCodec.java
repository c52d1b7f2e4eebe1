package io.heliosdb.hidb.codec;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Compact row format holding all columns of a table row. Layout (version 1):
 * <pre>
 *   version byte (0x01)
 *   varint column count n
 *   null bitmap, ceil(n / 8) bytes, bit (i % 8) of byte (i / 8) set when column i is NULL
 *   the non-null values in column order:
 *     BOOLEAN 1 byte; SMALLINT 2; INTEGER, DATE, REAL 4; BIGINT, TIME, TIMESTAMP(TZ), DOUBLE 8
 *     (big-endian, floats as raw IEEE bits so -0.0 and NaN payloads survive);
 *     UUID 16 bytes;
 *     NUMERIC: zig-zag varint scale, varint length, big-endian two's complement unscaled value;
 *     VARCHAR, TEXT, JSON, JSONB: varint length + UTF-8; BYTEA: varint length + bytes;
 *     VECTOR: varint dimension + dimension little-endian float32s.
 * </pre>
 * A projection decode skips unwanted columns by their fixed width or length prefix and never builds
 * their Java values. Rows written with fewer columns than the current schema (after ADD COLUMN) decode
 * the missing trailing columns as NULL.
 */
public final class RowCodec {
  /** The format version written as the first byte. */
  public static final int FORMAT_VERSION = 1;

  private RowCodec() {}

  public static byte[] encode(List<DataType> types, Object[] values) {
    int n = types.size();
    if (values.length != n) {
      throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
          "row has " + values.length + " values but the table has " + n + " columns");
    }
    ByteWriter out = new ByteWriter(8 + n * 9);
    out.write(FORMAT_VERSION);
    out.writeVarint(n);
    int bitmapBytes = (n + 7) >>> 3;
    for (int b = 0; b < bitmapBytes; b++) {
      int bits = 0;
      for (int i = b * 8; i < Math.min(n, b * 8 + 8); i++) {
        if (values[i] == null) {
          bits |= 1 << (i & 7);
        }
      }
      out.write(bits);
    }
    for (int i = 0; i < n; i++) {
      if (values[i] != null) {
        encodeValue(out, types.get(i), values[i]);
      }
    }
    return out.toByteArray();
  }

  public static Object[] decode(List<DataType> types, byte[] row) {
    int n = types.size();
    Object[] values = new Object[n];
    ByteReader in = header(row);
    int stored = (int) in.readVarint();
    int bitmapStart = in.position();
    in.skip((stored + 7) >>> 3);
    for (int i = 0; i < Math.min(n, stored); i++) {
      if (!isNull(row, bitmapStart, i)) {
        values[i] = decodeValue(in, types.get(i));
      }
    }
    return values;
  }

  /** Decodes only the given column indexes; {@code result[i]} is the value of column {@code projection[i]}. */
  public static Object[] decode(List<DataType> types, byte[] row, int[] projection) {
    int n = types.size();
    Object[] result = new Object[projection.length];
    int maxWanted = -1;
    for (int column : projection) {
      if (column < 0 || column >= n) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "projection column " + column + " out of range (table has " + n + " columns)");
      }
      maxWanted = Math.max(maxWanted, column);
    }
    ByteReader in = header(row);
    int stored = (int) in.readVarint();
    int bitmapStart = in.position();
    in.skip((stored + 7) >>> 3);
    int last = Math.min(maxWanted, stored - 1);
    // first projection slot of each column, chained to further slots when a column is projected twice
    int[] firstSlot = new int[last + 1];
    java.util.Arrays.fill(firstSlot, -1);
    int[] nextSlot = new int[projection.length];
    for (int p = projection.length - 1; p >= 0; p--) {
      int column = projection[p];
      if (column <= last) {
        nextSlot[p] = firstSlot[column];
        firstSlot[column] = p;
      }
    }
    for (int i = 0; i <= last; i++) {
      if (isNull(row, bitmapStart, i)) {
        continue;
      }
      int slot = firstSlot[i];
      if (slot < 0) {
        skipValue(in, types.get(i));
        continue;
      }
      Object value = decodeValue(in, types.get(i));
      for (; slot >= 0; slot = nextSlot[slot]) {
        result[slot] = value;
      }
    }
    return result;
  }

  /**
   * Decodes the given columns into {@code target}, indexed by table column (as {@link
   * io.heliosdb.hidb.expr.CompiledExpr#evaluate} expects); {@code sortedColumns} must be strictly
   * ascending (as CompiledExpr.referencedColumns() returns). Other slots of target are left untouched,
   * so one target array can be reused across rows.
   */
  public static void decodeInto(List<DataType> types, byte[] row, int[] sortedColumns, Object[] target) {
    int n = types.size();
    ByteReader in = header(row);
    int stored = (int) in.readVarint();
    int bitmapStart = in.position();
    in.skip((stored + 7) >>> 3);
    int next = 0; // index into sortedColumns
    int column = 0;
    while (next < sortedColumns.length) {
      int wanted = sortedColumns[next];
      if (wanted < column || wanted >= n) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "columns must be ascending table column indexes below " + n + ": " + java.util.Arrays.toString(sortedColumns));
      }
      if (wanted >= stored) {
        target[wanted] = null; // added to the schema after this row was written
        next++;
        column = wanted + 1;
        continue;
      }
      for (; column < wanted; column++) {
        if (!isNull(row, bitmapStart, column)) {
          skipValue(in, types.get(column));
        }
      }
      target[wanted] = isNull(row, bitmapStart, wanted) ? null : decodeValue(in, types.get(wanted));
      column = wanted + 1;
      next++;
    }
  }

  /** Whether {@code projection} names every one of {@code columns} columns in table order (the row as stored). */
  public static boolean isIdentityProjection(int[] projection, int columns) {
    if (projection.length != columns) {
      return false;
    }
    for (int i = 0; i < projection.length; i++) {
      if (projection[i] != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * Re-encodes a projection of an encoded row ({@code result} column i = column projection[i]) by
   * copying value bytes, without building Java values: the cheap path for returning projected rows.
   */
  public static byte[] project(List<DataType> types, byte[] row, int[] projection) {
    int n = types.size();
    int maxWanted = -1;
    for (int column : projection) {
      if (column < 0 || column >= n) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "projection column " + column + " out of range (table has " + n + " columns)");
      }
      maxWanted = Math.max(maxWanted, column);
    }
    ByteReader in = header(row);
    int stored = (int) in.readVarint();
    int bitmapStart = in.position();
    in.skip((stored + 7) >>> 3);
    int last = Math.min(maxWanted, stored - 1);
    int[] start = new int[last + 1];
    int[] end = new int[last + 1];
    for (int i = 0; i <= last; i++) {
      if (isNull(row, bitmapStart, i)) {
        start[i] = -1;
      } else {
        start[i] = in.position();
        skipValue(in, types.get(i));
        end[i] = in.position();
      }
    }
    int p = projection.length;
    ByteWriter out = new ByteWriter(8 + ((p + 7) >>> 3) + row.length);
    out.write(FORMAT_VERSION);
    out.writeVarint(p);
    for (int b = 0; b < ((p + 7) >>> 3); b++) {
      int bits = 0;
      for (int i = b * 8; i < Math.min(p, b * 8 + 8); i++) {
        int column = projection[i];
        if (column > last || start[column] < 0) {
          bits |= 1 << (i & 7);
        }
      }
      out.write(bits);
    }
    for (int column : projection) {
      if (column <= last && start[column] >= 0) {
        out.write(row, start[column], end[column] - start[column]);
      }
    }
    return out.toByteArray();
  }

  private static ByteReader header(byte[] row) {
    ByteReader in = new ByteReader(row, 0);
    int version = in.readUnsignedByte();
    if (version != FORMAT_VERSION) {
      throw ByteReader.corrupt("unknown row format version " + version);
    }
    return in;
  }

  private static boolean isNull(byte[] row, int bitmapStart, int column) {
    return (row[bitmapStart + (column >>> 3)] & (1 << (column & 7))) != 0;
  }

  private static void encodeValue(ByteWriter out, DataType type, Object value) {
    switch (type.id()) {
      case BOOLEAN -> out.write(ValueCheck.exact(type, value, Boolean.class) ? 1 : 0);
      case SMALLINT -> out.writeShort((int) ValueCheck.integral(type, value, Short.MIN_VALUE, Short.MAX_VALUE));
      case INTEGER, DATE -> out.writeInt((int) ValueCheck.integral(type, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ ->
          out.writeLong(ValueCheck.integral(type, value, Long.MIN_VALUE, Long.MAX_VALUE));
      case REAL -> out.writeInt(Float.floatToRawIntBits((float) ValueCheck.floating(type, value)));
      case DOUBLE -> out.writeLong(Double.doubleToRawLongBits(ValueCheck.floating(type, value)));
      case NUMERIC -> {
        BigDecimal d = ValueCheck.decimal(type, value);
        int scale = d.scale();
        out.writeVarint(((scale << 1) ^ (scale >> 31)) & 0xFFFFFFFFL);
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeVarint(unscaled.length);
        out.write(unscaled);
      }
      case VARCHAR, TEXT, JSON, JSONB -> {
        byte[] utf8 = ValueCheck.exact(type, value, String.class).getBytes(StandardCharsets.UTF_8);
        out.writeVarint(utf8.length);
        out.write(utf8);
      }
      case BYTEA -> {
        byte[] bytes = ValueCheck.exact(type, value, byte[].class);
        out.writeVarint(bytes.length);
        out.write(bytes);
      }
      case UUID -> {
        UUID uuid = ValueCheck.exact(type, value, UUID.class);
        out.writeLong(uuid.getMostSignificantBits());
        out.writeLong(uuid.getLeastSignificantBits());
      }
      case VECTOR -> {
        float[] vector = ValueCheck.exact(type, value, float[].class);
        if (type.precision() >= 0 && vector.length != type.precision()) {
          throw new HeliosException(ErrorCode.DATA_EXCEPTION,
              "expected " + type.precision() + " dimensions, not " + vector.length);
        }
        out.writeVarint(vector.length);
        for (float f : vector) {
          out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(f)));
        }
      }
      default -> throw HeliosException.notSupported("a column of type " + type);
    }
  }

  private static Object decodeValue(ByteReader in, DataType type) {
    return switch (type.id()) {
      case BOOLEAN -> in.readUnsignedByte() != 0;
      case SMALLINT -> (short) in.readShort();
      case INTEGER, DATE -> in.readInt();
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ -> in.readLong();
      case REAL -> Float.intBitsToFloat(in.readInt());
      case DOUBLE -> Double.longBitsToDouble(in.readLong());
      case NUMERIC -> {
        long zigzag = in.readVarint();
        int scale = (int) ((zigzag >>> 1) ^ -(zigzag & 1));
        int length = lengthPrefix(in);
        yield new BigDecimal(new BigInteger(in.readBytes(length)), scale);
      }
      case VARCHAR, TEXT, JSON, JSONB -> {
        int length = lengthPrefix(in);
        in.require(length);
        String s = new String(in.buffer(), in.position(), length, StandardCharsets.UTF_8);
        in.skip(length);
        yield s;
      }
      case BYTEA -> in.readBytes(lengthPrefix(in));
      case UUID -> new UUID(in.readLong(), in.readLong());
      case VECTOR -> {
        int dimension = lengthPrefix(in);
        in.require(dimension * 4);
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
          vector[i] = Float.intBitsToFloat(Integer.reverseBytes(in.readInt()));
        }
        yield vector;
      }
      default -> throw HeliosException.notSupported("a column of type " + type);
    };
  }

  private static void skipValue(ByteReader in, DataType type) {
    switch (type.id()) {
      case BOOLEAN -> in.skip(1);
      case SMALLINT -> in.skip(2);
      case INTEGER, DATE, REAL -> in.skip(4);
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ, DOUBLE -> in.skip(8);
      case UUID -> in.skip(16);
      case NUMERIC -> {
        in.readVarint();
        in.skip(lengthPrefix(in));
      }
      case VARCHAR, TEXT, JSON, JSONB, BYTEA -> in.skip(lengthPrefix(in));
      case VECTOR -> in.skip(lengthPrefix(in) * 4);
      default -> throw HeliosException.notSupported("a column of type " + type);
    }
  }

  private static int lengthPrefix(ByteReader in) {
    long length = in.readVarint();
    if (length < 0 || length > Integer.MAX_VALUE / 4) {
      throw ByteReader.corrupt("length " + length + " out of range");
    }
    return (int) length;
  }
}
