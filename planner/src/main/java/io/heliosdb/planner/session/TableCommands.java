package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.ConstraintDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.api.Notice;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.sql.SqlLexer;
import io.heliosdb.planner.sql.SqlLexer.Kind;
import io.heliosdb.planner.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Table statements PostgreSQL tools (pgbench -i, pg_dump scripts) send that act on several tables
 * or whole tables: DROP TABLE a, b, c; TRUNCATE; VACUUM / ANALYZE (accepted, nothing to do: cells
 * are LSM trees whose compaction reclaims space, and there are no planner statistics); ALTER
 * TABLE ... ADD PRIMARY KEY on a table created without one (its rows are re-keyed, ADR 0015).
 * Read with the lexer; names fold as PostgreSQL folds them.
 */
final class TableCommands {
  private final HeliosSession session;
  private final Consumer<Notice> notices;

  TableCommands(HeliosSession session, Consumer<Notice> notices) {
    this.session = session;
    this.notices = notices;
  }

  /** A table name as written: schema (null = search path) and name. */
  record Name(String schema, String name) {
    String shown() {
      return schema == null ? name : schema + "." + name;
    }
  }

  /** DROP TABLE with more than one name (one name keeps the JSqlParser path). */
  static boolean isMultiDrop(List<Token> t) {
    if (t.size() < 3 || !t.get(0).isWord("drop") || !t.get(1).isWord("table")) {
      return false;
    }
    for (Token tok : t) {
      if (tok.text().equals(",")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- DROP TABLE a, b

  /**
   * DROP TABLE [IF EXISTS] a, b [CASCADE | RESTRICT]: all or nothing, as in PostgreSQL: every
   * table is looked up before any is dropped; tables referenced by others in the list go last.
   */
  StatementResult dropTables(List<Token> t, Consumer<TableDescriptor> dropped) {
    int[] at = {2};
    boolean ifExists = false;
    if (at[0] + 1 < t.size() && t.get(at[0]).isWord("if") && t.get(at[0] + 1).isWord("exists")) {
      ifExists = true;
      at[0] += 2;
    }
    List<Name> names = nameList(t, at, false);
    boolean cascade = trailing(t, at, "cascade", "restrict").contains("cascade");
    if (cascade) {
      throw HeliosException.notSupported("DROP TABLE ... CASCADE");
    }
    Catalog catalog = session.engine().metadata().catalog();
    Map<Long, TableDescriptor> tables = new LinkedHashMap<>();
    for (Name n : names) {
      TableDescriptor d = lookup(catalog, n, !ifExists);
      if (d == null) {
        notices.accept(Notice.notice("00000", "table \"" + n.name() + "\" does not exist, skipping"));
      } else {
        tables.put(d.tableId(), d);
      }
    }
    for (TableDescriptor d : dropOrder(catalog, tables)) {
      CatalogCommand.DropTable command = new CatalogCommand.DropTable(d.schema(), d.name(), true);
      Catalog after = session.engine().metadata().submit(command);
      if (after.tables().get(d.tableId()) == null) {
        dropped.accept(d);
      }
    }
    return StatementResult.command("DROP TABLE");
  }

  /** Referencing tables before the tables they reference, so each single drop is allowed. */
  private static List<TableDescriptor> dropOrder(Catalog catalog, Map<Long, TableDescriptor> tables) {
    List<TableDescriptor> pending = new ArrayList<>(tables.values());
    List<TableDescriptor> order = new ArrayList<>();
    while (!pending.isEmpty()) {
      TableDescriptor next = null;
      for (TableDescriptor candidate : pending) {
        boolean referencedByPending = false;
        for (TableDescriptor other : pending) {
          if (other != candidate && references(other, candidate)) {
            referencedByPending = true;
            break;
          }
        }
        if (!referencedByPending) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        next = pending.get(0); // a cycle: the catalog refuses with 2BP01, as without the list
      }
      pending.remove(next);
      order.add(next);
    }
    return order;
  }

  private static boolean references(TableDescriptor child, TableDescriptor parent) {
    for (ConstraintDescriptor c : child.constraints()) {
      if (c.references(parent.schema(), parent.name())) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- TRUNCATE

  /**
   * TRUNCATE [TABLE] [ONLY] a [*] [, ...] [CONTINUE IDENTITY] [RESTRICT]: the rows are deleted in
   * the statement's (or the block's) transaction, so ROLLBACK brings them back as in PostgreSQL.
   * RESTART IDENTITY and CASCADE are refused.
   */
  StatementResult truncate(List<Token> t) {
    int[] at = {1};
    if (at[0] < t.size() && t.get(at[0]).isWord("table")) {
      at[0]++;
    }
    List<Name> names = nameList(t, at, true);
    List<String> options = trailing(t, at, "continue", "restart", "identity", "cascade", "restrict");
    if (options.contains("restart")) {
      throw HeliosException.notSupported("TRUNCATE ... RESTART IDENTITY");
    }
    if (options.contains("cascade")) {
      throw HeliosException.notSupported("TRUNCATE ... CASCADE");
    }
    Catalog catalog = session.engine().metadata().catalog();
    Map<Long, TableDescriptor> tables = new LinkedHashMap<>();
    for (Name n : names) {
      TableDescriptor d = lookup(catalog, n, true);
      tables.put(d.tableId(), d);
    }
    for (TableDescriptor parent : tables.values()) {
      for (TableDescriptor child : catalog.tables().values()) {
        if (!tables.containsKey(child.tableId()) && references(child, parent)) {
          throw new io.heliosdb.hidb.error.ConstraintViolation(ErrorCode.FEATURE_NOT_SUPPORTED,
              "cannot truncate a table referenced in a foreign key constraint",
              "Table \"" + child.name() + "\" references \"" + parent.name() + "\".", null, 1701,
              "Cannot truncate a table referenced in a foreign key constraint");
        }
      }
    }
    // One statement: outside a block its deletes share one transaction, as PostgreSQL's TRUNCATE is atomic.
    boolean ownBlock = session.transactionState() == io.heliosdb.planner.api.TransactionState.IDLE
        && tables.size() > 1;
    if (ownBlock) {
      session.dispatch("BEGIN", null, List.of());
    }
    try {
      for (TableDescriptor d : dropOrder(catalog, tables)) {
        session.dispatch("DELETE FROM " + quote(d.schema()) + "." + quote(d.name()), null, List.of());
      }
      if (ownBlock) {
        session.dispatch("COMMIT", null, List.of());
      }
    } catch (RuntimeException e) {
      if (ownBlock) {
        try {
          session.dispatch("ROLLBACK", null, List.of());
        } catch (RuntimeException rollback) {
          e.addSuppressed(rollback);
        }
      }
      throw e;
    }
    return StatementResult.command("TRUNCATE TABLE");
  }

  // ---------------------------------------------------------------- VACUUM / ANALYZE

  /**
   * VACUUM [(options)] [FULL] [FREEZE] [VERBOSE] [ANALYZE] [table [(columns)], ...] and ANALYZE
   * [VERBOSE] [table, ...]: the named tables must exist; there is nothing to do (ADR 0015).
   */
  StatementResult vacuum(List<Token> t, boolean inBlock) {
    boolean isVacuum = t.get(0).isWord("vacuum");
    if (isVacuum && inBlock) {
      throw new HeliosException(ErrorCode.ACTIVE_TRANSACTION, "VACUUM cannot run inside a transaction block");
    }
    int i = 1;
    if (i < t.size() && t.get(i).text().equals("(")) {
      while (i < t.size() && !t.get(i).text().equals(")")) {
        i++;
      }
      i++;
    }
    while (i < t.size() && (t.get(i).isWord("full") || t.get(i).isWord("freeze") || t.get(i).isWord("verbose")
        || t.get(i).isWord("analyze") || t.get(i).isWord("analyse"))) {
      i++;
    }
    Catalog catalog = session.engine().metadata().catalog();
    int[] at = {i};
    while (at[0] < t.size() && t.get(at[0]).kind() != Kind.SEMICOLON) {
      Name n = qualifiedName(t, at);
      TableDescriptor d = lookup(catalog, n, true);
      if (at[0] < t.size() && t.get(at[0]).text().equals("(")) {
        at[0]++;
        while (at[0] < t.size() && !t.get(at[0]).text().equals(")")) {
          Token c = t.get(at[0]++);
          if (c.kind() == Kind.WORD || c.kind() == Kind.QUOTED_IDENT) {
            String column = identifier(c);
            if (d.columnIndex(column) < 0 || d.columns().get(d.columnIndex(column)).hidden()) {
              throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + column + "\" of relation \""
                  + d.name() + "\" does not exist");
            }
          }
        }
        at[0]++;
      }
      if (at[0] < t.size() && t.get(at[0]).text().equals(",")) {
        at[0]++;
      } else if (at[0] < t.size() && t.get(at[0]).kind() != Kind.SEMICOLON) {
        throw syntaxError(t.get(at[0]));
      }
    }
    return StatementResult.command(isVacuum ? "VACUUM" : "ANALYZE");
  }

  // ---------------------------------------------------------------- ALTER TABLE ... ADD PRIMARY KEY

  /** The parsed form of ALTER TABLE [IF EXISTS] [ONLY] t ADD [CONSTRAINT n] PRIMARY KEY (cols). */
  record AddPrimaryKey(Name table, boolean ifExists, String constraintName, List<String> columns) {}

  static AddPrimaryKey addPrimaryKey(List<Token> t) {
    if (t.size() < 6 || !t.get(0).isWord("alter") || !t.get(1).isWord("table")) {
      return null;
    }
    int[] at = {2};
    boolean ifExists = false;
    if (t.get(at[0]).isWord("if") && at[0] + 1 < t.size() && t.get(at[0] + 1).isWord("exists")) {
      ifExists = true;
      at[0] += 2;
    }
    if (at[0] < t.size() && t.get(at[0]).isWord("only")) {
      at[0]++;
    }
    Name table = qualifiedName(t, at);
    int i = at[0];
    if (i >= t.size() || !t.get(i).isWord("add")) {
      return null;
    }
    i++;
    String constraintName = null;
    if (i + 1 < t.size() && t.get(i).isWord("constraint")) {
      constraintName = identifier(t.get(i + 1));
      i += 2;
    }
    if (i + 1 >= t.size() || !t.get(i).isWord("primary") || !t.get(i + 1).isWord("key")) {
      return null;
    }
    i += 2;
    if (i >= t.size() || !t.get(i).text().equals("(")) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \""
          + (i < t.size() ? t.get(i).text() : "end of input") + "\"");
    }
    List<String> columns = new ArrayList<>();
    i++;
    while (i < t.size() && !t.get(i).text().equals(")")) {
      Token c = t.get(i++);
      if (c.text().equals(",")) {
        continue;
      }
      columns.add(identifier(c));
    }
    i++;
    if (i < t.size() && t.get(i).kind() != Kind.SEMICOLON) {
      throw HeliosException.notSupported("ALTER TABLE ... ADD PRIMARY KEY with other clauses");
    }
    return new AddPrimaryKey(table, ifExists, constraintName, columns);
  }

  /** What the session does after a table is created or dropped (shards, index shards). */
  interface TableLifecycle {
    void created(Catalog after, TableDescriptor table);

    void dropped(Catalog after, TableDescriptor table);
  }

  /**
   * ADD PRIMARY KEY to a table created without one: its rows are keyed by the hidden row id, and the
   * catalog cannot change a table's key in place, so the rows are checked (NULLs 23502, duplicates
   * 23505 as PostgreSQL words them), copied to a keyed table of a temporary name, the table is
   * created again with the key and the rows copied back. Not atomic for concurrent readers (as any
   * DDL here, it is not transactional); tables with indexes, constraints or sequences are refused.
   */
  StatementResult addPrimaryKey(AddPrimaryKey a, TableLifecycle lifecycle) {
    TableDescriptor d = lookupTable(a.table(), !a.ifExists());
    if (d == null) {
      notices.accept(Notice.notice("00000", "relation \"" + a.table().name() + "\" does not exist, skipping"));
      return StatementResult.command("ALTER TABLE");
    }
    if (!d.hasHiddenRowId()) {
      throw new HeliosException(ErrorCode.INVALID_TABLE_DEFINITION,
          "multiple primary keys for table \"" + d.name() + "\" are not allowed");
    }
    String pkName = d.name() + "_pkey";
    if (a.constraintName() != null && !a.constraintName().equals(pkName)) {
      throw HeliosException.notSupported("a primary key named other than \"" + pkName + "\"");
    }
    Catalog catalog = session.engine().metadata().catalog();
    boolean referenced = catalog.tables().values().stream().anyMatch(other -> references(other, d));
    boolean sequences = d.columns().stream().anyMatch(c -> catalog.ownedSequence(d.tableId(), c.name()).isPresent()
        || (c.defaultExpression() != null && c.defaultExpression().toLowerCase(Locale.ROOT).contains("nextval")));
    if (!d.indexes().isEmpty() || !d.constraints().isEmpty() || referenced || sequences) {
      throw HeliosException.notSupported("ADD PRIMARY KEY to a table with indexes, constraints or sequences");
    }
    List<ColumnDescriptor> columns = new ArrayList<>(visibleColumns(d));
    List<Integer> key = new ArrayList<>();
    for (String name : a.columns()) {
      int index = d.columnIndex(name);
      if (index < 0 || d.columns().get(index).hidden()) {
        throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + name + "\" of relation \""
            + d.name() + "\" does not exist");
      }
      if (key.contains(index)) {
        throw new HeliosException(ErrorCode.DUPLICATE_COLUMN, "column \"" + name
            + "\" appears twice in primary key constraint");
      }
      ColumnDescriptor c = columns.get(index);
      switch (c.type().id()) {
        case JSON, JSONB, VECTOR -> throw HeliosException.notSupported("a primary key on type " + c.type());
        default -> { }
      }
      key.add(index);
      columns.set(index, new ColumnDescriptor(c.name(), c.type(), false, c.defaultExpression(), false));
    }
    String source = quote(d.schema()) + "." + quote(d.name());
    for (int k : key) {
      String column = columns.get(k).name();
      if (EngineRows.any(session, "SELECT 1 FROM " + source + " WHERE " + quote(column) + " IS NULL LIMIT 1")) {
        throw new HeliosException(ErrorCode.NOT_NULL_VIOLATION, "column \"" + column + "\" of relation \""
            + d.name() + "\" contains null values");
      }
    }
    StringBuilder keyList = new StringBuilder();
    for (int k : key) {
      keyList.append(keyList.length() == 0 ? "" : ", ").append(quote(columns.get(k).name()));
    }
    Object[] duplicate = EngineRows.first(session, "SELECT " + keyList + " FROM " + source + " GROUP BY " + keyList
        + " HAVING count(*) > 1 LIMIT 1");
    if (duplicate != null) {
      StringBuilder names = new StringBuilder();
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < key.size(); i++) {
        names.append(i == 0 ? "" : ", ").append(columns.get(key.get(i)).name());
        values.append(i == 0 ? "" : ", ").append(duplicate[i]);
      }
      throw new io.heliosdb.hidb.error.ConstraintViolation(ErrorCode.UNIQUE_VIOLATION, "could not create unique index \""
          + pkName + "\"", "Key (" + names + ")=(" + values + ") is duplicated.", pkName, 1062,
          "Duplicate entry '" + values + "' for key '" + d.name() + ".PRIMARY'");
    }
    String staging = d.name() + "$rekey";
    TableDescriptor copy = create(d.schema(), staging, columns, key, d.virtualShards(), lifecycle);
    try {
      EngineRows.copy(session, d, copy);
    } catch (RuntimeException e) {
      drop(copy, lifecycle);
      throw e;
    }
    drop(d, lifecycle);
    TableDescriptor keyed = create(d.schema(), d.name(), columns, key, d.virtualShards(), lifecycle);
    EngineRows.copy(session, copy, keyed);
    drop(copy, lifecycle);
    return StatementResult.command("ALTER TABLE");
  }

  private TableDescriptor create(String schema, String name, List<ColumnDescriptor> columns, List<Integer> key,
      int virtualShards, TableLifecycle lifecycle) {
    Catalog after = session.engine().metadata().submit(new CatalogCommand.CreateTable(schema, name, columns, key,
        virtualShards, false, List.of(), List.of(), List.of()));
    TableDescriptor t = after.table(schema, name).orElseThrow();
    lifecycle.created(after, t);
    return t;
  }

  private void drop(TableDescriptor t, TableLifecycle lifecycle) {
    Catalog after = session.engine().metadata().submit(new CatalogCommand.DropTable(t.schema(), t.name(), true));
    lifecycle.dropped(after, t);
  }

  // ---------------------------------------------------------------- shared pieces

  private TableDescriptor lookup(Catalog catalog, Name n, boolean mustExist) {
    String schema = n.schema() == null ? session.schema() : n.schema();
    TableDescriptor d = catalog.table(schema, n.name()).orElse(null);
    if (d == null && mustExist) {
      throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"" + n.shown() + "\" does not exist");
    }
    return d;
  }

  TableDescriptor lookupTable(Name n, boolean mustExist) {
    return lookup(session.engine().metadata().catalog(), n, mustExist);
  }

  /** a [*], b ... ; {@code only} allows ONLY before a name and {@code *} after it (TRUNCATE). */
  private static List<Name> nameList(List<Token> t, int[] at, boolean only) {
    List<Name> names = new ArrayList<>();
    while (true) {
      if (only && at[0] < t.size() && t.get(at[0]).isWord("only")) {
        at[0]++;
      }
      names.add(qualifiedName(t, at));
      if (only && at[0] < t.size() && t.get(at[0]).text().equals("*")) {
        at[0]++;
      }
      if (at[0] < t.size() && t.get(at[0]).text().equals(",")) {
        at[0]++;
        continue;
      }
      return names;
    }
  }

  /** The words after the names, each one of {@code allowed}, lower case. */
  private static List<String> trailing(List<Token> t, int[] at, String... allowed) {
    List<String> words = new ArrayList<>();
    for (int k = at[0]; k < t.size(); k++) {
      Token tok = t.get(k);
      if (tok.kind() == Kind.SEMICOLON) {
        continue;
      }
      String w = tok.kind() == Kind.WORD ? tok.text().toLowerCase(Locale.ROOT) : null;
      if (w == null || !List.of(allowed).contains(w)) {
        throw syntaxError(tok);
      }
      words.add(w);
    }
    return words;
  }

  static Name qualifiedName(List<Token> t, int[] at) {
    List<String> parts = SqlLexer.qualifiedName(t, at);
    return parts.size() == 2 ? new Name(parts.get(0), parts.get(1)) : new Name(null, parts.get(0));
  }

  static String identifier(Token tok) {
    if (tok.kind() == Kind.QUOTED_IDENT) {
      String s = tok.text();
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    if (tok.kind() == Kind.WORD) {
      return tok.text().toLowerCase(Locale.ROOT);
    }
    throw syntaxError(tok);
  }

  private static HeliosException syntaxError(Token tok) {
    return new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + tok.text() + "\"");
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** Visible (not hidden) columns of a table, in order. */
  static List<ColumnDescriptor> visibleColumns(TableDescriptor d) {
    List<ColumnDescriptor> out = new ArrayList<>();
    for (ColumnDescriptor c : d.columns()) {
      if (!c.hidden()) {
        out.add(c);
      }
    }
    return out;
  }
}
