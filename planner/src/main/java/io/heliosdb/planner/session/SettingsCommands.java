package io.heliosdb.planner.session;

import io.heliosdb.planner.api.ResultCursor;
import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SET, RESET and SHOW, read from tokens (their grammar is small and PostgreSQL-specific). */
final class SettingsCommands {
  private SettingsCommands() {}

  static StatementResult set(SessionSettings settings, List<Token> t, String sql) {
    int i = 1;
    boolean local = i < t.size() && t.get(i).isWord("local");
    if (i < t.size() && (t.get(i).isWord("session") || t.get(i).isWord("local"))
        && !(i + 1 < t.size() && t.get(i + 1).isWord("authorization"))) {
      i++;
    }
    if (i < t.size() && t.get(i).isWord("characteristics")) {
      return transactionCharacteristics(settings, t, i + 3, "default_transaction_isolation");
    }
    if (i < t.size() && t.get(i).isWord("transaction")) {
      return transactionCharacteristics(settings, t, i + 1, "transaction_isolation");
    }
    if (i + 1 < t.size() && t.get(i).isWord("time") && t.get(i + 1).isWord("zone")) {
      return assign(settings, "TimeZone", value(t, i + 2, sql), local);
    }
    if (i + 1 < t.size() && t.get(i).isWord("session") && t.get(i + 1).isWord("authorization")
        || i < t.size() && t.get(i).isWord("authorization")) {
      throw HeliosException.notSupported("SET SESSION AUTHORIZATION");
    }
    if (i >= t.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    StringBuilder name = new StringBuilder(unquote(t.get(i).text()));
    i++;
    while (i + 1 < t.size() && t.get(i).text().equals(".")) {
      name.append('.').append(unquote(t.get(i + 1).text()));
      i += 2;
    }
    if (i >= t.size() || !(t.get(i).isWord("to") || t.get(i).text().equals("="))) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \""
          + (i < t.size() ? t.get(i).text() : "end of input") + "\"");
    }
    String v = value(t, i + 1, sql);
    return assign(settings, name.toString(), v, local);
  }

  private static StatementResult transactionCharacteristics(SessionSettings settings, List<Token> t, int i, String key) {
    // ISOLATION LEVEL x [y] | READ ONLY | READ WRITE | DEFERRABLE, in any order, commas optional
    while (i < t.size()) {
      if (i + 2 < t.size() && t.get(i).isWord("isolation") && t.get(i + 1).isWord("level")) {
        StringBuilder level = new StringBuilder(t.get(i + 2).text().toLowerCase(Locale.ROOT));
        i += 3;
        // only READ COMMITTED / READ UNCOMMITTED / REPEATABLE READ have a second word
        if (i < t.size() && t.get(i).kind() == Kind.WORD
            && (level.toString().equals("read") || level.toString().equals("repeatable"))) {
          level.append(' ').append(t.get(i).text().toLowerCase(Locale.ROOT));
          i++;
        }
        settings.set(key, level.toString());
      } else if (i + 1 < t.size() && t.get(i).isWord("read")) {
        settings.set(key.equals("transaction_isolation") ? "transaction_read_only" : "default_transaction_read_only",
            t.get(i + 1).isWord("only") ? "on" : "off");
        i += 2;
      } else {
        i++;
      }
    }
    return StatementResult.command("SET");
  }

  private static String value(List<Token> t, int from, String sql) {
    if (from >= t.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    if (t.get(from).isWord("default")) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = from; i < t.size(); i++) {
      Token tok = t.get(i);
      if (tok.text().equals(",")) {
        parts.add(current.toString());
        current.setLength(0);
        continue;
      }
      String piece = switch (tok.kind()) {
        case STRING -> SqlLexer.stringValue(tok.text());
        case QUOTED_IDENT -> "\"" + unquote(tok.text()) + "\"";
        default -> tok.text();
      };
      if (current.length() > 0 && tok.kind() != Kind.OPERATOR && !current.toString().endsWith("-")) {
        current.append(' ');
      }
      current.append(piece);
    }
    parts.add(current.toString());
    return String.join(", ", parts);
  }

  /** Settings whose values SET checks or rewrites (set_config() leaves them to SET). */
  static boolean isChecked(String lowerName) {
    return switch (lowerName) {
      case "client_encoding", "standard_conforming_strings", "statement_timeout", "extra_float_digits", "datestyle",
          "transaction_isolation", "default_transaction_isolation", "transaction_read_only",
          "default_transaction_read_only", "search_path", "lock_timeout" -> true;
      default -> false;
    };
  }

  private static StatementResult assign(SessionSettings settings, String name, String value, boolean local) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (!settings.known(lower) && !lower.contains(".")) {
      throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }
    String canonical;
    if (value == null) {
      canonical = settings.reset(lower, local);
    } else {
      if (lower.equals("client_encoding")) {
        String enc = value.toUpperCase(Locale.ROOT).replace("-", "");
        if (!enc.equals("UTF8") && !enc.equals("UNICODE")) {
          throw HeliosException.notSupported("client_encoding " + value + " (only UTF8)");
        }
        value = "UTF8";
      }
      if (lower.equals("standard_conforming_strings") && !value.equalsIgnoreCase("on")) {
        throw HeliosException.notSupported("standard_conforming_strings = off");
      }
      if (lower.equals("statement_timeout") || lower.equals("extra_float_digits")) {
        try {
          Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          if (lower.equals("extra_float_digits")) {
            throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
                "invalid value for parameter \"" + name + "\": \"" + value + "\"");
          }
        }
      }
      canonical = settings.set(lower, value, local);
    }
    if (local && !settings.inBlock()) {
      StatementResult done = StatementResult.command("SET");
      return done; // the caller adds PostgreSQL's warning: SET LOCAL outside a block does nothing
    }
    if (settings.isReported(canonical)) {
      return new StatementResult("SET", List.of(), io.heliosdb.planner.api.ResultCursor.EMPTY, 0,
          Map.of(canonical, settings.get(canonical)));
    }
    return StatementResult.command("SET");
  }

  static StatementResult reset(SessionSettings settings, List<Token> t) {
    if (t.size() < 2) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    if (t.get(1).isWord("all")) {
      Map<String, String> before = settings.reported();
      for (String name : settings.all().keySet()) {
        if (!name.equalsIgnoreCase("session_authorization") && !name.equalsIgnoreCase("is_superuser")) {
          settings.reset(name);
        }
      }
      Map<String, String> changed = new java.util.LinkedHashMap<>();
      settings.reported().forEach((name, value) -> {
        if (value != null && !value.equals(before.get(name))) {
          changed.put(name, value);
        }
      });
      return new StatementResult("RESET", List.of(), io.heliosdb.planner.api.ResultCursor.EMPTY, 0, changed);
    }
    String canonical = settings.reset(unquote(t.get(1).text()));
    if (settings.isReported(canonical)) {
      return new StatementResult("RESET", List.of(), io.heliosdb.planner.api.ResultCursor.EMPTY, 0,
          Map.of(canonical, settings.get(canonical)));
    }
    return StatementResult.command("RESET");
  }

  static StatementResult show(SessionSettings settings, List<Token> t) {
    if (t.size() < 2) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    if (t.get(1).isWord("all")) {
      List<Object[]> rows = new ArrayList<>();
      for (Map.Entry<String, String> e : settings.all().entrySet()) {
        rows.add(new Object[] {e.getKey(), e.getValue(), ""});
      }
      return new StatementResult("SHOW", List.of(ColumnMeta.of("name", DataType.TEXT),
          ColumnMeta.of("setting", DataType.TEXT), ColumnMeta.of("description", DataType.TEXT)),
          ResultCursor.of(rows), rows.size(), Map.of());
    }
    String name;
    if (t.size() >= 4 && t.get(1).isWord("transaction") && t.get(2).isWord("isolation") && t.get(3).isWord("level")) {
      name = "transaction_isolation";
    } else if (t.size() >= 3 && t.get(1).isWord("time") && t.get(2).isWord("zone")) {
      name = "TimeZone";
    } else {
      StringBuilder n = new StringBuilder(unquote(t.get(1).text()));
      for (int i = 2; i + 1 < t.size() && t.get(i).text().equals("."); i += 2) {
        n.append('.').append(unquote(t.get(i + 1).text()));
      }
      name = n.toString();
    }
    String v = settings.get(name);
    if (v == null) {
      throw new HeliosException(ErrorCode.UNDEFINED_OBJECT, "unrecognized configuration parameter \"" + name + "\"");
    }
    String column = name.toLowerCase(Locale.ROOT);
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {v});
    return new StatementResult("SHOW", List.of(ColumnMeta.of(column, DataType.TEXT)),
        ResultCursor.of(rows), 1, Map.of());
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
