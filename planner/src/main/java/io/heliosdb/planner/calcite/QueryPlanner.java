package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.PlannerConfig;
import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.catalog.CatalogResultTypes;
import io.heliosdb.planner.catalog.InformationSchema;
import io.heliosdb.planner.catalog.PgCatalogSchema;
import io.heliosdb.planner.catalog.PgOperatorTable;
import io.heliosdb.planner.catalog.PgSyntax;
import io.heliosdb.planner.dialect.mysql.MySqlInformationSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.AggregateReduceFunctionsRule;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;
import org.apache.calcite.tools.RelBuilder;

/**
 * Parses, validates and optimizes one statement against one catalog version with Calcite, and
 * compiles it. Pushdown happens in a deterministic Hep phase ({@link HeliosRules}); the Volcano
 * phase only picks Enumerable implementations for what stays in compute.
 */
public final class QueryPlanner {
  public static final SqlParser.Config PARSER_CONFIG = SqlParser.config()
      .withParserFactory(SqlBabelParserImpl.FACTORY)
      .withConformance(SqlConformanceEnum.BABEL)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(true)
      .withIdentifierMaxLength(63);

  /**
   * Babel, but GROUP BY is strict as in PostgreSQL: Babel's non-strict GROUP BY wraps every select
   * item that is not grouped in ANY_VALUE, literals included (so {@code SELECT count(*), 1} over no
   * rows gave NULL), and fails on a CASE without an operand in the GROUP BY ("node is null"). A
   * statement strict validation refuses gets a second try with Babel's own conformance.
   */
  static final org.apache.calcite.sql.validate.SqlConformance VALIDATOR_CONFORMANCE =
      new org.apache.calcite.sql.validate.SqlDelegatingConformance(SqlConformanceEnum.BABEL) {
        @Override
        public boolean isNonStrictGroupBy() {
          return false;
        }
      };

  private final Catalog catalog;
  private final CalciteSchema rootSchema;
  private final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(HeliosTypeSystem.INSTANCE);

  public QueryPlanner(Catalog catalog) {
    this.catalog = catalog;
    this.rootSchema = CalciteSchema.createRootSchema(false, false);
    Map<String, Map<String, Table>> bySchema = new HashMap<>();
    for (String s : catalog.schemas()) {
      bySchema.put(s, new HashMap<>());
    }
    for (TableDescriptor t : catalog.tables().values()) {
      bySchema.computeIfAbsent(t.schema(), k -> new HashMap<>()).put(t.name(),
          new HeliosTable(t, HeliosTable.autoIncrementColumns(catalog, t)));
    }
    for (Map.Entry<String, Map<String, Table>> e : bySchema.entrySet()) {
      Map<String, Table> tables = Map.copyOf(e.getValue());
      rootSchema.add(e.getKey(), new AbstractSchema() {
        @Override
        protected Map<String, Table> getTableMap() {
          return tables;
        }
      });
    }
    // System catalogs, generated from this catalog version (planner.catalog).
    rootSchema.add("pg_catalog", new PgCatalogSchema(catalog));
    rootSchema.add("information_schema", new InformationSchema(catalog));
    PlannerConfig names = PlannerConfig.defaults();
    rootSchema.add(MySqlInformationSchema.SCHEMA,
        new MySqlInformationSchema(catalog, names.defaultDatabase(), names.defaultSchema()));
    rootSchema.add(RowSets.SCHEMA, new RowSets(catalog));
  }

  public Catalog catalog() {
    return catalog;
  }

  /**
   * {@link #parse}, except that a long multi-row INSERT ... VALUES of identical rows is parsed from
   * its first row (see {@link MultiRowValues#parse}).
   */
  public static SqlNode parseStatement(String sql) {
    return MultiRowValues.parse(sql);
  }

  public static SqlNode parse(String sql) {
    try {
      return SqlParser.create(DistinctOn.mark(sql), PARSER_CONFIG).parseStmt();
    } catch (SqlParseException e) {
      throw syntaxError(e);
    }
  }

  private static final Pattern ENCOUNTERED = Pattern.compile("Encountered \"(.*?)\" at");

  static HeliosException syntaxError(SqlParseException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    Matcher m = ENCOUNTERED.matcher(msg);
    String near = m.find() ? m.group(1).trim() : null;
    if (near == null || near.isEmpty() || near.equals("<EOF>")) {
      return new HeliosException(ErrorCode.SYNTAX_ERROR, near == null ? "syntax error: " + msg.split("\n")[0]
          : "syntax error at end of input");
    }
    return new HeliosException(ErrorCode.SYNTAX_ERROR, "syntax error at or near \"" + near + "\"");
  }

  /** A validated statement and what Calcite inferred for it. */
  private record Validated(SqlNode node, SqlValidator validator, CalciteCatalogReader reader, List<DataType> paramTypes,
      PgOperatorTable pgFunctions) {}

  private Validated validate(SqlNode parsed, String defaultSchema) {
    Properties props = new Properties();
    props.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "true");
    // PostgreSQL searches pg_catalog implicitly before the search_path.
    CalciteCatalogReader reader = new CalciteCatalogReader(rootSchema,
        org.apache.calcite.sql.validate.SqlNameMatchers.withCaseSensitive(true),
        List.of(List.of("pg_catalog"), List.of(defaultSchema), List.<String>of()), typeFactory,
        new CalciteConnectionConfigImpl(props)) {};
    SqlOperatorTable builtIns = SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(
        EnumSet.of(SqlLibrary.STANDARD, SqlLibrary.POSTGRESQL));
    PgOperatorTable pgFunctions = new PgOperatorTable(builtIns);
    SqlOperatorTable ops = SqlOperatorTables.chain(pgFunctions, builtIns, reader);
    parsed = PgSyntax.rewrite(parsed, pgFunctions);
    // The validator rewrites the tree in place; a copy is kept for the lenient second try.
    SqlNode lenientCopy;
    try {
      lenientCopy = DistinctOn.copy(parsed);
    } catch (RuntimeException e) {
      lenientCopy = null; // a node kind the copier does not know: no second try
    }
    SqlValidator validator = newValidator(ops, reader, VALIDATOR_CONFORMANCE);
    SqlNode validated;
    try {
      try {
        validated = validator.validate(parsed);
      } catch (CalciteContextException e) {
        if (lenientCopy == null || !String.valueOf(e.getMessage()).contains("is not being grouped")) {
          throw e;
        }
        // PostgreSQL also accepts columns that depend on a grouped primary key (GROUP BY t.id with
        // t.name selected, as Django emits): Babel's non-strict GROUP BY reads those right.
        validator = newValidator(ops, reader, SqlConformanceEnum.BABEL);
        validated = validator.validate(lenientCopy);
      }
    } catch (CalciteContextException e) {
      throw validationError(e);
    } catch (HeliosException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HeliosException(ErrorCode.SYNTAX_ERROR, String.valueOf(e.getMessage()), e);
    }
    List<DataType> paramTypes = new ArrayList<>();
    for (RelDataTypeField f : validator.getParameterRowType(validated).getFieldList()) {
      // A parameter compared with (or stored into) a character(n) column is blank-padded to n at
      // bind time, so cells compare it with the padded stored value as bpchar's rules say.
      RelDataType t = f.getType();
      paramTypes.add(t.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.CHAR && t.getPrecision() > 0
          ? DataType.bpchar(t.getPrecision()) : CalciteTypes.toDataType(t));
    }
    return new Validated(validated, validator, reader, paramTypes, pgFunctions);
  }

  private SqlValidator newValidator(SqlOperatorTable ops, CalciteCatalogReader reader,
      org.apache.calcite.sql.validate.SqlConformance conformance) {
    return SqlValidatorUtil.newValidator(ops, reader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withConformance(conformance)
            .withIdentifierExpansion(true)
            .withDefaultNullCollation(NullCollation.HIGH));
  }

  private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("Object '([^']*)' not found");
  private static final Pattern TABLE_NOT_FOUND = Pattern.compile("Table '([^']*)' not found");
  private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found");
  /** Babel conformance lets select aliases be referenced; an unknown column then reads as a cycle. */
  private static final Pattern COLUMN_CYCLE = Pattern.compile("definition of column '([^']*)' depends on itself");
  private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature ([^\\s(]*)");

  /** Calcite's validator messages -> the codes and wording PostgreSQL users know. */
  static HeliosException validationError(CalciteContextException e) {
    String msg = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
    Matcher m;
    if ((m = OBJECT_NOT_FOUND.matcher(msg)).find() || (m = TABLE_NOT_FOUND.matcher(msg)).find()) {
      return new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"" + m.group(1) + "\" does not exist", e);
    }
    if ((m = COLUMN_NOT_FOUND.matcher(msg)).find() || (m = COLUMN_CYCLE.matcher(msg)).find()) {
      return new HeliosException(ErrorCode.UNDEFINED_COLUMN, "column \"" + m.group(1) + "\" does not exist", e);
    }
    if ((m = NO_FUNCTION.matcher(msg)).find()) {
      return new HeliosException(ErrorCode.UNDEFINED_FUNCTION, "function " + m.group(1) + " does not exist", e);
    }
    if (msg.contains("Cannot apply") || msg.contains("Cannot assign") || msg.contains("cannot be cast")) {
      return new HeliosException(ErrorCode.DATATYPE_MISMATCH, msg, e);
    }
    if (msg.contains("ambiguous")) {
      return new HeliosException(ErrorCode.AMBIGUOUS_COLUMN, msg, e);
    }
    if (msg.contains("does not allow NULLs")) {
      return new HeliosException(ErrorCode.NOT_NULL_VIOLATION, msg, e);
    }
    return new HeliosException(ErrorCode.SYNTAX_ERROR, msg, e);
  }

  /** Plans a query (SELECT, VALUES, set operations, ORDER BY ...). */
  public PlannedQuery planQuery(SqlNode parsed, String defaultSchema) {
    parsed = DistinctOn.rewrite(parsed);
    List<String> emptyColumns = io.heliosdb.planner.catalog.EmptyCatalogQueries.emptyResultColumns(parsed);
    if (emptyColumns != null) {
      return emptyResult(parsed, emptyColumns);
    }
    List<String> written = io.heliosdb.planner.catalog.PgColumnNames.beforeValidation(parsed);
    Validated v = validate(parsed, defaultSchema);
    RelRoot root = toRel(v);
    int[] pgTypes = CatalogResultTypes.pgTypes(root);
    root = CatalogResultTypes.outputForms(root, v.pgFunctions());
    RelNode optimized = optimize(root.rel);
    PlannedQuery q = compile(optimized, root, v.paramTypes(), pgTypes);
    List<ColumnMeta> named = io.heliosdb.planner.catalog.PgColumnNames.rename(q.columns(), v.node(), written);
    return named == q.columns() ? q
        : new PlannedQuery(q.bindable(), q.stash(), named, q.parameterTypes(), q.explain(), q.direct());
  }

  /** A query over catalogs that are always empty here: no rows, text columns, parameters read as text. */
  private static PlannedQuery emptyResult(SqlNode parsed, List<String> names) {
    List<ColumnMeta> columns = new ArrayList<>();
    for (String name : names) {
      columns.add(ColumnMeta.of(name, DataType.TEXT));
    }
    List<DataType> params = new ArrayList<>();
    for (int i = io.heliosdb.planner.catalog.EmptyCatalogQueries.parameterCount(parsed); i > 0; i--) {
      params.add(DataType.TEXT);
    }
    Bindable<Object> none = dataContext -> org.apache.calcite.linq4j.Linq4j.emptyEnumerable();
    return new PlannedQuery(none, new HashMap<>(), columns, params,
        "Result (no rows: reads a catalog of a feature HeliosDB does not have)", null);
  }

  /** Plans INSERT / UPDATE / DELETE. */
  public PlannedDml planDml(SqlNode parsed, String defaultSchema) {
    PlannedDml repeated = MultiRowValues.planAsOneRow(parsed, oneRow -> planStatement(oneRow, defaultSchema));
    return repeated != null ? repeated : planStatement(parsed, defaultSchema);
  }

  private PlannedDml planStatement(SqlNode parsed, String defaultSchema) {
    parsed = DistinctOn.rewrite(parsed);
    Validated v = validate(parsed, defaultSchema);
    RelRoot root = toRel(v);
    if (!(root.rel instanceof TableModify modify)) {
      throw new HeliosException(ErrorCode.INTERNAL_ERROR, "expected a table modification plan");
    }
    HeliosTable target = modify.getTable().unwrap(HeliosTable.class);
    if (target == null) {
      throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, "cannot modify this relation");
    }
    TableDescriptor table = target.descriptor();
    String kind = switch (modify.getOperation()) {
      case INSERT -> "INSERT";
      case UPDATE -> "UPDATE";
      case DELETE -> "DELETE";
      default -> throw HeliosException.notSupported(modify.getOperation() + " statements");
    };
    int[] updateColumns = new int[0];
    if (modify.getUpdateColumnList() != null) {
      updateColumns = modify.getUpdateColumnList().stream().mapToInt(table::columnIndex).toArray();
    }
    RelNode input = modify.getInput();
    List<List<RexNode>> valueRows = "INSERT".equals(kind) ? literalRows(input) : null;
    PlannedQuery source = null;
    if (valueRows == null) {
      RelNode optimized = optimize(input);
      source = compile(optimized, RelRoot.of(input, SqlKind.SELECT), v.paramTypes(), null);
    }
    return new PlannedDml(kind, table, source, valueRows, updateColumns, v.paramTypes());
  }

  /** INSERT ... VALUES whose cells are literals / parameters (optionally CAST): no plan to run. */
  private static List<List<RexNode>> literalRows(RelNode input) {
    if (input instanceof Values values && values.getRowType().getFieldCount() > 0) {
      List<List<RexNode>> rows = new ArrayList<>();
      for (List<RexLiteral> row : values.getTuples()) {
        rows.add(new ArrayList<>(row));
      }
      return rows;
    }
    if (input instanceof Project project && project.getInput() instanceof Values values) {
      // VALUES rows under a projection that fills omitted columns with their (literal) DEFAULTs
      List<List<RexNode>> rows = new ArrayList<>();
      for (List<RexLiteral> tuple : values.getTuples()) {
        List<RexNode> row = new ArrayList<>();
        for (RexNode e : project.getProjects()) {
          RexNode inner = stripCasts(e);
          if (inner instanceof RexInputRef ref) {
            row.add(tuple.get(ref.getIndex()));
          } else if (inner instanceof RexLiteral || inner instanceof RexDynamicParam) {
            row.add(e);
          } else {
            return null;
          }
        }
        rows.add(row);
      }
      return rows;
    }
    if (input instanceof org.apache.calcite.rel.core.Union union && union.all) {
      // Multi-row VALUES with parameters: one single-row branch per row.
      List<List<RexNode>> rows = new ArrayList<>();
      for (RelNode branch : union.getInputs()) {
        List<List<RexNode>> part = literalRows(branch);
        if (part == null) {
          return null;
        }
        rows.addAll(part);
      }
      return rows;
    }
    return null;
  }

  private RelRoot toRel(Validated v) {
    VolcanoPlanner planner = new VolcanoPlanner();
    planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
    planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
    RelOptCluster cluster = RelOptCluster.create(planner, RoundingIntegerCasts.rexBuilder(typeFactory));
    SqlToRelConverter converter = new SqlToRelConverter(
        (rowType, queryString, schemaPath, viewPath) -> {
          throw HeliosException.notSupported("views");
        },
        v.validator(), v.reader(), cluster, StandardConvertletTable.INSTANCE,
        SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false));
    RelRoot root = converter.convertQuery(v.node(), false, true);
    RelBuilder relBuilder = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(cluster, v.reader());
    RelNode rel = root.rel;
    rel = subqueriesToJoins(rel);
    rel = RelDecorrelator.decorrelateQuery(rel, relBuilder);
    rel = BpcharComparisons.rewrite(rel);
    rel = ExtractDayOfWeek.rewrite(rel);
    rel = RoundingIntegerCasts.rewrite(rel);
    rel = CheckedIntegerArithmetic.rewrite(rel);
    return root.withRel(rel);
  }

  private static RelNode subqueriesToJoins(RelNode rel) {
    HepProgramBuilder b = new HepProgramBuilder();
    b.addRuleCollection(List.of(
        CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
        CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
        CoreRules.JOIN_SUB_QUERY_TO_CORRELATE));
    HepPlanner hep = new HepPlanner(b.build());
    hep.setRoot(rel);
    return hep.findBestExp();
  }

  /** Pushdown (Hep, deterministic) then Enumerable implementation (Volcano). */
  RelNode optimize(RelNode rel) {
    HepProgramBuilder b = new HepProgramBuilder();
    // Window functions (row_number() OVER ..., as pgjdbc's getColumns uses) become a Window node,
    // which Enumerable implements; left inside a Project they could not be planned at all.
    b.addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW);
    b.addRuleInstance(CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES_TO_JOIN);
    b.addRuleCollection(List.of(
        CoreRules.FILTER_INTO_JOIN,
        CoreRules.JOIN_CONDITION_PUSH,
        CoreRules.FILTER_PROJECT_TRANSPOSE,
        CoreRules.FILTER_MERGE,
        CoreRules.PROJECT_MERGE,
        CoreRules.PROJECT_REMOVE,
        AggregateReduceFunctionsRule.Config.DEFAULT
            .withFunctionsToReduce(EnumSet.of(SqlKind.AVG)).toRule(),
        CoreRules.AGGREGATE_PROJECT_MERGE));
    b.addRuleCollection(HeliosRules.ALL);
    b.addRuleCollection(List.of(CoreRules.PROJECT_REMOVE, CoreRules.PROJECT_MERGE));
    HepPlanner hep = new HepPlanner(b.build());
    hep.setRoot(rel);
    RelNode pushed = hep.findBestExp();

    RelOptCluster cluster = pushed.getCluster();
    VolcanoPlanner volcano = (VolcanoPlanner) cluster.getPlanner();
    volcano.clear();
    for (var rule : EnumerableRules.ENUMERABLE_RULES) {
      // Projections and filters are implemented as Calc (EnumerableProject/Filter cannot generate code).
      if (rule != EnumerableRules.ENUMERABLE_PROJECT_RULE && rule != EnumerableRules.ENUMERABLE_FILTER_RULE) {
        volcano.addRule(rule);
      }
    }
    // WITH RECURSIVE (asyncpg's type introspection): Calcite keeps the repeat-union and spool rules
    // out of ENUMERABLE_RULES, and the CTE's working table (a transient ScannableTable) is read
    // through the interpreter.
    volcano.addRule(EnumerableRules.ENUMERABLE_REPEAT_UNION_RULE);
    volcano.addRule(EnumerableRules.ENUMERABLE_TABLE_SPOOL_RULE);
    volcano.addRule(org.apache.calcite.interpreter.Bindables.BINDABLE_TABLE_SCAN_RULE);
    volcano.addRule(EnumerableRules.TO_INTERPRETER);
    volcano.addRule(CoreRules.PROJECT_REMOVE);
    volcano.addRule(CoreRules.PROJECT_TO_CALC);
    volcano.addRule(CoreRules.FILTER_TO_CALC);
    volcano.addRule(EnumerableRules.ENUMERABLE_CALC_RULE);
    volcano.addRule(CoreRules.CALC_MERGE);
    RelTraitSet desired = pushed.getTraitSet().replace(EnumerableConvention.INSTANCE);
    volcano.setRoot(pushed.getTraitSet().equals(desired) ? pushed : volcano.changeTraits(pushed, desired));
    try {
      return volcano.findBestExp();
    } catch (RuntimeException e) {
      throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
          "this statement cannot be executed yet: " + e.getMessage().split("\n")[0], e);
    }
  }

  private PlannedQuery compile(RelNode optimized, RelRoot root, List<DataType> paramTypes, int[] pgTypes) {
    List<ColumnMeta> columns = resultColumns(optimized, root);
    if (pgTypes != null) {
      columns = CatalogResultTypes.describe(columns, pgTypes);
    }
    String explain = RelOptUtil.toString(optimized);
    DirectScanPlan direct = directPlan(optimized, root);
    Bindable<Object> bindable = null;
    Map<String, Object> stash = new HashMap<>();
    if (direct == null) {
      try {
        @SuppressWarnings("unchecked")
        Bindable<Object> b = EnumerableInterpretable.toBindable(stash, null, (EnumerableRel) optimized,
            EnumerableRel.Prefer.ARRAY);
        bindable = b;
      } catch (RuntimeException e) {
        throw new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED,
            "this statement cannot be compiled yet: " + String.valueOf(e.getMessage()).split("\n")[0], e);
      }
    }
    return new PlannedQuery(bindable, stash, columns, paramTypes, explain, direct);
  }

  /**
   * A scan under any number of field-only Calcs/Projects, at most one Sort (ORDER BY on fields,
   * OFFSET/FETCH) and at most one Limit: the shape the direct path can run.
   */
  private static DirectScanPlan directPlan(RelNode rel, RelRoot root) {
    int width = rel.getRowType().getFieldCount();
    int[] fields = new int[width];
    RexNode[] constants = new RexNode[width];
    for (int i = 0; i < width; i++) {
      fields[i] = i;
    }
    List<RelFieldCollation> collation = null;
    int[] collationFields = null;
    RexNode offset = null;
    RexNode fetch = null;
    RelNode node = rel;
    while (!(node instanceof HeliosTableScan)) {
      int[] map;
      RexNode[] layerConstants = null;
      if (node instanceof org.apache.calcite.adapter.enumerable.EnumerableCalc calc) {
        var program = calc.getProgram();
        if (program.getCondition() != null) {
          return null;
        }
        List<RexNode> exprs = new ArrayList<>();
        for (var ref : program.getProjectList()) {
          exprs.add(program.expandLocalRef(ref));
        }
        map = inputRefs(exprs);
        layerConstants = constantsOf(exprs);
      } else if (node instanceof Project project) {
        map = inputRefs(project.getProjects());
        layerConstants = constantsOf(project.getProjects());
      } else if (node instanceof Sort sort) {
        if (collation != null || (sort.offset != null && offset != null) || (sort.fetch != null && fetch != null)) {
          return null;
        }
        if (fetch != null || offset != null) {
          // A Limit above a Sort with its own offset/fetch would need composing; keep it simple.
          if (sort.offset != null || sort.fetch != null) {
            return null;
          }
        }
        collation = sort.getCollation().getFieldCollations();
        collationFields = new int[collation.size()];
        for (int i = 0; i < collationFields.length; i++) {
          collationFields[i] = collation.get(i).getFieldIndex();
        }
        if (sort.offset != null) {
          offset = sort.offset;
        }
        if (sort.fetch != null) {
          fetch = sort.fetch;
        }
        map = null;
      } else if (node instanceof org.apache.calcite.adapter.enumerable.EnumerableLimit limit) {
        if (collation != null || offset != null || fetch != null) {
          return null;
        }
        offset = limit.offset;
        fetch = limit.fetch;
        map = null;
      } else {
        return null;
      }
      if (node instanceof Project || node instanceof org.apache.calcite.adapter.enumerable.EnumerableCalc) {
        if (map == null) {
          return null;
        }
        for (int i = 0; i < fields.length; i++) {
          if (fields[i] >= 0) {
            int below = map[fields[i]];
            if (below < 0) {
              constants[i] = layerConstants[fields[i]];
            }
            fields[i] = below;
          }
        }
        if (collationFields != null) {
          for (int i = 0; i < collationFields.length; i++) {
            collationFields[i] = map[collationFields[i]];
            if (collationFields[i] < 0) {
              return null; // ORDER BY a constant: leave it to Calcite
            }
          }
        }
      }
      if (node.getInputs().size() != 1) {
        return null;
      }
      node = node.getInput(0);
    }
    HeliosTableScan scan = (HeliosTableScan) node;
    if (scan.spec().hasAggregate()) {
      return null;
    }
    for (RexNode n : new RexNode[] {offset, fetch}) {
      if (n != null && !(n instanceof RexLiteral || n instanceof RexDynamicParam)) {
        return null;
      }
    }
    // RelRoot may drop trailing fields (e.g. ORDER BY helpers); map through its projection.
    if (!root.isRefTrivial()) {
      int[] mapped = new int[root.fields.size()];
      RexNode[] mappedConstants = new RexNode[mapped.length];
      for (int i = 0; i < mapped.length; i++) {
        mapped[i] = fields[root.fields.get(i).getKey()];
        mappedConstants[i] = constants[root.fields.get(i).getKey()];
      }
      fields = mapped;
      constants = mappedConstants;
    }
    DataType[] constantTypes = new DataType[fields.length];
    for (int i = 0; i < fields.length; i++) {
      if (fields[i] < 0) {
        constantTypes[i] = CalciteTypes.toDataType(constants[i].getType());
      }
    }
    List<DirectScanPlan.SortKey> keys = new ArrayList<>();
    if (collation != null) {
      for (int i = 0; i < collation.size(); i++) {
        RelFieldCollation c = collation.get(i);
        boolean desc = c.getDirection().isDescending();
        boolean nullsFirst = switch (c.nullDirection) {
          case FIRST -> true;
          case LAST -> false;
          default -> desc;
        };
        keys.add(new DirectScanPlan.SortKey(collationFields[i], desc, nullsFirst));
      }
    }
    return new DirectScanPlan(ScanRuntime.of(scan.heliosTable().descriptor(), scan.spec(), scan.getRowType()),
        fields, keys, offset, fetch, constants, constantTypes);
  }

  /** Input field per expression, -1 for a constant (see {@link #constantsOf}); null if any is neither. */
  private static int[] inputRefs(List<RexNode> exprs) {
    int[] out = new int[exprs.size()];
    for (int i = 0; i < out.length; i++) {
      if (exprs.get(i) instanceof RexInputRef ref) {
        out[i] = ref.getIndex();
      } else if (isConstant(exprs.get(i))) {
        out[i] = -1;
      } else {
        return null;
      }
    }
    return out;
  }

  /**
   * A literal or parameter, maybe under casts that keep its value as it is (a constant beside a
   * timestamp column keeps the direct path, so the timestamp keeps its microseconds).
   */
  private static boolean isConstant(RexNode e) {
    RexNode inner = e;
    while (inner.getKind() == SqlKind.CAST) {
      RexNode operand = ((RexCall) inner).getOperands().get(0);
      if (!sameFamily(inner.getType(), operand.getType())) {
        return false;
      }
      inner = operand;
    }
    return (inner instanceof RexLiteral lit && (lit.isNull() || CalciteTypes.toDataType(lit.getType()).isNumeric()
        || CalciteTypes.toDataType(lit.getType()).isString() || lit.getType().getSqlTypeName()
        == org.apache.calcite.sql.type.SqlTypeName.BOOLEAN))
        || inner instanceof RexDynamicParam;
  }

  /** Casts that cannot change a literal's value: integer to integer, anything string-like to text. */
  private static boolean sameFamily(RelDataType target, RelDataType operand) {
    DataType x = CalciteTypes.toDataType(target);
    DataType y = CalciteTypes.toDataType(operand);
    return (x.isInteger() && y.isInteger()) || (x.equals(DataType.TEXT) && y.isString());
  }

  private static RexNode[] constantsOf(List<RexNode> exprs) {
    RexNode[] out = new RexNode[exprs.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(exprs.get(i) instanceof RexInputRef)) {
        out[i] = exprs.get(i);
      }
    }
    return out;
  }

  /** Result columns, with table-column types (json, uuid, timestamptz ...) where a column comes straight from a table. */
  private static List<ColumnMeta> resultColumns(RelNode rel, RelRoot root) {
    RelMetadataQuery mq = rel.getCluster().getMetadataQuery();
    List<ColumnMeta> out = new ArrayList<>();
    List<RelDataTypeField> fields = rel.getRowType().getFieldList();
    for (var f : root.fields) {
      int index = f.getKey();
      RelDataTypeField field = fields.get(index);
      DataType type = CalciteTypes.toDataType(field.getType());
      long tableId = 0;
      int columnIndex = 0;
      int[] scanned = {0};
      HeliosTableScan scan = scannedColumn(rel, index, scanned);
      try {
        RelColumnOrigin origin = scan != null ? null : mq.getColumnOrigin(rel, index);
        if (origin != null && !origin.isDerived()) {
          RelOptTable t = origin.getOriginTable();
          HeliosTable ht = t.unwrap(HeliosTable.class);
          if (ht != null) {
            var col = ht.descriptor().columns().get(origin.getOriginColumnOrdinal());
            type = col.type();
            tableId = ht.descriptor().tableId();
            columnIndex = origin.getOriginColumnOrdinal() + 1;
          }
        }
      } catch (RuntimeException ignored) {
        // origin is a nicety for types; the Calcite type stands
      }
      if (scan != null) {
        // Metadata cannot see through a scan whose projection is pushed into it.
        type = scan.heliosTable().descriptor().columns().get(scanned[0]).type();
        tableId = scan.heliosTable().descriptor().tableId();
        columnIndex = scanned[0] + 1;
      }
      out.add(new ColumnMeta(f.getValue(), type, field.getType().isNullable(), tableId, columnIndex));
    }
    return out;
  }

  /**
   * The table column a result field reads unchanged, through field-only Calcs/Projects, Sorts and
   * Limits down to a scan without aggregation; {@code column[0]} receives its index. Null otherwise.
   */
  private static HeliosTableScan scannedColumn(RelNode rel, int index, int[] column) {
    RelNode node = rel;
    int field = index;
    while (!(node instanceof HeliosTableScan)) {
      List<RexNode> exprs = null;
      if (node instanceof org.apache.calcite.adapter.enumerable.EnumerableCalc calc) {
        var program = calc.getProgram();
        exprs = new ArrayList<>();
        for (var ref : program.getProjectList()) {
          exprs.add(program.expandLocalRef(ref));
        }
      } else if (node instanceof Project project) {
        exprs = project.getProjects();
      } else if (!(node instanceof Sort || node instanceof org.apache.calcite.adapter.enumerable.EnumerableLimit)) {
        return null;
      }
      if (exprs != null) {
        if (field >= exprs.size() || !(exprs.get(field) instanceof RexInputRef ref)) {
          return null;
        }
        field = ref.getIndex();
      }
      if (node.getInputs().size() != 1) {
        return null;
      }
      node = node.getInput(0);
    }
    HeliosTableScan scan = (HeliosTableScan) node;
    if (scan.spec().hasAggregate()) {
      return null;
    }
    int[] projection = scan.spec().projection();
    column[0] = projection == null ? field : projection[field];
    return column[0] < scan.heliosTable().descriptor().columns().size() ? scan : null;
  }

  /** Rows of a plan run through generated code, in Calcite's internal form (one Object[] per row). */
  public static Object[] asRow(Object o, int columns) {
    if (columns == 1 && !(o instanceof Object[])) {
      return new Object[] {o};
    }
    return (Object[]) o;
  }

  /** The DataContext for one execution. */
  public org.apache.calcite.DataContext dataContext(PlannedQuery plan, ExecutionContext execution) {
    return new HeliosDataContext(rootSchema.plus(), typeFactory, plan.stash(), execution);
  }

  /** The operand under any casts: the fast path converts straight to the column type instead. */
  private static RexNode stripCasts(RexNode e) {
    RexNode inner = e;
    while (inner.getKind() == SqlKind.CAST) {
      inner = ((RexCall) inner).getOperands().get(0);
    }
    return inner;
  }

  /** The parameter an INSERT fast-path cell reads (under any casts), or -1 for a literal. */
  public static int parameterOf(RexNode e) {
    return stripCasts(e) instanceof RexDynamicParam p ? p.getIndex() : -1;
  }

  /** Value of an INSERT fast-path cell. */
  public static Object literalRowValue(RexNode e, ExecutionContext ctx, DataType target) {
    RexNode inner = stripCasts(e);
    Object v;
    if (inner instanceof RexDynamicParam p) {
      v = ctx.parameters().get(p.getIndex());
    } else {
      v = RexToHidb.literalValue((RexLiteral) inner);
      if (v != null && v.getClass().isEnum()) {
        throw HeliosException.notSupported("literal " + inner);
      }
    }
    return ValueCoercion.coerce(target, v);
  }
}
