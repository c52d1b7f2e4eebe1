package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.planner.api.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements exactly as psycopg2 renders them (client-side interpolation). */
class Psycopg2LiteralsTest {
  @TempDir
  Path dir;

  @Test
  void everyTypeRoundTripsThroughInlinedLiterals() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      Session s = h.session();
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name TEXT, v DOUBLE PRECISION, n NUMERIC(10,2), b BYTEA, d DATE,"
          + " ts TIMESTAMP, tz TIMESTAMPTZ, u UUID, j JSONB, f BOOLEAN, s SMALLINT, big BIGINT, r REAL, tm TIME)");
      s.execute("INSERT INTO t VALUES (2,'x',1,1,'\\x00'::bytea,'2024-01-01'::date,'2024-01-02 03:04:05.000001'::timestamp,NULL,NULL,NULL,false,1,1,1,NULL), (1,'héllo ''q''',1.5,12.34,'\\x0001ff'::bytea,'2024-02-29'::date,"
          + "'2024-01-02T03:04:05.123456'::timestamp,'2024-01-02T03:04:05.654321+00:00'::timestamptz,"
          + "'00000000-0000-0000-0000-000000000005'::uuid,'{\"a\": [1, 2]}',true,7,4611686018427387904,1.25,"
          + "'12:34:56.789012'::time)");
      List<List<Object>> r = rows(s.execute("SELECT * FROM t WHERE id = 1"));
      List<Object> row = r.get(0);
      assertEquals("héllo 'q'", row.get(1));
      assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) row.get(4));
      assertEquals(1704164645123456L, row.get(6));
      assertEquals(1704164645654321L, row.get(7));
      assertEquals(4611686018427387904L, row.get(12));
      assertEquals((12 * 3600 + 34 * 60 + 56) * 1_000_000L + 789012, row.get(14));
      assertEquals(List.of(List.of(1704164645000001L)), rows(s.execute("SELECT ts FROM t WHERE id = 2")));
      // ORDER BY on the direct path keeps microseconds too.
      assertEquals(List.of(List.of(1704164645123456L), List.of(1704164645000001L)),
          rows(s.execute("SELECT ts FROM t ORDER BY id")));
      assertEquals(List.of(List.of(1704164645654321L)),
          rows(s.execute("SELECT tz FROM t WHERE tz = '2024-01-02T08:34:05.654321+05:30'::timestamptz")));
    }
  }
}
