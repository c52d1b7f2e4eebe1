package io.heliosdb.planner.dialect.mysql;

import io.heliosdb.planner.dialect.mysql.MySqlLexer.Kind;
import io.heliosdb.planner.dialect.mysql.MySqlLexer.Token;
import io.heliosdb.planner.sql.NormalizedStatement;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.StatementNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planner text of recently run MySQL statements by shape (the statement with its string and
 * number literals blanked), so a statement re-sent with other values skips translation, the
 * planner's lexer and literal lifting: its literals go straight from the MySQL tokens into the
 * parameters of the normalized text the first statement of that shape produced.
 *
 * <p>A shape is kept only when that is exact: each literal the planner lifted came from exactly one
 * MySQL literal token translated on its own, with the same value; every other literal (LIMIT
 * counts, select-list constants) must have the same text to reuse the entry. Statements whose
 * translation depends on session state (system and user variables, DATABASE(), LAST_INSERT_ID()
 * and other argument-less session functions) or copies literal text elsewhere (select-list
 * labels) are never kept. The templates themselves live in a {@link MySqlTemplateStore} shared
 * by the server's sessions, under the session's translation context; this front (the context and
 * the last shape seen) is one instance per session and not thread-safe.
 */
final class MySqlStatementTemplates {
  /** Longer statements (huge multi-row INSERTs) are not kept, to bound the memory a session holds. */
  private static final int MAX_SQL_LENGTH = 256 * 1024;

  /**
   * @param literalParameter per literal token (in order): the parameter it fills, or -1 when it stays text
   * @param fixedText per literal token that stays text: its text, which a reusing statement must repeat
   * @param parameters how many parameters the normalized text has
   */
  record Template(String normalizedText, int[] literalParameter, String[] fixedText, int parameters) {}

  /** A shape seen whose statements cannot be templated; remembered so it is not tried again. */
  static final Template UNUSABLE = new Template(null, null, null, 0);

  private final MySqlTemplateStore store;
  /** The session's translation context: templates learnt under another one do not apply. */
  private String context = "";

  /** Templates in {@code store} (shared by the server's sessions). */
  MySqlStatementTemplates(MySqlTemplateStore store) {
    this.store = store;
  }

  /** Templates of this instance alone. */
  MySqlStatementTemplates() {
    this(new MySqlTemplateStore());
  }

  /** The session's translation context changed (USE, SET): only templates learnt under it apply. */
  void context(String context) {
    this.context = context;
  }

  /** The shape {@link #shapeOf} found last: statements of one shape tend to come in runs. */
  private String lastShape;

  /**
   * {@link #shape}, but when the statement has the shape of the one before, that same string:
   * checking a 40 KB multi-row INSERT against it costs no copy, and the map lookup of a string
   * already there hashes and compares nothing.
   */
  String shapeOf(String sql, List<Token> tokens) {
    String last = lastShape;
    if (last != null && hasShape(last, sql, tokens)) {
      return last;
    }
    String shape = shape(sql, tokens);
    if (shape != null) {
      lastShape = shape;
    }
    return shape;
  }

  /** Whether {@code shape(sql, tokens)} would equal {@code shape} (a non-null shape), without building it. */
  static boolean hasShape(String shape, String sql, List<Token> tokens) {
    int[] at = {0}; // position in shape
    return walkShape(sql, tokens, (from, to, literalFollows) -> {
      int length = to - from;
      if (!literalFollows) {
        return at[0] + length == shape.length() && sql.regionMatches(from, shape, at[0], length);
      }
      if (at[0] + length >= shape.length() || shape.charAt(at[0] + length) != '\u0001'
          || !sql.regionMatches(from, shape, at[0], length)) {
        return false;
      }
      at[0] += length + 1;
      return true;
    });
  }

  /**
   * The shape of a statement that may be templated, or null: its text with every string and number
   * literal replaced by \u0001.
   */
  static String shape(String sql, List<Token> tokens) {
    StringBuilder key = new StringBuilder(sql.length());
    boolean templatable = walkShape(sql, tokens, (from, to, literalFollows) -> {
      key.append(sql, from, to);
      if (literalFollows) {
        key.append('\u0001');
      }
      return true;
    });
    return templatable ? key.toString() : null;
  }

  /** Receives a statement's text between its literals: [from, to), then a literal unless it is the end. */
  private interface ShapeText {
    boolean accept(int from, int to, boolean literalFollows);
  }

  /**
   * Decides whether a statement may be templated and hands its text between literals to
   * {@code text}; false when it may not be, or when {@code text} stops the walk. The one place that
   * says what a shape is, for {@link #shape} and {@link #hasShape}.
   */
  private static boolean walkShape(String sql, List<Token> tokens, ShapeText text) {
    if (sql.length() > MAX_SQL_LENGTH || tokens.isEmpty()) {
      return false;
    }
    int copied = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      switch (t.kind()) {
        case SYSTEM_VARIABLE, USER_VARIABLE, PLACEHOLDER, SEMICOLON -> {
          return false;
        }
        case WORD -> {
          // an argument-less call: DATABASE(), LAST_INSERT_ID(), NOW() ... may read session state
          if (i + 2 < tokens.size() && tokens.get(i + 1).isPunct("(") && tokens.get(i + 2).isPunct(")")) {
            return false;
          }
        }
        case STRING, NUMBER -> {
          if (!t.terminated() || !text.accept(copied, t.start(), true)) {
            return false;
          }
          copied = t.end();
        }
        default -> {
          if (!t.terminated()) {
            return false;
          }
        }
      }
    }
    return text.accept(copied, sql.length(), false);
  }

  /** The lifted form of a statement of a kept shape, or null (not kept, or a fixed literal differs). */
  NormalizedStatement lift(String shape, List<Token> tokens) {
    Template template = store.get(context, shape);
    if (template == null || template == UNUSABLE) {
      return null;
    }
    Object[] values = new Object[template.parameters()];
    int literal = 0;
    for (Token t : tokens) {
      if (t.kind() != Kind.STRING && t.kind() != Kind.NUMBER) {
        continue;
      }
      int parameter = template.literalParameter()[literal];
      if (parameter < 0) {
        if (!t.text().equals(template.fixedText()[literal])) {
          return null;
        }
      } else {
        if (t.kind() == Kind.NUMBER && !isPlainNumber(t)) {
          return null; // 0x1F, 1e5: both lexers agree only on plain decimals
        }
        values[parameter] = valueOf(t);
      }
      literal++;
    }
    store.hit();
    return new NormalizedStatement(template.normalizedText(), java.util.Arrays.asList(values), null, 0);
  }

  /** Marks a shape unusable: its lifted form did not run (the literals did not fit the plan). */
  void unusable(String shape) {
    store.put(context, shape, UNUSABLE);
  }

  /** Whether the shape was already found unusable (its statements take the full path without a try). */
  boolean isUnusable(String shape) {
    return store.get(context, shape) == UNUSABLE;
  }

  /**
   * Learns the template of {@code shape} from one statement's translation {@code traced}; keeps
   * {@link #UNUSABLE} when the literals cannot be mapped exactly.
   */
  void learn(String shape, List<Token> tokens, MySqlTranslator.Traced traced) {
    Template template = null;
    try {
      template = templateOf(tokens, traced);
    } catch (RuntimeException e) {
      // the planner text does not lex or lift: the statement's own run reports that
    }
    store.put(context, shape, template == null ? UNUSABLE : template);
  }

  private static Template templateOf(List<Token> tokens, MySqlTranslator.Traced traced) {
    if (traced.labelled()) {
      return null;
    }
    String text = traced.text();
    List<SqlLexer.Token> pgTokens = SqlLexer.tokenize(text);
    if (pgTokens.isEmpty()) {
      return null;
    }
    for (Token t : tokens) {
      if (t.isWord("for") || t.isWord("lock")) {
        return null; // FOR UPDATE / SHARE, LOCK IN SHARE MODE: the planner takes the clause off the text first
      }
    }
    SqlLexer.Token head = pgTokens.get(0);
    if (!(head.isWord("select") || head.isWord("insert") || head.isWord("update") || head.isWord("delete"))) {
      return null;
    }
    List<Integer> liftedStarts = new ArrayList<>();
    NormalizedStatement n = StatementNormalizer.liftLiterals(text, pgTokens, liftedStarts);
    if (n.liftedLiterals().isEmpty()) {
      return null;
    }
    Map<Integer, Integer> parameterAt = new java.util.HashMap<>();
    for (int p = 0; p < liftedStarts.size(); p++) {
      parameterAt.put(liftedStarts.get(p), p);
    }
    List<Integer> literalParameter = new ArrayList<>();
    List<String> fixedText = new ArrayList<>();
    int mapped = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.kind() != Kind.STRING && t.kind() != Kind.NUMBER) {
        continue;
      }
      Integer p = traced.literalStarts()[i] < 0 ? null : parameterAt.get(traced.literalStarts()[i]);
      if (p == null) {
        literalParameter.add(-1);
        fixedText.add(t.text());
        continue;
      }
      if (t.kind() == Kind.NUMBER && !isPlainNumber(t)) {
        return null;
      }
      Object expected = n.liftedLiterals().get(p);
      Object value = valueOf(t);
      if (expected == null || !expected.equals(value) || expected.getClass() != value.getClass()) {
        return null;
      }
      literalParameter.add(p);
      fixedText.add(null);
      mapped++;
    }
    if (mapped != liftedStarts.size()) {
      return null; // a lifted literal that no MySQL literal token produced on its own
    }
    return new Template(n.text(), literalParameter.stream().mapToInt(Integer::intValue).toArray(),
        fixedText.toArray(new String[0]), liftedStarts.size());
  }

  /** Digits with at most one inner '.': what both lexers read as one number token. */
  private static boolean isPlainNumber(Token t) {
    String src = t.source() == null ? t.text() : t.source();
    int from = t.source() == null ? 0 : t.start();
    int to = t.source() == null ? src.length() : t.end();
    int n = to - from;
    if (n == 0 || n > 30 || src.charAt(from) == '.' || src.charAt(to - 1) == '.') {
      return false;
    }
    boolean dot = false;
    for (int i = from; i < to; i++) {
      char c = src.charAt(i);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * What liftLiterals makes of the planner translation of one MySQL literal token; strings and
   * short integers are read from the statement text without cutting the token's text first.
   */
  private static Object valueOf(Token t) {
    if (t.kind() == Kind.STRING) {
      return MySqlLexer.stringValue(t);
    }
    if (t.source() != null && t.end() - t.start() <= 9) {
      String src = t.source();
      int v = 0;
      int i = t.start();
      for (; i < t.end(); i++) {
        char c = src.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        v = v * 10 + (c - '0');
      }
      if (i == t.end() && i > t.start()) {
        return v; // as StatementNormalizer.numberValue: up to 9 digits is an Integer
      }
    }
    return StatementNormalizer.numberValue(t.text());
  }
}
