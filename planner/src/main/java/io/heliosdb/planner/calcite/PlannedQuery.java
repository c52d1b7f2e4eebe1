package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.ColumnMeta;
import java.util.List;
import java.util.Map;
import org.apache.calcite.runtime.Bindable;

/**
 * A query compiled once and run many times.
 *
 * @param bindable generated code for the whole plan (null when {@link #direct} covers it)
 * @param stash objects the generated code reads from the DataContext
 * @param columns result columns
 * @param parameterTypes type of each '?' marker
 * @param explain the optimized plan as text (EXPLAIN output)
 * @param direct a scan-only plan that skips generated code, or null
 */
public record PlannedQuery(Bindable<Object> bindable, Map<String, Object> stash, List<ColumnMeta> columns,
    List<DataType> parameterTypes, String explain, DirectScanPlan direct) {}
