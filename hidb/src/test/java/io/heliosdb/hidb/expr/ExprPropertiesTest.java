package io.heliosdb.hidb.expr;

import static io.heliosdb.hidb.expr.E.call;
import static io.heliosdb.hidb.expr.E.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.proto.Operator;
import io.heliosdb.hidb.types.DataType;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Property tests tying the evaluator to independent references. */
class ExprPropertiesTest {
  private static final List<DataType> TWO_TEXTS = List.of(DataType.TEXT, DataType.TEXT);
  private static final CompiledExpr LIKE = ExprEvaluator.compile(call(Operator.LIKE, col(0), col(1)), TWO_TEXTS, List.of());

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withChars("ab%_\\").ofMaxLength(7);
  }

  /** LIKE agrees with a regular expression built from the same pattern (backslash escapes). */
  @Property(tries = 3000)
  void likeMatchesRegexReference(@ForAll("texts") String text, @ForAll("texts") String pattern) {
    if (pattern.endsWith("\\") && !pattern.endsWith("\\\\")) {
      return; // invalid pattern, tested separately
    }
    Boolean expected;
    try {
      expected = toRegex(pattern).matcher(text).matches();
    } catch (IllegalArgumentException e) {
      return;
    }
    assertEquals(expected, LIKE.evaluate(new Object[] {text, pattern}), () -> text + " LIKE " + pattern);
  }

  private static Pattern toRegex(String like) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\') {
        if (++i >= like.length()) {
          throw new IllegalArgumentException();
        }
        re.append(Pattern.quote(String.valueOf(like.charAt(i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Mixed-type numeric comparison (BIGINT vs NUMERIC) agrees with exact BigDecimal comparison. */
  @Property(tries = 2000)
  void mixedNumericComparisonIsExact(@ForAll long a, @ForAll BigDecimal b) {
    List<DataType> types = List.of(DataType.BIGINT, DataType.NUMERIC);
    CompiledExpr lt = ExprEvaluator.compile(call(Operator.LT, col(0), col(1)), types, List.of());
    CompiledExpr eq = ExprEvaluator.compile(call(Operator.EQ, col(0), col(1)), types, List.of());
    int c = BigDecimal.valueOf(a).compareTo(b);
    assertEquals(c < 0, lt.evaluate(new Object[] {a, b}));
    assertEquals(c == 0, eq.evaluate(new Object[] {a, b}));
  }

  /** The evaluator's LT on doubles agrees with the order of KeyCodec encodings (what range scans use). */
  @Property(tries = 2000)
  void doubleComparisonAgreesWithKeyOrder(@ForAll double a, @ForAll double b) {
    List<DataType> types = List.of(DataType.DOUBLE, DataType.DOUBLE);
    CompiledExpr lt = ExprEvaluator.compile(call(Operator.LT, col(0), col(1)), types, List.of());
    List<DataType> one = List.of(DataType.DOUBLE);
    boolean keyLess = KeyCodec.compare(KeyCodec.encode(one, new Object[] {a}), KeyCodec.encode(one, new Object[] {b})) < 0;
    assertEquals(keyLess, lt.evaluate(new Object[] {a, b}));
  }
}
