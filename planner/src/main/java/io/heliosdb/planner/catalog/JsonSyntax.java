package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;

/**
 * Checks that a text is one JSON value (RFC 8259), as PostgreSQL's json / jsonb input functions
 * do; failures are 22P02 "invalid input syntax for type json". Recursive descent with a depth
 * limit, so hostile input cannot exhaust the stack.
 */
final class JsonSyntax {
  private static final int MAX_DEPTH = 1000;

  private final String text;
  private int at;

  private JsonSyntax(String text) {
    this.text = text;
  }

  /** The text itself when it is valid JSON (null stays null), else the PostgreSQL error. */
  static String check(String text, String typeName) {
    if (text == null) {
      return null;
    }
    JsonSyntax p = new JsonSyntax(text);
    p.space();
    boolean ok = p.value(0);
    p.space();
    if (!ok || p.at != text.length()) {
      // PostgreSQL's message names json for both json and jsonb input.
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type json");
    }
    return text;
  }

  private void space() {
    while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
      at++;
    }
  }

  private boolean value(int depth) {
    if (depth > MAX_DEPTH || at >= text.length()) {
      return false;
    }
    char c = text.charAt(at);
    switch (c) {
      case '{' -> {
        at++;
        space();
        if (peek('}')) {
          return true;
        }
        do {
          space();
          if (!string()) {
            return false;
          }
          space();
          if (!peek(':')) {
            return false;
          }
          space();
          if (!value(depth + 1)) {
            return false;
          }
          space();
        } while (peek(','));
        return peek('}');
      }
      case '[' -> {
        at++;
        space();
        if (peek(']')) {
          return true;
        }
        do {
          space();
          if (!value(depth + 1)) {
            return false;
          }
          space();
        } while (peek(','));
        return peek(']');
      }
      case '"' -> {
        return string();
      }
      case 't' -> {
        return word("true");
      }
      case 'f' -> {
        return word("false");
      }
      case 'n' -> {
        return word("null");
      }
      default -> {
        return number();
      }
    }
  }

  private boolean peek(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private boolean word(String w) {
    if (text.startsWith(w, at)) {
      at += w.length();
      return true;
    }
    return false;
  }

  private boolean string() {
    if (!peek('"')) {
      return false;
    }
    while (at < text.length()) {
      char c = text.charAt(at++);
      if (c == '"') {
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c == '\\') {
        if (at >= text.length()) {
          return false;
        }
        char e = text.charAt(at++);
        if (e == 'u') {
          if (at + 4 > text.length()) {
            return false;
          }
          for (int i = 0; i < 4; i++) {
            if (Character.digit(text.charAt(at++), 16) < 0) {
              return false;
            }
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          return false;
        }
      }
    }
    return false;
  }

  private boolean number() {
    int start = at;
    peek('-');
    if (peek('0')) {
      // no leading zeros
    } else if (!digits()) {
      return false;
    }
    if (peek('.') && !digits()) {
      return false;
    }
    if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
      at++;
      if (!peek('+')) {
        peek('-');
      }
      if (!digits()) {
        return false;
      }
    }
    return at > start;
  }

  private boolean digits() {
    int start = at;
    while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
      at++;
    }
    return at > start;
  }
}
