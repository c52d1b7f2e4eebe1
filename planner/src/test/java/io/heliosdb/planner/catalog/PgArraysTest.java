package io.heliosdb.planner.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

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
