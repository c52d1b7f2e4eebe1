package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.types.DataType;
import java.util.Map;
import java.util.TimeZone;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/** The DataContext generated Calcite code reads: stashed plan objects, parameters, clock, cancel flag. */
final class HeliosDataContext implements DataContext {
  private final SchemaPlus rootSchema;
  private final JavaTypeFactory typeFactory;
  private final Map<String, Object> stash;
  private final ExecutionContext execution;
  private final long now = System.currentTimeMillis();

  HeliosDataContext(SchemaPlus rootSchema, JavaTypeFactory typeFactory, Map<String, Object> stash,
      ExecutionContext execution) {
    this.rootSchema = rootSchema;
    this.typeFactory = typeFactory;
    this.stash = stash;
    this.execution = execution;
  }

  @Override
  public SchemaPlus getRootSchema() {
    return rootSchema;
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return typeFactory;
  }

  @Override
  public QueryProvider getQueryProvider() {
    return null;
  }

  @Override
  public Object get(String name) {
    if (ExecutionContext.KEY.equals(name)) {
      return execution;
    }
    if (name.startsWith("?")) {
      int i = Integer.parseInt(name.substring(1));
      DataType t = execution.parameterTypes().get(i);
      return CalciteTypes.toCalcite(t, execution.parameters().get(i));
    }
    if (Variable.CURRENT_TIMESTAMP.camelName.equals(name) || Variable.UTC_TIMESTAMP.camelName.equals(name)
        || Variable.LOCAL_TIMESTAMP.camelName.equals(name)) {
      // CURRENT_TIMESTAMP is the transaction's start, as now() (PostgreSQL)
      return execution != null && execution.session() != null
          ? Math.floorDiv(execution.session().clock().transactionStartMicros(), 1000L) : now;
    }
    if (Variable.TIME_ZONE.camelName.equals(name)) {
      return TimeZone.getTimeZone("UTC");
    }
    if (Variable.CANCEL_FLAG.camelName.equals(name)) {
      return execution.cancelFlag();
    }
    if (Variable.LOCALE.camelName.equals(name)) {
      return java.util.Locale.ROOT;
    }
    return stash.get(name);
  }
}
