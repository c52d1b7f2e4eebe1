package io.heliosdb.planner.sequence;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.SequenceDescriptor.Generation;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;

/** CREATE SEQUENCE and DROP SEQUENCE as catalog commands (read with the lexer; JSqlParser's grammar is partial here). */
public final class SequenceDdl {
  private SequenceDdl() {}

  /** True for CREATE [TEMP] SEQUENCE / DROP SEQUENCE / ALTER SEQUENCE. */
  public static boolean isSequenceStatement(List<Token> t) {
    return t.size() > 2 && (t.get(1).isWord("sequence")
        || (t.get(0).isWord("create") && (t.get(1).isWord("temp") || t.get(1).isWord("temporary"))
            && t.get(2).isWord("sequence")));
  }

  public static CatalogCommand.CreateSequence create(List<Token> t, String defaultSchema) {
    int i = 2;
    if (t.get(1).isWord("temp") || t.get(1).isWord("temporary")) {
      throw HeliosException.notSupported("temporary sequences");
    }
    boolean ifNotExists = false;
    if (i + 2 < t.size() && t.get(i).isWord("if") && t.get(i + 1).isWord("not") && t.get(i + 2).isWord("exists")) {
      ifNotExists = true;
      i += 3;
    }
    int[] at = {i};
    List<String> name = SqlLexer.qualifiedName(t, at);
    List<String> words = new ArrayList<>();
    for (int k = at[0]; k < t.size(); k++) {
      if (t.get(k).kind() != Kind.SEMICOLON) {
        words.add(t.get(k).text());
      }
    }
    String schema = name.size() > 1 ? name.get(0) : defaultSchema;
    SequenceDescriptor s = SequenceOptions.parse(schema, name.get(name.size() - 1), words, DataType.BIGINT, null,
        Generation.NONE);
    return new CatalogCommand.CreateSequence(s, ifNotExists);
  }

  /** DROP SEQUENCE [IF EXISTS] a [, b ...] [CASCADE | RESTRICT]: one command per name. */
  public static List<CatalogCommand.DropSequence> drop(List<Token> t, String defaultSchema) {
    int i = 2;
    boolean ifExists = false;
    if (i + 1 < t.size() && t.get(i).isWord("if") && t.get(i + 1).isWord("exists")) {
      ifExists = true;
      i += 2;
    }
    List<CatalogCommand.DropSequence> out = new ArrayList<>();
    int[] at = {i};
    while (true) {
      List<String> name = SqlLexer.qualifiedName(t, at);
      out.add(new CatalogCommand.DropSequence(name.size() > 1 ? name.get(0) : defaultSchema,
          name.get(name.size() - 1), ifExists));
      if (at[0] < t.size() && t.get(at[0]).text().equals(",")) {
        at[0]++;
        continue;
      }
      break;
    }
    for (int k = at[0]; k < t.size(); k++) {
      Token tok = t.get(k);
      if (!(tok.isWord("cascade") || tok.isWord("restrict") || tok.kind() == Kind.SEMICOLON)) {
        throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + tok.text() + "\"");
      }
    }
    return out;
  }

  /** ALTER SEQUENCE [IF EXISTS] name RESTART [[WITH] n]: the sequence and the value to restart at (null = START). */
  public record Restart(String schema, String name, boolean ifExists, Long value) {}

  /**
   * ALTER SEQUENCE ... RESTART [[WITH] n] only: the catalog keeps a sequence's options immutable
   * (metadata.proto has no command to change them), so INCREMENT, MIN/MAXVALUE, CACHE, CYCLE and
   * OWNED BY are refused with 0A000 rather than ignored.
   */
  public static Restart alter(List<Token> t, String defaultSchema) {
    int i = 2;
    boolean ifExists = false;
    if (i + 1 < t.size() && t.get(i).isWord("if") && t.get(i + 1).isWord("exists")) {
      ifExists = true;
      i += 2;
    }
    int[] at = {i};
    List<String> name = SqlLexer.qualifiedName(t, at);
    i = at[0];
    Long value = null;
    boolean restart = false;
    while (i < t.size() && t.get(i).kind() != Kind.SEMICOLON) {
      Token tok = t.get(i);
      if (!tok.isWord("restart")) {
        throw HeliosException.notSupported("ALTER SEQUENCE ... " + tok.text().toUpperCase(java.util.Locale.ROOT));
      }
      restart = true;
      i++;
      if (i < t.size() && t.get(i).isWord("with")) {
        i++;
      }
      if (i < t.size() && (t.get(i).kind() == Kind.NUMBER || t.get(i).text().equals("-"))) {
        boolean negative = t.get(i).text().equals("-");
        if (negative) {
          i++;
        }
        try {
          value = Long.parseLong((negative ? "-" : "") + t.get(i).text());
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \""
              + (i < t.size() ? t.get(i).text() : "end of input") + "\"");
        }
        i++;
      }
    }
    if (!restart) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    return new Restart(name.size() > 1 ? name.get(0) : defaultSchema, name.get(name.size() - 1), ifExists, value);
  }
}
