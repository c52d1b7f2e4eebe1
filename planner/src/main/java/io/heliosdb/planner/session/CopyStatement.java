package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.CopyFormat;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A COPY statement read from tokens (its grammar is small and PostgreSQL-specific, like SET):
 * {@code COPY table [(cols)] FROM STDIN | TO STDOUT}, {@code COPY (query) TO STDOUT}, with the
 * option list {@code WITH (FORMAT, HEADER, DELIMITER, NULL, QUOTE, ESCAPE)} or the old-style
 * {@code [WITH] [DELIMITER 'c'] [NULL 's'] [CSV [HEADER] [QUOTE 'q'] [ESCAPE 'e']]}. Server files and
 * programs are refused: compute never reads or writes server files.
 *
 * @param schema the schema as written (null when unqualified)
 * @param table the table (null for a query)
 * @param columns the column list as written (empty = all visible columns)
 * @param query the inner query of {@code COPY (query) TO} (null for a table)
 * @param from true for FROM STDIN, false for TO STDOUT
 * @param format the wire format
 */
record CopyStatement(String schema, String table, List<String> columns, String query, boolean from,
    CopyFormat format) {

  CopyStatement {
    columns = List.copyOf(columns);
  }

  /** The relation as PostgreSQL names it in error context. */
  String relation() {
    return table == null ? "query" : table;
  }

  static CopyStatement parse(String sql, List<Token> t) {
    Cursor c = new Cursor(sql, t);
    c.expectWord("copy");
    String schema = null;
    String table = null;
    String query = null;
    List<String> columns = new ArrayList<>();
    if (c.isPunct("(")) {
      int open = c.pos;
      int close = c.matching(open);
      query = sql.substring(t.get(open).end(), t.get(close).start()).strip();
      if (query.isEmpty()) {
        throw c.syntaxError();
      }
      c.pos = close + 1;
    } else {
      table = c.identifier();
      if (c.isPunct(".")) {
        c.pos++;
        schema = table;
        table = c.identifier();
      }
      if (c.isPunct("(")) {
        c.pos++;
        while (true) {
          columns.add(c.identifier());
          if (c.isPunct(",")) {
            c.pos++;
          } else {
            c.expectPunct(")");
            break;
          }
        }
      }
    }
    boolean from;
    if (c.isWord("from")) {
      from = true;
    } else if (c.isWord("to")) {
      from = false;
    } else {
      throw c.syntaxError();
    }
    if (from && query != null) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"from\"");
    }
    c.pos++;
    if (c.isWord("program") || c.peekKind() == Kind.STRING) {
      throw HeliosException.notSupported("COPY " + (from ? "from" : "to")
          + " a server file or program (use " + (from ? "FROM STDIN" : "TO STDOUT") + ")");
    }
    if (from ? !c.isWord("stdin") : !c.isWord("stdout")) {
      throw c.syntaxError();
    }
    c.pos++;
    CopyFormat format = options(c);
    if (c.pos < t.size()) {
      if (c.isWord("where")) {
        throw HeliosException.notSupported("COPY FROM ... WHERE");
      }
      throw c.syntaxError();
    }
    return new CopyStatement(schema, table, columns, query, from, format);
  }

  /** Reads either option syntax into a format, checked as PostgreSQL checks it. */
  private static CopyFormat options(Cursor c) {
    Options o = new Options();
    if (c.isWord("with")) {
      c.pos++;
    }
    if (c.isPunct("(")) {
      c.pos++;
      while (true) {
        String name = c.word();
        switch (name) {
          case "format" -> o.format(c.word());
          case "header" -> o.header = c.optionalBoolean(true);
          case "delimiter" -> o.delimiter = c.string();
          case "null" -> o.nullString = c.string();
          case "quote" -> o.quote = c.string();
          case "escape" -> o.escape = c.string();
          case "freeze" -> c.optionalBoolean(true);
          case "encoding" -> o.encoding(c.string());
          case "force_quote", "force_not_null", "force_null", "default", "on_error", "log_verbosity" ->
              throw HeliosException.notSupported("COPY option \"" + name + "\"");
          default -> throw new HeliosException(ErrorCode.SYNTAX_ERROR, "option \"" + name + "\" not recognized");
        }
        if (c.isPunct(",")) {
          c.pos++;
        } else {
          c.expectPunct(")");
          break;
        }
      }
      return o.build();
    }
    // Old-style options (still what psql's \copy ... csv header and many scripts send).
    while (c.pos < c.tokens.size() && c.peekKind() == Kind.WORD && !c.isWord("where")) {
      String word = c.word();
      switch (word) {
        case "binary" -> o.format("binary");
        case "csv" -> o.format("csv");
        case "header" -> o.header = true;
        case "delimiter" -> o.delimiter = c.stringAfterOptionalAs();
        case "null" -> o.nullString = c.stringAfterOptionalAs();
        case "quote" -> o.quote = c.stringAfterOptionalAs();
        case "escape" -> o.escape = c.stringAfterOptionalAs();
        case "force" -> throw HeliosException.notSupported("COPY option FORCE");
        default -> throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + word + "\"");
      }
    }
    return o.build();
  }

  /** Option values as given, checked and defaulted by {@link #build()}. */
  private static final class Options {
    boolean csv;
    boolean formatSeen;
    boolean header;
    String delimiter;
    String nullString;
    String quote;
    String escape;

    void format(String name) {
      if (formatSeen) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "conflicting or redundant options");
      }
      formatSeen = true;
      switch (name) {
        case "text" -> csv = false;
        case "csv" -> csv = true;
        case "binary" -> throw HeliosException.notSupported("COPY format \"binary\"");
        default -> throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "COPY format \"" + name + "\" not recognized");
      }
    }

    void encoding(String name) {
      String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
      if (!n.equals("utf8") && !n.equals("unicode")) {
        throw HeliosException.notSupported("COPY encoding \"" + name + "\" (only UTF8)");
      }
    }

    CopyFormat build() {
      CopyFormat base = csv ? CopyFormat.CSV : CopyFormat.TEXT;
      char d = delimiter == null ? base.delimiter() : oneByte(delimiter, "COPY delimiter");
      String nul = nullString == null ? base.nullString() : nullString;
      if (!csv && (quote != null || escape != null)) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "COPY " + (quote != null ? "quote" : "escape")
            + " available only in CSV mode");
      }
      if (!csv && header) {
        // PostgreSQL 15+ accepts HEADER for text too: the first line is skipped on input, written on output.
        return new CopyFormat(false, true, d, nul, '"', '"');
      }
      char q = quote == null ? base.quote() : oneByte(quote, "COPY quote");
      char e = escape == null ? q : oneByte(escape, "COPY escape");
      if (d == '\r' || d == '\n') {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "COPY delimiter cannot be newline or carriage return");
      }
      if (!csv && (d == '\\' || "abcdefghijklmnopqrstuvwxyz0123456789.".indexOf(Character.toLowerCase(d)) >= 0)) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "COPY delimiter cannot be \"" + d + "\"");
      }
      if (csv && d == q) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "COPY delimiter and quote must be different");
      }
      if (nul.indexOf('\n') >= 0 || nul.indexOf('\r') >= 0) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "COPY null representation cannot use newline or carriage return");
      }
      return new CopyFormat(csv, header, d, nul, q, e);
    }

    private static char oneByte(String s, String what) {
      if (s.length() != 1 || s.charAt(0) > 0x7f) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            what + " must be a single one-byte character");
      }
      return s.charAt(0);
    }
  }

  /** A position in the token list with the small readers the grammar needs. */
  private static final class Cursor {
    final String sql;
    final List<Token> tokens;
    int pos;

    Cursor(String sql, List<Token> tokens) {
      this.sql = sql;
      this.tokens = tokens;
    }

    Kind peekKind() {
      return pos < tokens.size() ? tokens.get(pos).kind() : null;
    }

    boolean isWord(String w) {
      return pos < tokens.size() && tokens.get(pos).isWord(w);
    }

    boolean isPunct(String p) {
      return pos < tokens.size() && tokens.get(pos).kind() == Kind.PUNCT && tokens.get(pos).text().equals(p);
    }

    void expectWord(String w) {
      if (!isWord(w)) {
        throw syntaxError();
      }
      pos++;
    }

    void expectPunct(String p) {
      if (!isPunct(p)) {
        throw syntaxError();
      }
      pos++;
    }

    /** A lower-cased keyword or option name. */
    String word() {
      if (peekKind() != Kind.WORD) {
        throw syntaxError();
      }
      return tokens.get(pos++).text().toLowerCase(Locale.ROOT);
    }

    /** An identifier: unquoted folds to lower case, "quoted" keeps its spelling. */
    String identifier() {
      if (peekKind() == Kind.WORD) {
        return tokens.get(pos++).text().toLowerCase(Locale.ROOT);
      }
      if (peekKind() == Kind.QUOTED_IDENT) {
        String q = tokens.get(pos++).text();
        return q.substring(1, q.length() - 1).replace("\"\"", "\"");
      }
      throw syntaxError();
    }

    String string() {
      if (peekKind() != Kind.STRING) {
        if (peekKind() == Kind.WORD || peekKind() == Kind.NUMBER) {
          return tokens.get(pos++).text().toLowerCase(Locale.ROOT);
        }
        throw syntaxError();
      }
      return SqlLexer.stringValue(tokens.get(pos++).text());
    }

    String stringAfterOptionalAs() {
      if (isWord("as")) {
        pos++;
      }
      return string();
    }

    /** An option's boolean value, or {@code absent} when the option has none. */
    boolean optionalBoolean(boolean absent) {
      if (isPunct(",") || isPunct(")") || pos >= tokens.size()) {
        return absent;
      }
      String v = string();
      return switch (v) {
        case "true", "on", "1" -> true;
        case "false", "off", "0" -> false;
        case "match" -> throw HeliosException.notSupported("HEADER MATCH");
        default -> throw new HeliosException(ErrorCode.SYNTAX_ERROR, "header requires a Boolean value");
      };
    }

    int matching(int open) {
      int depth = 0;
      for (int i = open; i < tokens.size(); i++) {
        Token tok = tokens.get(i);
        if (tok.kind() == Kind.PUNCT && tok.text().equals("(")) {
          depth++;
        } else if (tok.kind() == Kind.PUNCT && tok.text().equals(")") && --depth == 0) {
          return i;
        }
      }
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }

    HeliosException syntaxError() {
      return new HeliosException(ErrorCode.SYNTAX_ERROR, pos < tokens.size()
          ? "syntax error at or near \"" + tokens.get(pos).text() + "\"" : "syntax error at end of input");
    }
  }
}
