package io.heliosdb.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

/**
 * Makes {@link PgFunctions} callable from SQL, unqualified or as pg_catalog.name(...); a
 * pg_catalog-qualified name that is not one of ours resolves to the built-in of that name
 * (pg_catalog.array_agg ...), as PostgreSQL's built-ins all live in pg_catalog.
 */
public final class PgOperatorTable implements SqlOperatorTable {
  private final Map<String, SqlOperator> operators;
  private final SqlOperatorTable builtIns;

  /** @param builtIns the table that resolves built-in functions (Calcite's standard + PostgreSQL library) */
  public PgOperatorTable(SqlOperatorTable builtIns) {
    this.builtIns = builtIns;
    Map<String, SqlOperator> m = new java.util.LinkedHashMap<>();
    for (PgFunctions.Definition d : PgFunctions.definitions().values()) {
      m.put(d.name(), operator(d));
    }
    this.operators = Map.copyOf(m);
  }

  /** The operator of a function by name (for rewriting CURRENT_USER and friends), or null. */
  public SqlOperator operator(String name) {
    return operators.get(name);
  }

  @Override
  public void lookupOperatorOverloads(SqlIdentifier opName, SqlFunctionCategory category, SqlSyntax syntax,
      List<SqlOperator> operatorList, SqlNameMatcher nameMatcher) {
    String simple;
    if (opName.isSimple()) {
      simple = opName.getSimple();
    } else if (opName.names.size() == 2 && opName.names.get(0).equalsIgnoreCase("pg_catalog")) {
      simple = opName.names.get(1);
      SqlOperator ours = operators.get(simple.toLowerCase(Locale.ROOT));
      if (ours == null) {
        builtIns.lookupOperatorOverloads(new SqlIdentifier(simple, opName.getParserPosition()), category, syntax,
            operatorList, nameMatcher);
        return;
      }
    } else {
      return;
    }
    SqlOperator op = operators.get(simple.toLowerCase(Locale.ROOT));
    if (op != null && (syntax == SqlSyntax.FUNCTION || syntax == SqlSyntax.FUNCTION_ID)) {
      operatorList.add(op);
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return new ArrayList<>(operators.values());
  }

  private static SqlOperator operator(PgFunctions.Definition d) {
    int count = d.operands().size();
    // APPROXIMATE_NUMERIC marks a float8 argument: any number is accepted, a parameter binds as float8.
    List<SqlTypeFamily> accepted = d.operands().stream()
        .map(f -> f == SqlTypeFamily.APPROXIMATE_NUMERIC ? SqlTypeFamily.NUMERIC : f).toList();
    var checker = OperandTypes.operandMetadata(accepted, f -> parameterTypes(f, d), i -> "arg" + i,
        i -> i >= count - d.optional());
    // ARRAY results are integer arrays, except the array-input functions' (their element type).
    SqlTypeName element = PgFunctions.ARRAY_IN_ELEMENTS.getOrDefault(d.name(), SqlTypeName.INTEGER);
    org.apache.calcite.sql.type.SqlReturnTypeInference base = d.returnType() == SqlTypeName.ARRAY
        ? binding -> binding.getTypeFactory().createArrayType(binding.getTypeFactory().createTypeWithNullability(
            binding.getTypeFactory().createSqlType(element), true), -1)
        : ReturnTypes.explicit(d.returnType());
    var returnType = base.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    SqlIdentifier name = new SqlIdentifier(d.name(), SqlParserPos.ZERO);
    // A parameter in an any-typed position binds as text (an unknown-typed literal in PostgreSQL);
    // a lifted number then fails the exact-conversion check and is planned as written.
    org.apache.calcite.sql.type.SqlOperandTypeInference inference = (binding, ret, types) -> {
      List<RelDataType> inferred = parameterTypes(binding.getTypeFactory(), d, SqlTypeName.VARCHAR);
      for (int i = 0; i < types.length && i < inferred.size(); i++) {
        types[i] = inferred.get(i);
      }
    };
    return new SqlUserDefinedFunction(name, SqlKind.OTHER_FUNCTION, returnType, inference, checker,
        new Implementation(d)) {
      @Override
      public boolean isDeterministic() {
        return d.volatility() == PgFunctions.Volatility.IMMUTABLE;
      }

      @Override
      public boolean isDynamicFunction() {
        return d.volatility() == PgFunctions.Volatility.STABLE;
      }
    };
  }

  private static List<RelDataType> parameterTypes(RelDataTypeFactory f, PgFunctions.Definition d) {
    return parameterTypes(f, d, SqlTypeName.ANY);
  }

  private static List<RelDataType> parameterTypes(RelDataTypeFactory f, PgFunctions.Definition d,
      SqlTypeName anyAs) {
    List<RelDataType> out = new ArrayList<>();
    for (SqlTypeFamily family : d.operands()) {
      SqlTypeName type = switch (family) {
        case NUMERIC -> SqlTypeName.INTEGER;
        case APPROXIMATE_NUMERIC -> SqlTypeName.DOUBLE;
        case CHARACTER -> SqlTypeName.VARCHAR;
        case BOOLEAN -> SqlTypeName.BOOLEAN;
        default -> anyAs;
      };
      out.add(f.createTypeWithNullability(f.createSqlType(type), true));
    }
    return out;
  }

  /** Generated code calls PgFunctions.invoke(name, root, new Object[] {args}). */
  private static final class Implementation implements ImplementableFunction {
    private final PgFunctions.Definition definition;

    Implementation(PgFunctions.Definition definition) {
      this.definition = definition;
    }

    @Override
    public List<FunctionParameter> getParameters() {
      List<FunctionParameter> out = new ArrayList<>();
      for (int i = 0; i < definition.operands().size(); i++) {
        int ordinal = i;
        out.add(new FunctionParameter() {
          @Override
          public int getOrdinal() {
            return ordinal;
          }

          @Override
          public String getName() {
            return "arg" + ordinal;
          }

          @Override
          public RelDataType getType(org.apache.calcite.rel.type.RelDataTypeFactory typeFactory) {
            return typeFactory.createSqlType(org.apache.calcite.sql.type.SqlTypeName.ANY);
          }

          @Override
          public boolean isOptional() {
            return ordinal >= definition.operands().size() - definition.optional();
          }
        });
      }
      return out;
    }

    @Override
    public CallImplementor getImplementor() {
      return (translator, call, nullAs) -> {
        // Omitted optional arguments arrive as DEFAULT: the body sees only the arguments given.
        List<org.apache.calcite.rex.RexNode> given = call.getOperands().stream()
            .filter(o -> o.getKind() != SqlKind.DEFAULT).toList();
        List<java.lang.reflect.Type> types = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
          types.add(Object.class);
        }
        List<Expression> args = translator.translateList(given, types);
        Expression invoke = Expressions.call(PgFunctions.INVOKE, Expressions.constant(definition.name()),
            org.apache.calcite.DataContext.ROOT, Expressions.newArrayInit(Object.class, args));
        Class<?> javaType = switch (definition.returnType()) {
          case BOOLEAN -> Boolean.class;
          case INTEGER -> Integer.class;
          case BIGINT, TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Long.class;
          case ARRAY -> List.class;
          default -> String.class;
        };
        return Expressions.convert_(invoke, javaType);
      };
    }
  }
}
