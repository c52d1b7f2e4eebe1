package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;

/**
 * A compiled SQL LIKE pattern: {@code %} matches any run of characters, {@code _} exactly one code
 * point, and the escape character (backslash by default, none when the ESCAPE string is empty) makes the
 * next character literal. Matching walks the text once with single-point backtracking to the last
 * {@code %}, allocating nothing. ILIKE folds case per code point (upper then lower case).
 */
final class LikePattern {
  private static final int ANY_RUN = -1;   // %
  private static final int ANY_ONE = -2;   // _

  private final int[] tokens;
  private final boolean caseInsensitive;

  private LikePattern(int[] tokens, boolean caseInsensitive) {
    this.tokens = tokens;
    this.caseInsensitive = caseInsensitive;
  }

  /** Compiles {@code pattern}; {@code escape} is null for the default backslash, "" for no escape. */
  static LikePattern compile(String pattern, String escape, boolean caseInsensitive) {
    int escapeChar = '\\';
    if (escape != null) {
      if (escape.isEmpty()) {
        escapeChar = -1;
      } else if (escape.codePointCount(0, escape.length()) == 1) {
        escapeChar = escape.codePointAt(0);
      } else {
        throw new HeliosException(ErrorCode.DATA_EXCEPTION, "invalid escape string: must be empty or one character");
      }
    }
    int[] tokens = new int[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); ) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == escapeChar) {
        if (i >= pattern.length()) {
          throw new HeliosException(ErrorCode.DATA_EXCEPTION, "LIKE pattern must not end with escape character");
        }
        int literal = pattern.codePointAt(i);
        i += Character.charCount(literal);
        tokens[n++] = caseInsensitive ? fold(literal) : literal;
      } else if (cp == '%') {
        if (n == 0 || tokens[n - 1] != ANY_RUN) {
          tokens[n++] = ANY_RUN;
        }
      } else if (cp == '_') {
        tokens[n++] = ANY_ONE;
      } else {
        tokens[n++] = caseInsensitive ? fold(cp) : cp;
      }
    }
    return new LikePattern(java.util.Arrays.copyOf(tokens, n), caseInsensitive);
  }

  private static int fold(int cp) {
    return Character.toLowerCase(Character.toUpperCase(cp));
  }

  boolean matches(String text) {
    int ti = 0;
    int pi = 0;
    int runToken = -1; // index of the last % seen
    int runText = 0;   // text position that % currently extends to
    int n = tokens.length;
    while (ti < text.length()) {
      if (pi < n) {
        int token = tokens[pi];
        if (token == ANY_RUN) {
          runToken = pi++;
          runText = ti;
          continue;
        }
        int cp = text.codePointAt(ti);
        if (token == ANY_ONE || token == (caseInsensitive ? fold(cp) : cp)) {
          ti += Character.charCount(cp);
          pi++;
          continue;
        }
      }
      if (runToken < 0) {
        return false;
      }
      // let the last % swallow one more character and retry the rest of the pattern
      pi = runToken + 1;
      runText += Character.charCount(text.codePointAt(runText));
      ti = runText;
    }
    while (pi < n && tokens[pi] == ANY_RUN) {
      pi++;
    }
    return pi == n;
  }
}
