package io.heliosdb.planner.dialect.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MySqlLexerTest {

  /** Tokens cut their text from the source on first use: the same text as the span. */
  @Test
  void tokenTextIsItsSpan() {
    Random random = new Random(5);
    for (int run = 0; run < 2000; run++) {
      String sql = randomText(random, "'\"\\` ,()-#\n@;.abc0123xX", 40);
      for (Token t : MySqlLexer.tokenize(sql)) {
        assertEquals(sql.substring(t.start(), t.end()), t.text(), sql);
      }
    }
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** isBlank (a query's emptiness check without lexing it) agrees with tokenize finding no token. */
  @Test
  void isBlankMeansNoTokens() {
    Random random = new Random(11);
    for (int run = 0; run < 5000; run++) {
      String sql = randomText(random, " \t\n-#/*'a1;", 16);
      assertEquals(MySqlLexer.tokenize(sql).isEmpty(), MySqlLexer.isBlank(sql), sql);
    }
    for (String blank : List.of("", "  \n", "-- c", "--\n", "# x\n  ", "/* x */", "/* open", "/*!50003 x */")) {
      assertEquals(true, MySqlLexer.isBlank(blank), blank);
    }
    for (String text : List.of("--x", "-", "/", "a /* c */", "/* c */ ;")) {
      assertEquals(false, MySqlLexer.isBlank(text), text);
    }
  }

  /** A string's value read in place (statement templates) is the value of its cut text. */
  @Test
  void stringValueInPlaceEqualsValueOfText() {
    Random random = new Random(7);
    for (int run = 0; run < 2000; run++) {
      String sql = "SELECT '" + randomText(random, "'\\n0%x ", 12) + "', 1";
      for (Token t : MySqlLexer.tokenize(sql)) {
        if (t.kind() == Kind.STRING) {
          assertEquals(MySqlLexer.stringValue(t.text()), MySqlLexer.stringValue(t), sql);
        }
      }
    }
  }

  @Test
  void escapesAndDoubledQuotesReadInPlace() {
    List<Token> tokens = MySqlLexer.tokenize("VALUES ('it''s', 'a\\nb', \"q\\\"\", 'plain')");
    List<String> values = tokens.stream().filter(t -> t.kind() == Kind.STRING).map(MySqlLexer::stringValue).toList();
    assertEquals(List.of("it's", "a\nb", "q\"", "plain"), values);
  }

  /** The ASCII shortcuts answer as java.lang.Character does, for every char. */
  @Test
  void characterClassesAreCharactersOwn() {
    for (int i = 0; i <= Character.MAX_VALUE; i++) {
      char c = (char) i;
      assertEquals(Character.isWhitespace(c), MySqlLexer.isWhitespace(c), "whitespace " + i);
      assertEquals(Character.isDigit(c), MySqlLexer.isDigit(c), "digit " + i);
      assertEquals(Character.isLetter(c), MySqlLexer.isLetter(c), "letter " + i);
      assertEquals(Character.isLetterOrDigit(c), MySqlLexer.isLetterOrDigit(c), "letter or digit " + i);
    }
  }
}
