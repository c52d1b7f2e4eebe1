package io.heliosdb.wire.postgres.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.planner.api.CopyFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyDecoderTest {

  /** Decodes {@code input} fed in chunks of {@code chunk} bytes; each row as a list (null = NULL). */
  static List<List<String>> decode(CopyFormat format, String input, int chunk) {
    List<List<String>> rows = new ArrayList<>();
    CopyDecoder d = CopyDecoder.of(format, (fields, count, line) ->
        rows.add(new ArrayList<>(Arrays.asList(fields).subList(0, count))));
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += chunk) {
      d.feed(bytes, i, Math.min(bytes.length, i + chunk));
    }
    d.finish();
    return rows;
  }

  private static List<String> row(String... values) {
    return Arrays.asList(values);
  }

  @Test
  void textFieldsNullsAndEscapes() {
    String in = "1\ta\\tb\t\\N\n2\t\\\\x\\n\\r\\101\\x41\\q\t\n";
    for (int chunk : new int[] {1, 2, 3, 7, 1000}) {
      assertEquals(List.of(row("1", "a\tb", null), row("2", "\\x\n\rAAq", "")), decode(CopyFormat.TEXT, in, chunk),
          "chunk " + chunk);
    }
  }

  @Test
  void textEscapedNewlineAndDelimiterAreData() {
    assertEquals(List.of(row("a\nb", "c\td")), decode(CopyFormat.TEXT, "a\\\nb\tc\\\td\n", 1));
  }

  @Test
  void textNullIsComparedBeforeUnescaping() {
    assertEquals(List.of(row(null, "\\N")), decode(CopyFormat.TEXT, "\\N\t\\\\N\n", 4));
  }

  @Test
  void lastLineWithoutNewlineCrlfAndEndMarker() {
    assertEquals(List.of(row("1"), row("2")), decode(CopyFormat.TEXT, "1\r\n2", 5));
    assertEquals(List.of(row("1")), decode(CopyFormat.TEXT, "1\n\\.\nignored\n", 3));
  }

  @Test
  void headerSkipsFirstLine() {
    CopyFormat csvHeader = new CopyFormat(true, true, ',', "", '"', '"');
    assertEquals(List.of(row("1", "x")), decode(csvHeader, "id,v\n1,x\n", 2));
  }

  @Test
  void csvQuotesEmbeddedNewlinesAndNulls() {
    String in = "1,\"a,b\",\"say \"\"hi\"\"\"\n2,\"multi\nline\",\n3,\"\",x\"y\"z\n";
    for (int chunk : new int[] {1, 2, 5, 1000}) {
      assertEquals(List.of(row("1", "a,b", "say \"hi\""), row("2", "multi\nline", null), row("3", "", "xyz")),
          decode(CopyFormat.CSV, in, chunk), "chunk " + chunk);
    }
  }

  @Test
  void csvWithOwnEscapeAndDelimiter() {
    CopyFormat f = new CopyFormat(true, false, ';', "NULL", '\'', '\\');
    assertEquals(List.of(row("it's", null, "NULL", "a\\b")), decode(f, "'it\\'s';NULL;'NULL';'a\\\\b'\n", 1));
  }

  @Test
  void csvUnterminatedQuoteIs22P04() {
    CopyFailure e = assertThrows(CopyFailure.class, () -> decode(CopyFormat.CSV, "1,\"open\n", 100));
    assertEquals("22P04", e.sqlState());
    assertEquals("unterminated CSV quoted field", e.getMessage());
  }
}
