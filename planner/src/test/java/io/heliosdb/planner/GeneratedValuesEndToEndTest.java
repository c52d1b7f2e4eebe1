package io.heliosdb.planner;

import static io.heliosdb.planner.EngineHarness.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.StatementResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequences, SERIAL / IDENTITY columns and DEFAULT expressions against a real engine (ADR 0012). */
class GeneratedValuesEndToEndTest extends EngineTestBase {
  private Object one(String sql) {
    return rows(s.execute(sql)).get(0).get(0);
  }

  private ErrorCode codeOf(String sql) {
    return assertThrows(HeliosException.class, () -> rows(s.execute(sql))).code();
  }

  @Test
  void sequenceFunctions() {
    s.execute("CREATE SEQUENCE seq_a");
    assertEquals(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, codeOf("SELECT currval('seq_a')"));
    assertEquals(1L, one("SELECT nextval('seq_a')"));
    assertEquals(2L, one("SELECT nextval('seq_a'::regclass)"));
    assertEquals(2L, one("SELECT currval('seq_a')"));
    assertEquals(2L, one("SELECT lastval()"));
    assertEquals(10L, one("SELECT setval('seq_a', 10)"));
    assertEquals(11L, one("SELECT nextval('public.seq_a')"));
    assertEquals(20L, one("SELECT setval('seq_a', 20, false)"));
    assertEquals(20L, one("SELECT nextval('seq_a')"));
    // a second session shares the gateway's range: values stay unique and increasing
    Session other = h.session();
    assertEquals(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
        assertThrows(HeliosException.class, () -> rows(other.execute("SELECT lastval()"))).code());
    assertEquals(21L, rows(other.execute("SELECT nextval('seq_a')")).get(0).get(0));
    other.close();
    assertEquals(ErrorCode.DUPLICATE_TABLE, codeOf("CREATE SEQUENCE seq_a"));
    s.execute("CREATE SEQUENCE IF NOT EXISTS seq_a");
    s.execute("DROP SEQUENCE seq_a");
    assertEquals(ErrorCode.UNDEFINED_TABLE, codeOf("SELECT nextval('seq_a')"));
    s.execute("DROP SEQUENCE IF EXISTS seq_a");
    assertEquals(ErrorCode.UNDEFINED_TABLE, codeOf("DROP SEQUENCE seq_a"));
  }

  @Test
  void oneRaftCommandServesARangeOfValues() {
    s.execute("CREATE SEQUENCE seq_range");
    var seq = h.metadata.catalog().sequence("public", "seq_range").orElseThrow();
    var cache = h.engine.sequences();
    long before = cache.allocations();
    long last = 0;
    for (int i = 0; i < 2500; i++) {
      long v = cache.next(seq);
      assertEquals(last + 1, v);
      last = v;
    }
    assertEquals(3, cache.allocations() - before, "2,500 values from three ranges of 1,000");
    // a second gateway (another cache on the same Raft group) never gets the same values
    var other = new io.heliosdb.planner.sequence.SequenceCache(h.metadata);
    assertEquals(3001L, other.next(seq));
  }

  @Test
  void sequenceOptionsAndLimits() {
    s.execute("CREATE SEQUENCE seq_b AS smallint INCREMENT BY 5 MINVALUE 10 MAXVALUE 20 START WITH 10");
    assertEquals(List.of(List.of(10L, 15L, 20L)),
        rows(s.execute("SELECT nextval('seq_b'), nextval('seq_b'), nextval('seq_b')")));
    HeliosException e = assertThrows(HeliosException.class, () -> rows(s.execute("SELECT nextval('seq_b')")));
    assertEquals(ErrorCode.SEQUENCE_LIMIT_EXCEEDED, e.code());
    assertEquals("nextval: reached maximum value of sequence \"seq_b\" (20)", e.getMessage());
    s.execute("CREATE SEQUENCE seq_c INCREMENT -1 MINVALUE -2 MAXVALUE -1 CYCLE");
    assertEquals(List.of(List.of(-1L, -2L, -1L)),
        rows(s.execute("SELECT nextval('seq_c'), nextval('seq_c'), nextval('seq_c')")));
    assertEquals(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, codeOf("SELECT setval('seq_c', 5)"));
    assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, codeOf("CREATE SEQUENCE seq_bad START 0"));
    assertEquals(List.of(List.of("seq_b", "S")),
        rows(s.execute("SELECT relname, relkind FROM pg_class WHERE relname = 'seq_b'")));
    assertEquals(List.of(List.of(10L, 5L, 20L, 10L)), rows(s.execute("SELECT seqstart, seqincrement, seqmax, seqmin "
        + "FROM pg_sequence WHERE seqrelid = 'seq_b'::regclass")));
    assertEquals(List.of(List.of("smallint", "10", "10", "20", "5", "NO")), rows(s.execute("SELECT data_type, "
        + "start_value, minimum_value, maximum_value, increment, cycle_option FROM information_schema.sequences "
        + "WHERE sequence_name = 'seq_b'")));
  }

  @Test
  void serialColumnsAndDefaults() {
    s.execute("CREATE TABLE ser (id SERIAL PRIMARY KEY, name TEXT NOT NULL, kind TEXT DEFAULT 'plain', "
        + "created TIMESTAMP DEFAULT now())");
    StatementResult r = s.execute("INSERT INTO ser (name) VALUES ('a')");
    assertEquals(1, r.rowCount());
    assertEquals(1L, r.lastInsertId());
    s.execute("INSERT INTO ser (name, kind) VALUES ('b', DEFAULT), ('c', 'special')");
    s.execute("INSERT INTO ser VALUES (DEFAULT, 'd', DEFAULT, DEFAULT)");
    List<List<Object>> got = rows(s.execute("SELECT id, name, kind FROM ser ORDER BY id"));
    assertEquals(List.of(List.of(1, "a", "plain"), List.of(2, "b", "plain"), List.of(3, "c", "special"),
        List.of(4, "d", "plain")), got);
    assertNotNull(one("SELECT created FROM ser WHERE id = 4"));
    assertEquals("public.ser_id_seq", one("SELECT pg_get_serial_sequence('ser', 'id')"));
    assertEquals(4L, one("SELECT currval('ser_id_seq')"));
    // an explicit value does not move a PostgreSQL sequence
    s.execute("INSERT INTO ser (id, name) VALUES (100, 'x')");
    assertEquals(5L, one("SELECT nextval('ser_id_seq')"));
    assertEquals(ErrorCode.NOT_NULL_VIOLATION, codeOf("INSERT INTO ser (id, name) VALUES (NULL, 'n')"));
    s.execute("DROP TABLE ser");
    assertEquals(ErrorCode.UNDEFINED_TABLE, codeOf("SELECT nextval('ser_id_seq')"));
  }

  @Test
  void identityColumns() {
    s.execute("CREATE TABLE idt (id BIGINT GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10) PRIMARY KEY, "
        + "v INT)");
    s.execute("INSERT INTO idt (v) VALUES (1), (2)");
    assertEquals(List.of(List.of(100L, 1), List.of(110L, 2)), rows(s.execute("SELECT id, v FROM idt ORDER BY id")));
    assertEquals(ErrorCode.GENERATED_ALWAYS, codeOf("INSERT INTO idt (id, v) VALUES (5, 3)"));
    s.execute("INSERT INTO idt (id, v) VALUES (DEFAULT, 3)");
    s.execute("CREATE TABLE idd (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v INT)");
    s.execute("INSERT INTO idd (id, v) VALUES (7, 1)");
    s.execute("INSERT INTO idd (v) VALUES (2)");
    assertEquals(List.of(List.of(1, 2), List.of(7, 1)), rows(s.execute("SELECT id, v FROM idd ORDER BY id")));
    assertEquals(List.of(List.of("a")), rows(s.execute("SELECT attidentity FROM pg_attribute "
        + "WHERE attrelid = 'idt'::regclass AND attname = 'id'")));
    assertEquals(List.of(List.of("d")), rows(s.execute("SELECT attidentity FROM pg_attribute "
        + "WHERE attrelid = 'idd'::regclass AND attname = 'id'")));
  }

  @Test
  void insertSelectUsesDefaults() {
    s.execute("CREATE TABLE src (n INT PRIMARY KEY)");
    s.execute("INSERT INTO src VALUES (1), (2), (3)");
    s.execute("CREATE TABLE dst (id BIGSERIAL PRIMARY KEY, n INT)");
    assertEquals(3, s.execute("INSERT INTO dst (n) SELECT n FROM src").rowCount());
    List<List<Object>> got = rows(s.execute("SELECT id, n FROM dst ORDER BY id"));
    assertEquals(3, got.size());
    assertTrue(got.stream().map(r -> (Long) r.get(0)).distinct().count() == 3, got.toString());
    assertEquals(Arrays.asList(1L, 2L, 3L), got.stream().map(r -> r.get(0)).toList());
  }
}
