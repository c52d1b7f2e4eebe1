package io.heliosdb.hidb.expr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.proto.Literal;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LiteralsTest {
  @Test
  void roundTripsEveryType() {
    List<Object[]> cases = List.of(
        new Object[] {DataType.BOOLEAN, true}, new Object[] {DataType.SMALLINT, (short) -3},
        new Object[] {DataType.INTEGER, 42}, new Object[] {DataType.BIGINT, Long.MIN_VALUE},
        new Object[] {DataType.REAL, 1.5f}, new Object[] {DataType.DOUBLE, -2.25},
        new Object[] {DataType.numeric(10, 3), new BigDecimal("-1.250")}, new Object[] {DataType.TEXT, "h\u00e9"},
        new Object[] {DataType.DATE, 18262}, new Object[] {DataType.TIMESTAMPTZ, 1L},
        new Object[] {DataType.UUID, UUID.randomUUID()}, new Object[] {DataType.JSONB, "{}"});
    for (Object[] c : cases) {
      DataType type = (DataType) c[0];
      Literal literal = Literals.of(type, c[1]);
      assertEquals(type, Literals.type(literal));
      assertEquals(c[1], Literals.value(literal));
    }
    assertArrayEquals(new byte[] {1, 2}, (byte[]) Literals.value(Literals.of(DataType.BYTEA, new byte[] {1, 2})));
    assertArrayEquals(new float[] {1, -2, 3.5f},
        (float[]) Literals.value(Literals.of(DataType.vector(3), new float[] {1, -2, 3.5f})));
  }

  @Test
  void nullsAndMismatches() {
    Literal n = Literals.of(DataType.TEXT, null);
    assertTrue(n.getIsNull());
    assertNull(Literals.value(n));
    assertEquals(ErrorCode.DATATYPE_MISMATCH,
        assertThrows(HeliosException.class, () -> Literals.of(DataType.INTEGER, "1")).code());
    Literal wrongCarrier = Literal.newBuilder().setType(DataType.INTEGER.toSpec()).setStringValue("1").build();
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE,
        assertThrows(HeliosException.class, () -> Literals.value(wrongCarrier)).code());
  }
}
