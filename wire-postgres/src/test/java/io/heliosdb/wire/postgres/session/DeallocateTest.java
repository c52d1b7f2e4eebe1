package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeallocateTest {

  @Test
  void namedStatementIsFoldedToLowerCaseUnlessQuoted() {
    assertEquals(Optional.of(new Deallocate("_pg3_0")), Deallocate.parse("DEALLOCATE _pg3_0"));
    assertEquals(Optional.of(new Deallocate("s1")), Deallocate.parse("deallocate prepare S1;"));
    assertEquals(Optional.of(new Deallocate("My \"x\"")), Deallocate.parse("DEALLOCATE \"My \"\"x\"\"\""));
    assertEquals("DEALLOCATE", Deallocate.parse("DEALLOCATE s").orElseThrow().tag());
  }

  @Test
  void allDropsEveryStatement() {
    Deallocate all = Deallocate.parse("  DEALLOCATE ALL ").orElseThrow();
    assertTrue(all.all());
    assertEquals("DEALLOCATE ALL", all.tag());
    assertTrue(Deallocate.parse("DEALLOCATE PREPARE ALL").orElseThrow().all());
  }

  @Test
  void otherStatementsAreNotDeallocate() {
    assertEquals(Optional.empty(), Deallocate.parse("SELECT 1"));
    assertEquals(Optional.empty(), Deallocate.parse("DEALLOCATE"));
    assertEquals(Optional.empty(), Deallocate.parse("DEALLOCATE a b"));
    assertEquals(Optional.empty(), Deallocate.parse("deallocated x"));
  }
}
