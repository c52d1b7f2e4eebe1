package io.heliosdb.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PgArraysTest {
  @Test
  void arraysPrintAsPostgresqlDoes() {
    assertEquals("{1,2}", PgArrays.text(List.of((short) 1, (short) 2)));
    assertEquals("{}", PgArrays.text(List.of()));
    assertEquals("{a,\"b c\",NULL,\"\",\"NULL\",\"q\\\"x\",\"\\\\\",t}",
        PgArrays.text(Arrays.asList("a", "b c", null, "", "NULL", "q\"x", "\\", true)));
    assertEquals("{{1,2},{3}}", PgArrays.text(List.of(List.of(1, 2), List.of(3))));
    assertNull(PgArrays.text(null));
  }

  @Test
  void textFormsParseAsArrayInDoes() {
    PgArrays.Parsed p = PgArrays.parse(" { 1 , NULL,\"a b\",\"NULL\", x\\,y ,\"q\\\"\"} ");
    assertEquals(Arrays.asList("1", null, "a b", "NULL", "x,y", "q\""), p.elements());
    assertArrayEquals(new int[] {6}, p.dims());
    PgArrays.Parsed two = PgArrays.parse("{{1,2},{3,4}}");
    assertArrayEquals(new int[] {2, 2}, two.dims());
    assertEquals(List.of("1", "2", "3", "4"), two.elements());
    assertEquals(List.of(), PgArrays.parse("{}").elements());
    assertEquals("{{1,2},{3,4}}", PgArrays.text(two.dims(), two.elements()));
    assertEquals("{1,NULL,\"a b\",\"NULL\",\"x,y\",\"q\\\"\"}", PgArrays.text(p.dims(), p.elements()));
  }

  @Test
  void malformedTextFormsAre22P02() {
    for (String bad : List.of("1,2", "{1,2", "{1,2}x", "{{1,2},3}", "{{1,2},{3}}", "{1,{2}}", "{,}", "{\"a}")) {
      HeliosException e = assertThrows(HeliosException.class, () -> PgArrays.parse(bad), bad);
      assertEquals(ErrorCode.INVALID_TEXT_REPRESENTATION, e.code(), bad);
      assertEquals("malformed array literal: \"" + bad + "\"", e.getMessage());
    }
  }

  @Test
  void floatElementsPrintAsPostgresqlDoes() {
    assertEquals("{1.5,-2,Infinity,NaN}", PgArrays.text(List.of(1.5, -2.0, Double.POSITIVE_INFINITY, Double.NaN)));
    assertEquals("{1.1}", PgArrays.text(List.of(1.1f)));
  }

  @Test
  void vectorsPrintSpaceSeparatedAndStartAtZero() {
    PgArrays.Vector v = new PgArrays.Vector(List.of((short) 3, (short) 1));
    assertEquals("3 1", PgArrays.text(v));
    assertEquals(0, PgArrays.lowerBound(v, 1));
    assertEquals(1, PgArrays.lowerBound(List.of(1), 1));
    assertNull(PgArrays.lowerBound(List.of(1), 2));
    assertNull(PgArrays.lowerBound(List.of(), 1));
  }

  @Test
  void positionsFollowTheLongestArray() {
    assertEquals(List.of(1, 2, 3), PgArrays.positions(new Object[] {List.of(1), null, List.of(1, 2, 3)}));
    assertEquals(List.of(), PgArrays.positions(new Object[] {null, List.of()}));
  }

  @Test
  void jsonObjectsUsePostgresqlSpacing() {
    assertEquals("{\"a\" : 1, \"b\" : \"x\\ny\", \"c\" : null}",
        PgArrays.jsonObject(new Object[] {"a", 1, "b", "x\ny", "c", null, null, null}));
    assertEquals("{}", PgArrays.jsonObject(new Object[] {null, null}));
  }
}
