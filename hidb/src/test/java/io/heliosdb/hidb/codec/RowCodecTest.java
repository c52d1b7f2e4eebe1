package io.heliosdb.hidb.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.junit.jupiter.api.Test;

class RowCodecTest {

  private static final List<DataType> ALL = List.of(DataType.BOOLEAN, DataType.SMALLINT, DataType.INTEGER,
      DataType.BIGINT, DataType.REAL, DataType.DOUBLE, DataType.NUMERIC, DataType.TEXT, DataType.varchar(5),
      DataType.BYTEA, DataType.DATE, DataType.TIME, DataType.TIMESTAMP, DataType.TIMESTAMPTZ, DataType.UUID,
      DataType.JSON, DataType.JSONB, DataType.vector(3));

  /** A table schema, one row of it, and a projection (possibly repeating columns). */
  @Provide
  Arbitrary<Tuple3<List<DataType>, Object[], int[]>> rows() {
    return Arbitraries.of(ALL).list().ofMinSize(1).ofMaxSize(12).flatMap(types -> {
      List<Arbitrary<Object>> columns = new ArrayList<>();
      for (DataType type : types) {
        columns.add(TestValues.valuesOf(type).injectNull(0.2));
      }
      Arbitrary<Object[]> row = Combinators.combine(columns).as(List::toArray);
      Arbitrary<int[]> projection = Arbitraries.integers().between(0, types.size() - 1)
          .array(int[].class).ofMaxSize(types.size() + 2);
      return Combinators.combine(row, projection).as((r, p) -> Tuple.of(types, r, p));
    });
  }

  @Property(tries = 1500)
  void decodeInvertsEncode(@ForAll("rows") Tuple3<List<DataType>, Object[], int[]> t) {
    List<DataType> types = t.get1();
    Object[] row = t.get2();
    byte[] encoded = RowCodec.encode(types, row);
    assertEquals(RowCodec.FORMAT_VERSION, encoded[0]);
    Object[] decoded = RowCodec.decode(types, encoded);
    for (int i = 0; i < row.length; i++) {
      int column = i;
      assertTrue(TestValues.sameValue(types.get(i), row[i], decoded[i]),
          () -> types.get(column) + ": " + row[column] + " decoded as " + decoded[column]);
    }
  }

  @Property(tries = 1500)
  void projectionMatchesFullDecode(@ForAll("rows") Tuple3<List<DataType>, Object[], int[]> t) {
    List<DataType> types = t.get1();
    Object[] row = t.get2();
    int[] projection = t.get3();
    Object[] projected = RowCodec.decode(types, RowCodec.encode(types, row), projection);
    assertEquals(projection.length, projected.length);
    for (int i = 0; i < projection.length; i++) {
      int column = projection[i];
      assertTrue(TestValues.sameValue(types.get(column), row[column], projected[i]));
    }
  }

  @Property(tries = 1000)
  void byteProjectionEqualsValueProjection(@ForAll("rows") Tuple3<List<DataType>, Object[], int[]> t) {
    List<DataType> types = t.get1();
    Object[] row = t.get2();
    int[] projection = t.get3();
    List<DataType> projectedTypes = new ArrayList<>();
    for (int column : projection) {
      projectedTypes.add(types.get(column));
    }
    byte[] projected = RowCodec.project(types, RowCodec.encode(types, row), projection);
    Object[] decoded = RowCodec.decode(projectedTypes, projected);
    for (int i = 0; i < projection.length; i++) {
      assertTrue(TestValues.sameValue(projectedTypes.get(i), row[projection[i]], decoded[i]));
    }
  }

  @Property(tries = 1000)
  void decodeIntoFillsTableIndexedSlots(@ForAll("rows") Tuple3<List<DataType>, Object[], int[]> t) {
    List<DataType> types = t.get1();
    Object[] row = t.get2();
    int[] sorted = java.util.Arrays.stream(t.get3()).distinct().sorted().toArray();
    Object untouched = new Object();
    Object[] target = new Object[types.size()];
    java.util.Arrays.fill(target, untouched);
    RowCodec.decodeInto(types, RowCodec.encode(types, row), sorted, target);
    for (int column = 0; column < types.size(); column++) {
      if (java.util.Arrays.binarySearch(sorted, column) >= 0) {
        assertTrue(TestValues.sameValue(types.get(column), row[column], target[column]));
      } else {
        assertTrue(target[column] == untouched, "column " + column + " must not be written");
      }
    }
  }

  @Test
  void decodeIntoRejectsUnsortedColumns() {
    List<DataType> types = List.of(DataType.INTEGER, DataType.INTEGER);
    byte[] row = RowCodec.encode(types, new Object[] {1, 2});
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, assertThrows(HeliosException.class,
        () -> RowCodec.decodeInto(types, row, new int[] {1, 0}, new Object[2])).code());
  }

  @Test
  void keepsNegativeZeroNumericScaleAndNulls() {
    List<DataType> types = List.of(DataType.DOUBLE, DataType.NUMERIC, DataType.TEXT);
    Object[] decoded = RowCodec.decode(types,
        RowCodec.encode(types, new Object[] {-0.0, new BigDecimal("-12.300"), null}));
    assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) decoded[0]));
    assertEquals(new BigDecimal("-12.300"), decoded[1]);
    assertNull(decoded[2]);
  }

  @Test
  void rowsFromAnOlderSchemaReadNewColumnsAsNull() {
    byte[] old = RowCodec.encode(List.of(DataType.INTEGER), new Object[] {5});
    List<DataType> widened = List.of(DataType.INTEGER, DataType.TEXT);
    Object[] decoded = RowCodec.decode(widened, old);
    assertEquals(5, decoded[0]);
    assertNull(decoded[1]);
    assertNull(RowCodec.decode(widened, old, new int[] {1})[0]);
  }

  @Test
  void rejectsBadInput() {
    List<DataType> types = List.of(DataType.INTEGER);
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, assertThrows(HeliosException.class,
        () -> RowCodec.encode(types, new Object[] {1, 2})).code());
    assertEquals(ErrorCode.DATA_EXCEPTION, assertThrows(HeliosException.class,
        () -> RowCodec.decode(types, new byte[] {9, 1, 0})).code());
    assertEquals(ErrorCode.DATA_EXCEPTION, assertThrows(HeliosException.class,
        () -> RowCodec.decode(types, new byte[] {1, 1, 0, 0, 0})).code());
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, assertThrows(HeliosException.class,
        () -> RowCodec.decode(types, RowCodec.encode(types, new Object[] {1}), new int[] {1})).code());
    assertEquals(ErrorCode.DATA_EXCEPTION, assertThrows(HeliosException.class,
        () -> RowCodec.encode(List.of(DataType.vector(3)), new Object[] {new float[2]})).code());
  }
}
