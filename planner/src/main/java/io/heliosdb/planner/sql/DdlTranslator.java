package io.heliosdb.planner.sql;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ColumnDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;

/**
 * Translates PostgreSQL DDL (CREATE/DROP TABLE, CREATE/DROP SCHEMA) into catalog commands.
 * JSqlParser parses it (Calcite's Babel parser has no DDL, see docs/adr/0004); identifiers fold
 * to lower case unless quoted, as in PostgreSQL. Constraints that are not enforced yet are refused
 * with FEATURE_NOT_SUPPORTED rather than silently ignored.
 */
public final class DdlTranslator {
  private DdlTranslator() {}

  public static CatalogCommand translate(String sql, String defaultSchema, int virtualShards) {
    Statement st;
    GeneratedColumns.Stripped stripped = GeneratedColumns.stripIdentityOptions(sql);
    try {
      st = CCJSqlParserUtil.parse(stripped.sql());
    } catch (JSQLParserException e) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error in DDL statement: "
          + firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
    }
    if (st instanceof CreateTable ct) {
      return createTable(ct, defaultSchema, virtualShards, stripped.identityOptions());
    }
    if (st instanceof CreateSchema cs) {
      String name = ident(cs.getSchemaName());
      return new CatalogCommand.CreateSchema(name, sql.toLowerCase(Locale.ROOT).contains("if not exists"));
    }
    if (st instanceof Drop drop) {
      String type = drop.getType().toUpperCase(Locale.ROOT);
      boolean cascade = drop.getParameters() != null
          && drop.getParameters().stream().anyMatch(p -> p.equalsIgnoreCase("CASCADE"));
      if (type.equals("TABLE")) {
        Table t = drop.getName();
        return new CatalogCommand.DropTable(t.getSchemaName() == null ? defaultSchema : ident(t.getSchemaName()),
            ident(t.getName()), drop.isIfExists());
      }
      if (type.equals("SCHEMA")) {
        return new CatalogCommand.DropSchema(ident(drop.getName().getName()), drop.isIfExists(), cascade);
      }
      throw HeliosException.notSupported("DROP " + type);
    }
    throw HeliosException.notSupported("statement \"" + firstLine(sql) + "\"");
  }

  private static CatalogCommand createTable(CreateTable ct, String defaultSchema, int virtualShards,
      List<List<String>> identityOptions) {
    if (ct.getSelect() != null) {
      throw HeliosException.notSupported("CREATE TABLE ... AS");
    }
    if (ct.getCreateOptionsStrings() != null && !ct.getCreateOptionsStrings().isEmpty()) {
      throw HeliosException.notSupported("CREATE " + String.join(" ", ct.getCreateOptionsStrings()) + " TABLE");
    }
    storageParameters(ct.getTableOptionsStrings());
    Table t = ct.getTable();
    String schema = t.getSchemaName() == null ? defaultSchema : ident(t.getSchemaName());
    String name = ident(t.getName());
    List<ColumnDescriptor> columns = new ArrayList<>();
    List<Integer> pk = new ArrayList<>();
    List<io.heliosdb.metadata.SequenceDescriptor> owned = new ArrayList<>();
    int identities = 0;
    if (ct.getColumnDefinitions() == null || ct.getColumnDefinitions().isEmpty()) {
      throw HeliosException.notSupported("a table without columns");
    }
    List<Object[]> columnConstraints = new ArrayList<>(); // {column, specs, start, name}
    for (ColumnDefinition cd : ct.getColumnDefinitions()) {
      String col = ident(cd.getColumnName());
      for (ColumnDescriptor existing : columns) {
        if (existing.name().equals(col)) {
          throw new HeliosException(ErrorCode.DUPLICATE_COLUMN, "column \"" + col + "\" specified more than once");
        }
      }
      if (cd.getColDataType().getArrayData() != null && !cd.getColDataType().getArrayData().isEmpty()) {
        // The value model has no array type yet (hidb TypeId): refused rather than stored as its element type.
        throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, "array columns are not supported yet (column \""
            + col + "\" " + cd.getColDataType().getDataType() + "[])");
      }
      DataType serial = GeneratedColumns.serialType(cd.getColDataType().getDataType());
      DataType type = serial != null ? serial
          : TypeNames.parse(cd.getColDataType().getDataType(), cd.getColDataType().getArgumentsStringList());
      boolean nullable = serial == null;
      String defaultExpr = null;
      String constraintName = null;
      io.heliosdb.metadata.SequenceDescriptor.Generation generation = serial != null
          ? io.heliosdb.metadata.SequenceDescriptor.Generation.NONE : null;
      List<String> sequenceOptions = List.of();
      List<String> specs = cd.getColumnSpecs() == null ? List.of() : cd.getColumnSpecs();
      for (int i = 0; i < specs.size(); i++) {
        String s = specs.get(i).toUpperCase(Locale.ROOT);
        switch (s) {
          case "PRIMARY" -> {
            pk.add(columns.size());
            nullable = false;
            i++; // KEY
          }
          case "NOT" -> {
            nullable = false;
            i++; // NULL
          }
          case "NULL" -> { }
          case "DEFAULT" -> {
            StringBuilder expr = new StringBuilder();
            int j = i + 1;
            while (j < specs.size() && !isConstraintWord(specs.get(j))) {
              expr.append(expr.length() == 0 ? "" : " ").append(specs.get(j));
              j++;
            }
            defaultExpr = expr.toString();
            i = j - 1;
          }
          case "CONSTRAINT" -> {
            constraintName = i + 1 < specs.size() ? ident(specs.get(i + 1)) : null;
            i++; // the constraint's name; the constraint follows
          }
          case "UNIQUE", "REFERENCES", "CHECK" -> {
            // resolved once all columns are known (a CHECK may name later ones)
            columnConstraints.add(new Object[] {columns.size(), specs, i, constraintName});
            i = skipColumnConstraint(specs, i);
            constraintName = null;
          }
          case "GENERATED" -> {
            GeneratedColumns.Identity identity = GeneratedColumns.identity(specs, i);
            generation = identity.generation();
            sequenceOptions = identities < identityOptions.size() ? identityOptions.get(identities) : List.of();
            identities++;
            nullable = false;
            i = identity.next() - 1;
          }
          case "AUTO_INCREMENT" -> {
            generation = io.heliosdb.metadata.SequenceDescriptor.Generation.AUTO_INCREMENT;
            nullable = false;
          }
          case "COLLATE" -> throw HeliosException.notSupported(s + " column constraints");
          default -> throw HeliosException.notSupported("column option " + specs.get(i));
        }
      }
      if (generation != null) {
        if (defaultExpr != null) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR, "both default and identity specified for column \""
              + col + "\" of table \"" + name + "\"");
        }
        io.heliosdb.metadata.SequenceDescriptor seq = GeneratedColumns.sequence(schema, name, col, type, generation,
            sequenceOptions);
        owned.add(seq);
        defaultExpr = GeneratedColumns.nextvalDefault(schema, seq.name());
      }
      columns.add(new ColumnDescriptor(col, type, nullable, defaultExpr, false));
    }
    TableConstraints constraints = new TableConstraints(schema, name, columns);
    for (Object[] cc : columnConstraints) {
      @SuppressWarnings("unchecked")
      List<String> specs = (List<String>) cc[1];
      constraints.columnSpec(specs, (Integer) cc[2], (Integer) cc[0], (String) cc[3]);
    }
    if (ct.getIndexes() != null) {
      for (Index idx : ct.getIndexes()) {
        String type = idx.getType() == null ? "" : idx.getType().toUpperCase(Locale.ROOT);
        if (!type.equals("PRIMARY KEY")) {
          constraints.tableElement(idx);
          continue;
        }
        if (!pk.isEmpty()) {
          throw new HeliosException(ErrorCode.SYNTAX_ERROR,
              "multiple primary keys for table \"" + name + "\" are not allowed");
        }
        for (String c : idx.getColumnsNames()) {
          int pos = indexOf(columns, ident(c));
          if (pos < 0) {
            throw new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + ident(c) + "\" named in key does not exist");
          }
          pk.add(pos);
          ColumnDescriptor old = columns.get(pos);
          columns.set(pos, new ColumnDescriptor(old.name(), old.type(), false, old.defaultExpression(), false));
        }
      }
    }
    if (pk.size() > 1 && pk.stream().distinct().count() != pk.size()) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "multiple primary keys for table \"" + name + "\" are not allowed");
    }
    for (int k : pk) {
      if (columns.get(k).type().id() == io.heliosdb.hidb.proto.TypeId.JSON
          || columns.get(k).type().id() == io.heliosdb.hidb.proto.TypeId.JSONB
          || columns.get(k).type().id() == io.heliosdb.hidb.proto.TypeId.VECTOR) {
        throw HeliosException.notSupported("a primary key on type " + columns.get(k).type());
      }
    }
    return new CatalogCommand.CreateTable(schema, name, columns, pk, virtualShards, ct.isIfNotExists(),
        constraints.indexes(), constraints.constraints(), owned);
  }

  /**
   * PostgreSQL's {@code WITH (storage_parameter = value, ...)}: fillfactor is accepted and has no
   * effect (cells are LSM trees, there are no heap pages to leave room in); it is range-checked as
   * PostgreSQL does. Other parameters are refused rather than ignored.
   */
  private static void storageParameters(List<String> options) {
    if (options == null || options.isEmpty() || !options.get(0).equalsIgnoreCase("with")) {
      return; // MySQL table options (ENGINE=...) are the dialect's business
    }
    String text = String.join(" ", options.subList(1, options.size())).trim();
    if (!text.startsWith("(") || !text.endsWith(")")) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + text + "\"");
    }
    for (String option : text.substring(1, text.length() - 1).split(",")) {
      String[] kv = option.split("=", 2);
      String name = kv[0].trim().toLowerCase(Locale.ROOT);
      String value = kv.length > 1 ? kv[1].trim() : "";
      if (!name.equals("fillfactor")) {
        throw HeliosException.notSupported("storage parameter \"" + name + "\"");
      }
      int fillfactor;
      try {
        fillfactor = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE,
            "invalid value for integer option \"fillfactor\": " + value);
      }
      if (fillfactor < 10 || fillfactor > 100) {
        throw new HeliosException(ErrorCode.INVALID_PARAMETER_VALUE, "value " + value
            + " out of bounds for option \"fillfactor\"");
      }
    }
  }

  /** Index of the last spec of the UNIQUE / CHECK / REFERENCES column constraint at {@code i}. */
  private static int skipColumnConstraint(List<String> specs, int i) {
    String word = specs.get(i).toUpperCase(Locale.ROOT);
    if (word.equals("CHECK")) {
      return i + 1;
    }
    if (word.equals("UNIQUE")) {
      return i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("KEY") ? i + 1 : i;
    }
    int j = i + 2; // REFERENCES parent
    if (j < specs.size() && specs.get(j).startsWith("(")) {
      j++;
    }
    while (j + 2 < specs.size() + 1 && j < specs.size() && specs.get(j).equalsIgnoreCase("ON")) {
      int k = j + 2;
      if (k < specs.size() && (specs.get(k).equalsIgnoreCase("SET") || specs.get(k).equalsIgnoreCase("NO"))) {
        k++;
      }
      j = k + 1;
    }
    return j - 1;
  }

  private static boolean isConstraintWord(String s) {
    return switch (s.toUpperCase(Locale.ROOT)) {
      case "PRIMARY", "NOT", "NULL", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "GENERATED", "COLLATE",
          "AUTO_INCREMENT" -> true;
      default -> false;
    };
  }

  private static int indexOf(List<ColumnDescriptor> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** PostgreSQL identifier folding: quoted keeps its case, unquoted folds to lower case. */
  public static String ident(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1).replace("\"\"", "\"");
    }
    return s.toLowerCase(Locale.ROOT);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
