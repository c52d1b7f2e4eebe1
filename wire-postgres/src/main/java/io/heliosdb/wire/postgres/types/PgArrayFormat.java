package io.heliosdb.wire.postgres.types;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.heliosdb.planner.catalog.PgArrays;

/**
 * PostgreSQL arrays on the wire. The planner hands array results over in their text form
 * ({@code {1,NULL,"a b"}}, int2vector / oidvector as {@code 1 2}) described as the array type, so
 * the binary form (array_send) is made here from that text: ndim, has-null flag, element OID, then
 * per dimension its length and lower bound, then the elements, each length-prefixed (-1 = NULL) in
 * the element type's binary form. Binary array parameters (array_recv) become the same text form.
 */
public final class PgArrayFormat {
  private PgArrayFormat() {}

  /** Element OID of each array type whose binary form is supported (int2vector / oidvector included). */
  private static final Map<Integer, Integer> ELEMENTS = Map.ofEntries(
      Map.entry(1000, 16), Map.entry(1005, 21), Map.entry(1007, 23), Map.entry(1016, 20),
      Map.entry(1028, 26), Map.entry(1021, 700), Map.entry(1022, 701), Map.entry(1009, 25),
      Map.entry(1015, 1043), Map.entry(1003, 19), Map.entry(1002, 18), Map.entry(1014, 1042),
      Map.entry(22, 21), Map.entry(30, 26));

  /** int2vector and oidvector: one dimension, subscripts from 0, text form space-separated. */
  private static boolean isVector(int arrayOid) {
    return arrayOid == 22 || arrayOid == 30;
  }

  /** Whether values described as this array type can be sent / received in binary. */
  public static boolean supports(int arrayOid) {
    return ELEMENTS.containsKey(arrayOid);
  }

  /** The element type of an array type (0 when not an array type handled here). */
  public static int elementOid(int arrayOid) {
    return ELEMENTS.getOrDefault(arrayOid, 0);
  }

  /** array_send of the text form of an array of type {@code arrayOid} (without the value's length prefix). */
  public static void writeBinary(int arrayOid, String text, ByteBuf out) {
    int element = elementOid(arrayOid);
    if (element == 0) {
      throw HeliosException.notSupported("binary output for type " + arrayOid);
    }
    PgArrays.Parsed parsed = isVector(arrayOid) ? PgArrays.parseVector(text) : PgArrays.parse(text);
    boolean hasNull = parsed.elements().contains(null);
    out.writeInt(parsed.elements().isEmpty() ? 0 : parsed.dims().length);
    out.writeInt(hasNull ? 1 : 0);
    out.writeInt(element);
    if (!parsed.elements().isEmpty()) {
      for (int d : parsed.dims()) {
        out.writeInt(d);
        out.writeInt(isVector(arrayOid) ? 0 : 1);
      }
    }
    for (String e : parsed.elements()) {
      if (e == null) {
        out.writeInt(-1);
        continue;
      }
      int at = out.writerIndex();
      out.writeInt(0);
      writeElement(element, e, out);
      out.setInt(at, out.writerIndex() - at - 4);
    }
  }

  private static void writeElement(int element, String text, ByteBuf out) {
    try {
      switch (element) {
        case 16 -> out.writeByte(text.equals("t") || text.equalsIgnoreCase("true") ? 1 : 0);
        case 21 -> out.writeShort(Short.parseShort(text));
        case 23 -> out.writeInt(Integer.parseInt(text));
        case 26 -> out.writeInt((int) Long.parseLong(text));
        case 20 -> out.writeLong(Long.parseLong(text));
        case 700 -> out.writeFloat(Float.parseFloat(text));
        case 701 -> out.writeDouble(Double.parseDouble(text));
        default -> out.writeCharSequence(text, StandardCharsets.UTF_8); // text, varchar, name, "char", bpchar
      }
    } catch (NumberFormatException e) {
      throw new HeliosException(ErrorCode.INTERNAL_ERROR, "array element \"" + text + "\" is not of type " + element);
    }
  }

  /**
   * array_recv: the binary form of an array parameter as its text form. Only one-dimensional
   * arrays of the supported element types; the element type must be the declared one's.
   */
  public static String readBinary(int arrayOid, ByteBuf in) {
    int expected = elementOid(arrayOid);
    try {
      int ndim = in.readInt();
      int flags = in.readInt();
      int element = in.readInt();
      if (ndim < 0 || ndim > 6 || (flags & ~1) != 0) {
        throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, ndim < 0 || ndim > 6
            ? "invalid number of dimensions: " + ndim : "invalid array flags");
      }
      if (element != expected && family(element) != family(expected)) {
        throw new HeliosException(ErrorCode.DATATYPE_MISMATCH, "binary data has array element type " + element
            + " instead of expected " + expected);
      }
      int[] dims = new int[ndim];
      long total = ndim == 0 ? 0 : 1;
      for (int d = 0; d < ndim; d++) {
        dims[d] = in.readInt();
        in.readInt(); // lower bound: the text form has no place for one other than 1
        if (dims[d] < 0) {
          throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "invalid array dimension");
        }
        total *= dims[d];
      }
      if (total > in.readableBytes() / 4) {
        throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "insufficient data left in message");
      }
      List<String> elements = new ArrayList<>((int) total);
      for (long i = 0; i < total; i++) {
        int length = in.readInt();
        if (length < 0) {
          elements.add(null);
          continue;
        }
        ByteBuf value = in.readSlice(length);
        elements.add(readElement(element, value));
      }
      if (in.isReadable()) {
        throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "incorrect binary data format in bind parameter");
      }
      return PgArrays.text(dims, elements);
    } catch (IndexOutOfBoundsException e) {
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "insufficient data left in message");
    }
  }

  /**
   * Element types whose text forms the same array input reads (int2 / int4 / int8 / oid; the
   * string types; float4 / float8): an int2[] sent for a parameter typed int4[] is decoded as int2.
   */
  private static int family(int element) {
    return switch (element) {
      case 21, 23, 20, 26 -> 1;
      case 25, 1043, 19, 1042, 18 -> 2;
      case 700, 701 -> 3;
      default -> -element;
    };
  }

  private static String readElement(int element, ByteBuf in) {
    String out = switch (element) {
      case 16 -> in.readByte() != 0 ? "t" : "f";
      case 21 -> Short.toString(in.readShort());
      case 23 -> Integer.toString(in.readInt());
      case 26 -> Long.toString(in.readUnsignedInt());
      case 20 -> Long.toString(in.readLong());
      case 700 -> PgTextFormat.floatText(in.readFloat());
      case 701 -> PgTextFormat.doubleText(in.readDouble());
      default -> in.readCharSequence(in.readableBytes(), StandardCharsets.UTF_8).toString();
    };
    if (in.isReadable()) {
      throw new HeliosException(ErrorCode.PROTOCOL_VIOLATION, "incorrect binary data format in array element");
    }
    return out;
  }

}
