package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MySqlStatementTemplatesShapeTest {
  private static final List<String> PIECES = List.of("INSERT INTO t VALUES ", "(", ")", ",", " ", "'a'", "'it''s'",
      "'x\\'y'", "12", "3.5", "0", "abc", "now()", "@v", "@@x", "?", ";", "'open", "`id`", "\u0001", "-- c\n", "1e5");

  private static String randomStatement(Random random) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(12); i >= 0; i--) {
      sb.append(PIECES.get(random.nextInt(PIECES.size())));
    }
    return sb.toString();
  }

  /** Checking a statement against a known shape answers as building its shape and comparing does. */
  @Test
  void hasShapeAgreesWithShapeEquality() {
    Random random = new Random(13);
    for (int run = 0; run < 20000; run++) {
      String a = randomStatement(random);
      // half the time a statement of (probably) the same shape: the literals swapped for others
      String b = random.nextBoolean() ? randomStatement(random)
          : a.replace("'a'", "'bb'").replace("12", "7").replace("3.5", "44.25");
      String shapeA = MySqlStatementTemplates.shape(a, MySqlLexer.tokenize(a));
      if (shapeA == null) {
        continue;
      }
      String shapeB = MySqlStatementTemplates.shape(b, MySqlLexer.tokenize(b));
      assertEquals(shapeA.equals(shapeB), MySqlStatementTemplates.hasShape(shapeA, b, MySqlLexer.tokenize(b)),
          a + " / " + b);
    }
  }

  /** A run of statements of one shape gets the first one's shape string itself (a free map lookup). */
  @Test
  void aRunOfOneShapeSharesItsString() {
    MySqlStatementTemplates templates = new MySqlStatementTemplates();
    String first = "INSERT INTO t VALUES (1,'a'),(2,'b')";
    String second = "INSERT INTO t VALUES (3,'c'),(4,'dd')";
    String shape = templates.shapeOf(first, MySqlLexer.tokenize(first));
    assertSame(shape, templates.shapeOf(second, MySqlLexer.tokenize(second)));
    String other = "INSERT INTO t VALUES (5,'e')";
    String otherShape = templates.shapeOf(other, MySqlLexer.tokenize(other));
    assertEquals(MySqlStatementTemplates.shape(other, MySqlLexer.tokenize(other)), otherShape);
    assertEquals(false, Objects.equals(shape, otherShape));
  }
}
