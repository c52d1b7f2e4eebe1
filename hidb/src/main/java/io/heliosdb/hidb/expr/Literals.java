package io.heliosdb.hidb.expr;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Literal;
import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** Converts between proto {@link Literal} and value-model Java objects (see {@link DataType}). */
public final class Literals {
  private Literals() {}

  /** A literal of {@code type}; a null value gives an is_null literal. */
  public static Literal of(DataType type, Object value) {
    Literal.Builder b = Literal.newBuilder().setType(type.toSpec());
    if (value == null) {
      return b.setIsNull(true).build();
    }
    try {
      switch (type.id()) {
        case BOOLEAN -> b.setBoolValue((Boolean) value);
        case SMALLINT, INTEGER, BIGINT, DATE, TIME, TIMESTAMP, TIMESTAMPTZ -> b.setIntValue(integral(type, value));
        case REAL -> b.setFloatValue((Float) value);
        case DOUBLE -> b.setDoubleValue((Double) value);
        case NUMERIC -> b.setStringValue(toDecimal(type, value).toPlainString());
        case VARCHAR, TEXT, JSON, JSONB -> b.setStringValue((String) value);
        case BYTEA -> b.setBytesValue(ByteString.copyFrom((byte[]) value));
        case UUID -> {
          UUID u = (UUID) value;
          b.setBytesValue(ByteString.copyFrom(ByteBuffer.allocate(16)
              .putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array()));
        }
        case VECTOR -> {
          float[] v = (float[]) value;
          ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (float f : v) {
            buf.putFloat(f);
          }
          b.setBytesValue(ByteString.copyFrom(buf.array()));
        }
        default -> throw HeliosException.notSupported("a literal of type " + type);
      }
    } catch (ClassCastException e) {
      throw mismatch(type, value);
    }
    return b.build();
  }

  private static long integral(DataType type, Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    throw mismatch(type, value);
  }

  private static BigDecimal toDecimal(DataType type, Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    throw mismatch(type, value);
  }

  private static HeliosException mismatch(DataType type, Object value) {
    return new HeliosException(ErrorCode.DATATYPE_MISMATCH,
        "a " + value.getClass().getSimpleName() + " cannot be a literal of type " + type);
  }

  /** The type of a literal. */
  public static DataType type(Literal literal) {
    return DataType.fromSpec(literal.getType());
  }

  /** The value of a literal in its type's Java form (null for is_null). */
  public static Object value(Literal literal) {
    DataType type = type(literal);
    if (literal.getValueCase() == Literal.ValueCase.IS_NULL || literal.getValueCase() == Literal.ValueCase.VALUE_NOT_SET) {
      return null;
    }
    return switch (type.id()) {
      case BOOLEAN -> require(literal, Literal.ValueCase.BOOL_VALUE).getBoolValue();
      case SMALLINT -> (short) checkedInt(literal, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER, DATE -> (int) checkedInt(literal, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT, TIME, TIMESTAMP, TIMESTAMPTZ -> checkedInt(literal, Long.MIN_VALUE, Long.MAX_VALUE);
      case REAL -> require(literal, Literal.ValueCase.FLOAT_VALUE).getFloatValue();
      case DOUBLE -> require(literal, Literal.ValueCase.DOUBLE_VALUE).getDoubleValue();
      case NUMERIC -> {
        String s = require(literal, Literal.ValueCase.STRING_VALUE).getStringValue();
        try {
          yield new BigDecimal(s);
        } catch (NumberFormatException e) {
          throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "bad NUMERIC literal \"" + s + "\"");
        }
      }
      case VARCHAR, TEXT, JSON, JSONB -> require(literal, Literal.ValueCase.STRING_VALUE).getStringValue();
      case BYTEA -> require(literal, Literal.ValueCase.BYTES_VALUE).getBytesValue().toByteArray();
      case UUID -> {
        ByteString bytes = require(literal, Literal.ValueCase.BYTES_VALUE).getBytesValue();
        if (bytes.size() != 16) {
          throw malformed(literal, "a UUID literal needs 16 bytes, not " + bytes.size());
        }
        ByteBuffer buf = bytes.asReadOnlyByteBuffer();
        yield new UUID(buf.getLong(), buf.getLong());
      }
      case VECTOR -> {
        ByteString bytes = require(literal, Literal.ValueCase.BYTES_VALUE).getBytesValue();
        if (bytes.size() % 4 != 0) {
          throw malformed(literal, "a VECTOR literal needs a multiple of 4 bytes");
        }
        ByteBuffer buf = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[bytes.size() / 4];
        for (int i = 0; i < v.length; i++) {
          v[i] = buf.getFloat();
        }
        yield v;
      }
      default -> throw malformed(literal, "literal of unsupported type " + type.id());
    };
  }

  private static long checkedInt(Literal literal, long min, long max) {
    long v = require(literal, Literal.ValueCase.INT_VALUE).getIntValue();
    if (v < min || v > max) {
      throw new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE,
          "literal " + v + " out of range for " + type(literal));
    }
    return v;
  }

  private static Literal require(Literal literal, Literal.ValueCase expected) {
    if (literal.getValueCase() != expected) {
      throw malformed(literal, "a " + type(literal) + " literal must carry " + expected
          + ", not " + literal.getValueCase());
    }
    return literal;
  }

  private static HeliosException malformed(Literal literal, String message) {
    return new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "malformed literal: " + message);
  }

  static boolean isUnspecified(DataType type) {
    return type.id() == TypeId.TYPE_UNSPECIFIED || type.id() == TypeId.UNRECOGNIZED;
  }
}
