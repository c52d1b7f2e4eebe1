package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the index and constraint DDL JSqlParser does not cover well enough, token by token:
 * CREATE [UNIQUE] INDEX, DROP INDEX, and ALTER TABLE ADD/DROP CONSTRAINT / INDEX / KEY in both
 * the PostgreSQL and the (translated) MySQL spelling. The result is one catalog command.
 */
public final class IndexDdl {
  private final String sql;
  private final List<Token> t;
  private final String defaultSchema;
  private final Catalog catalog;
  private int i;

  private IndexDdl(String sql, String defaultSchema, Catalog catalog) {
    this.sql = sql;
    List<Token> tokens = new ArrayList<>(SqlLexer.tokenize(sql));
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).kind() == Kind.SEMICOLON) {
      tokens.remove(tokens.size() - 1);
    }
    this.t = tokens;
    this.defaultSchema = defaultSchema;
    this.catalog = catalog;
  }

  /** True for the statements this class parses. */
  public static boolean handles(List<Token> tokens) {
    if (tokens.size() < 2) {
      return false;
    }
    Token a = tokens.get(0);
    Token b = tokens.get(1);
    return (a.isWord("create") && (b.isWord("index") || (b.isWord("unique") && tokens.size() > 2
        && tokens.get(2).isWord("index"))))
        || (a.isWord("drop") && b.isWord("index"))
        || (a.isWord("alter") && b.isWord("table"));
  }

  public static CatalogCommand translate(String sql, String defaultSchema, Catalog catalog) {
    return new IndexDdl(sql, defaultSchema, catalog).statement();
  }

  private CatalogCommand statement() {
    if (accept("create")) {
      return createIndex();
    }
    if (accept("drop")) {
      expect("index");
      return dropIndex();
    }
    expect("alter");
    expect("table");
    return alterTable();
  }

  // ---------------------------------------------------------------- CREATE INDEX

  private CatalogCommand createIndex() {
    boolean unique = accept("unique");
    expect("index");
    accept("concurrently");
    boolean ifNotExists = false;
    if (peek("if")) {
      expect("if");
      expect("not");
      expect("exists");
      ifNotExists = true;
    }
    String name = null;
    if (!peek("on")) {
      name = identifier();
    }
    skipUsing();
    expect("on");
    accept("only");
    String[] table = qualifiedName();
    skipUsing();
    TableDescriptor desc = table(table);
    List<String> cols = columnList();
    if (i < t.size()) {
      throw unsupportedTail();
    }
    TableConstraints names = names(desc);
    List<Integer> idx = names.columnList(cols);
    String chosen = name != null ? name : names.choose(idx, "idx");
    return new CatalogCommand.CreateIndex(desc.schema(), desc.name(),
        new IndexDescriptor(0, chosen, idx, unique, false, false), ifNotExists);
  }

  private void skipUsing() {
    if (accept("using")) {
      String method = identifier();
      if (!method.equals("btree") && !method.equals("hash")) {
        throw HeliosException.notSupported("index access method \"" + method + "\"");
      }
    }
  }

  // ---------------------------------------------------------------- DROP INDEX

  private CatalogCommand dropIndex() {
    accept("concurrently");
    boolean ifExists = false;
    if (accept("if")) {
      expect("exists");
      ifExists = true;
    }
    String[] name = qualifiedName();
    String schema = name[0];
    if (accept("on")) { // MySQL: DROP INDEX name ON table
      String[] table = qualifiedName();
      schema = table(table).schema();
    }
    if (peek(",")) {
      throw HeliosException.notSupported("dropping several indexes in one statement");
    }
    accept("restrict");
    if (accept("cascade")) {
      throw HeliosException.notSupported("DROP INDEX ... CASCADE");
    }
    if (i < t.size()) {
      throw unsupportedTail();
    }
    return new CatalogCommand.DropIndex(schema, name[1], ifExists);
  }

  // ---------------------------------------------------------------- ALTER TABLE

  private CatalogCommand alterTable() {
    if (accept("if")) {
      expect("exists");
    }
    accept("only");
    TableDescriptor desc = table(qualifiedName());
    TableConstraints names = names(desc);
    CatalogCommand command;
    if (accept("add")) {
      command = addElement(desc, names);
    } else if (accept("drop")) {
      command = dropElement(desc);
    } else {
      throw HeliosException.notSupported("ALTER TABLE " + (i < t.size() ? t.get(i).text().toUpperCase(Locale.ROOT) : ""));
    }
    if (peek(",")) {
      throw HeliosException.notSupported("several ALTER TABLE actions in one statement");
    }
    if (i < t.size()) {
      throw unsupportedTail();
    }
    return command;
  }

  private CatalogCommand addElement(TableDescriptor desc, TableConstraints names) {
    String name = null;
    if (accept("constraint")) {
      name = identifier();
    }
    if (accept("unique")) {
      if (!accept("key")) {
        accept("index");
      }
      if (!peek("(")) {
        String keyName = identifier();
        name = name == null ? keyName : name;
      }
      List<Integer> cols = names.columnList(columnList());
      String chosen = name != null ? name : names.choose(cols, "key");
      return new CatalogCommand.CreateIndex(desc.schema(), desc.name(),
          new IndexDescriptor(0, chosen, cols, true, true, false), false);
    }
    if (name == null && (accept("index") || accept("key"))) {
      String keyName = peek("(") ? null : identifier();
      List<Integer> cols = names.columnList(columnList());
      String chosen = keyName != null ? keyName : names.choose(cols, "idx");
      return new CatalogCommand.CreateIndex(desc.schema(), desc.name(),
          new IndexDescriptor(0, chosen, cols, false, false, false), false);
    }
    if (peek("check")) {
      expect("check");
      String expr = parenthesised();
      names.check(name, expr, -1);
      return new CatalogCommand.AddConstraint(desc.schema(), desc.name(), names.constraints().get(0));
    }
    if (accept("foreign")) {
      expect("key");
      if (!peek("(")) {
        String keyName = identifier();
        name = name == null ? keyName : name;
      }
      List<Integer> cols = names.columnList(columnList());
      expect("references");
      String[] ref = qualifiedName();
      List<String> refCols = peek("(") ? columnList().stream().map(DdlTranslator::ident).toList() : List.of();
      String onDelete = null;
      String onUpdate = null;
      while (accept("on")) {
        boolean delete = accept("delete");
        if (!delete) {
          expect("update");
        }
        String action = word();
        if (action.equals("set") || action.equals("no")) {
          action = action + " " + word();
        }
        if (delete) {
          onDelete = action;
        } else {
          onUpdate = action;
        }
      }
      names.foreignKey(name, cols, ref[0], ref[1], refCols, onDelete, onUpdate);
      return new CatalogCommand.AddConstraint(desc.schema(), desc.name(), names.constraints().get(0));
    }
    if (accept("primary")) {
      throw HeliosException.notSupported("adding a primary key to an existing table");
    }
    throw HeliosException.notSupported("ALTER TABLE ADD " + (i < t.size() ? t.get(i).text() : ""));
  }

  private CatalogCommand dropElement(TableDescriptor desc) {
    if (accept("constraint")) {
      boolean ifExists = false;
      if (accept("if")) {
        expect("exists");
        ifExists = true;
      }
      String name = identifier();
      accept("restrict");
      if (accept("cascade")) {
        throw HeliosException.notSupported("DROP CONSTRAINT ... CASCADE");
      }
      if (name.equals(desc.name() + "_pkey")) {
        throw HeliosException.notSupported("dropping the primary key");
      }
      return new CatalogCommand.DropConstraint(desc.schema(), desc.name(), name, ifExists);
    }
    if (accept("index") || accept("key")) {
      return new CatalogCommand.DropIndex(desc.schema(), identifier(), false);
    }
    if (accept("foreign")) { // MySQL: DROP FOREIGN KEY name
      expect("key");
      return new CatalogCommand.DropConstraint(desc.schema(), desc.name(), identifier(), false);
    }
    if (accept("check")) { // MySQL 8: DROP CHECK name
      return new CatalogCommand.DropConstraint(desc.schema(), desc.name(), identifier(), false);
    }
    throw HeliosException.notSupported("ALTER TABLE DROP " + (i < t.size() ? t.get(i).text() : ""));
  }

  // ---------------------------------------------------------------- pieces

  private TableConstraints names(TableDescriptor desc) {
    TableConstraints names = new TableConstraints(desc.schema(), desc.name(), desc.columns());
    desc.indexes().forEach(x -> names.reserve(x.name()));
    desc.constraints().forEach(x -> names.reserve(x.name()));
    for (TableDescriptor other : catalog.tablesIn(desc.schema())) {
      names.reserve(other.name());
      other.indexes().forEach(x -> names.reserve(x.name()));
    }
    return names;
  }

  private TableDescriptor table(String[] name) {
    return catalog.table(name[0], name[1]).orElseThrow(() ->
        new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"" + name[1] + "\" does not exist"));
  }

  private List<String> columnList() {
    expect("(");
    List<String> cols = new ArrayList<>();
    do {
      String col = identifier();
      if (peek("(")) {
        throw HeliosException.notSupported("index prefix lengths and expressions");
      }
      if (!accept("asc")) {
        accept("desc");
      }
      if (accept("nulls")) {
        if (!accept("first")) {
          expect("last");
        }
      }
      cols.add(quote(col));
    } while (accept(","));
    expect(")");
    return cols;
  }

  /** Column names go back through {@link DdlTranslator#ident}, so keep their case by quoting. */
  private static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private String parenthesised() {
    if (!peek("(")) {
      throw syntax();
    }
    int depth = 0;
    int start = t.get(i).end();
    for (int j = i; j < t.size(); j++) {
      if (t.get(j).text().equals("(")) {
        depth++;
      } else if (t.get(j).text().equals(")") && --depth == 0) {
        String inner = sql.substring(start, t.get(j).start());
        i = j + 1;
        return inner.trim();
      }
    }
    throw syntax();
  }

  private String[] qualifiedName() {
    String first = identifier();
    if (accept(".")) {
      return new String[] {first, identifier()};
    }
    return new String[] {defaultSchema, first};
  }

  private String identifier() {
    if (i >= t.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at end of input");
    }
    Token tok = t.get(i);
    if (tok.kind() != Kind.WORD && tok.kind() != Kind.QUOTED_IDENT) {
      throw syntax();
    }
    i++;
    return DdlTranslator.ident(tok.text());
  }

  private String word() {
    if (i >= t.size() || t.get(i).kind() != Kind.WORD) {
      throw syntax();
    }
    return t.get(i++).text().toLowerCase(Locale.ROOT);
  }

  private boolean peek(String word) {
    if (i >= t.size()) {
      return false;
    }
    Token tok = t.get(i);
    return tok.kind() == Kind.WORD ? tok.isWord(word) : tok.text().equals(word);
  }

  private boolean accept(String word) {
    if (peek(word)) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(String word) {
    if (!accept(word)) {
      throw syntax();
    }
  }

  private HeliosException syntax() {
    return new HeliosException(ErrorCode.SYNTAX_ERROR, i < t.size()
        ? "syntax error at or near \"" + t.get(i).text() + "\"" : "syntax error at end of input");
  }

  private HeliosException unsupportedTail() {
    return HeliosException.notSupported("\"" + sql.substring(t.get(i).start()).trim() + "\" in index DDL");
  }

}
