package io.heliosdb.wire.mysql.packet;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;

/**
 * COM_STMT_EXECUTE's argument: statement id, cursor flags, and the parameters in the binary
 * protocol (NULL bitmap, the new-params-bound flag with each parameter's type, then the values).
 * Values are decoded to their natural Java form: Long (BigDecimal for an unsigned BIGINT past
 * Long.MAX_VALUE), Float, Double, String for DECIMAL, byte[] for strings and blobs (their charset
 * is the connection's), {@link MySqlTemporal} for dates and times, null for NULL, and
 * {@link #LONG_DATA} where the value came earlier with COM_STMT_SEND_LONG_DATA.
 *
 * @param types each parameter's 2-byte type (code | {@link FieldType#PARAM_UNSIGNED}) as bound now or before
 * @param newParamsBound whether this packet carried the types
 */
public record StmtExecute(int statementId, int flags, long iterationCount, boolean newParamsBound, int[] types,
    List<Object> values) {

  /** Cursor type bits of {@code flags} (CURSOR_TYPE_READ_ONLY, FOR_UPDATE, SCROLLABLE). */
  public static final int CURSOR_TYPE_MASK = 0x07;
  /** Marks a value sent with COM_STMT_SEND_LONG_DATA instead of in this packet. */
  public static final Object LONG_DATA = new Object() {
    @Override
    public String toString() {
      return "LONG_DATA";
    }
  };

  public StmtExecute {
    types = types.clone();
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  @Override
  public int[] types() {
    return types.clone();
  }

  /** The statement id alone, to find the statement whose parameter count the rest needs. */
  public static int statementId(byte[] argument) {
    return (int) new PayloadReader(argument).u32();
  }

  /**
   * Decodes a command's argument (the bytes after the command byte).
   *
   * @param parameterCount the statement's number of placeholders
   * @param boundTypes the types bound by an earlier execute, or null when none was
   * @param longData parameters that received COM_STMT_SEND_LONG_DATA since the last execute
   */
  public static StmtExecute decode(byte[] argument, int parameterCount, int[] boundTypes, BitSet longData) {
    PayloadReader r = new PayloadReader(argument);
    int id = (int) r.u32();
    int flags = r.u8();
    long iterations = r.u32();
    if (parameterCount == 0) {
      return new StmtExecute(id, flags, iterations, false, new int[0], List.of());
    }
    byte[] nulls = r.bytes((parameterCount + 7) / 8);
    boolean bound = r.u8() == 1;
    int[] types;
    if (bound) {
      types = new int[parameterCount];
      for (int i = 0; i < parameterCount; i++) {
        types[i] = r.u16();
        if (!FieldType.isKnown(types[i] & 0xFF)) {
          throw new MalformedPacket("unknown parameter type " + (types[i] & 0xFF));
        }
      }
    } else if (boundTypes != null && boundTypes.length == parameterCount) {
      types = boundTypes.clone();
    } else {
      throw new MalformedPacket("parameters were never bound");
    }
    List<Object> values = new ArrayList<>(parameterCount);
    for (int i = 0; i < parameterCount; i++) {
      if ((nulls[i / 8] & (1 << (i % 8))) != 0) {
        values.add(null);
      } else if (longData.get(i)) {
        values.add(LONG_DATA);
      } else {
        values.add(readValue(r, types[i]));
      }
    }
    return new StmtExecute(id, flags, iterations, bound, types, values);
  }

  private static Object readValue(PayloadReader r, int typeAndFlags) {
    int type = typeAndFlags & 0xFF;
    boolean unsigned = (typeAndFlags & FieldType.PARAM_UNSIGNED) != 0;
    return switch (type) {
      case FieldType.NULL -> null;
      case FieldType.TINY -> unsigned ? (long) r.u8() : (long) (byte) r.u8();
      case FieldType.SHORT, FieldType.YEAR -> unsigned ? (long) r.u16() : (long) (short) r.u16();
      case FieldType.LONG, FieldType.INT24 -> unsigned ? r.u32() : (long) (int) r.u32();
      case FieldType.LONGLONG -> {
        long v = r.u32() | r.u32() << 32;
        yield unsigned && v < 0 ? new BigDecimal(new BigInteger(Long.toUnsignedString(v))) : (Object) v;
      }
      case FieldType.FLOAT -> Float.intBitsToFloat((int) r.u32());
      case FieldType.DOUBLE -> Double.longBitsToDouble(r.u32() | r.u32() << 32);
      case FieldType.DATE, FieldType.DATETIME, FieldType.TIMESTAMP, FieldType.TIME -> MySqlTemporal.read(r, type);
      case FieldType.DECIMAL, FieldType.NEWDECIMAL -> new String(r.lenencBytes(), StandardCharsets.US_ASCII);
      default -> r.lenencBytes();
    };
  }

  /** Encodes as a client would (tests and the fuzz corpus); values in the forms {@link #decode} returns. */
  public void encode(ByteBuf out) {
    out.writeIntLE(statementId);
    out.writeByte(flags);
    out.writeIntLE((int) iterationCount);
    if (values.isEmpty()) {
      return;
    }
    byte[] nulls = new byte[(values.size() + 7) / 8];
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) == null) {
        nulls[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    out.writeBytes(nulls);
    out.writeByte(newParamsBound ? 1 : 0);
    if (newParamsBound) {
      for (int t : types) {
        out.writeShortLE(t);
      }
    }
    for (int i = 0; i < values.size(); i++) {
      Object v = values.get(i);
      if (v == null || v == LONG_DATA) {
        continue;
      }
      switch (types[i] & 0xFF) {
        case FieldType.TINY -> out.writeByte(((Number) v).intValue());
        case FieldType.SHORT, FieldType.YEAR -> out.writeShortLE(((Number) v).intValue());
        case FieldType.LONG, FieldType.INT24 -> out.writeIntLE(((Number) v).intValue());
        case FieldType.LONGLONG -> out.writeLongLE(v instanceof BigDecimal d ? d.toBigInteger().longValue() : ((Number) v).longValue());
        case FieldType.FLOAT -> out.writeFloatLE(((Number) v).floatValue());
        case FieldType.DOUBLE -> out.writeDoubleLE(((Number) v).doubleValue());
        case FieldType.DATE, FieldType.DATETIME, FieldType.TIMESTAMP, FieldType.TIME -> ((MySqlTemporal) v).write(out);
        case FieldType.NULL -> { }
        default -> PayloadWriter.lenencBytes(out, v instanceof byte[] b ? b : v.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof StmtExecute e)) {
      return false;
    }
    if (e.statementId != statementId || e.flags != flags || e.iterationCount != iterationCount
        || e.newParamsBound != newParamsBound || !Arrays.equals(e.types, types) || e.values.size() != values.size()) {
      return false;
    }
    for (int i = 0; i < values.size(); i++) {
      Object a = values.get(i);
      Object b = e.values.get(i);
      if (a instanceof byte[] x && b instanceof byte[] y ? !Arrays.equals(x, y) : !java.util.Objects.equals(a, b)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return statementId * 31 + Arrays.hashCode(types);
  }
}
