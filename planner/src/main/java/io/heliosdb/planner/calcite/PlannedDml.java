package io.heliosdb.planner.calcite;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.TableDescriptor;
import java.util.List;
import org.apache.calcite.rex.RexNode;

/**
 * An INSERT, UPDATE or DELETE: the rows to change come from {@code source} (a query), or for
 * INSERT ... VALUES with only literals and parameters, straight from {@code valueRows}.
 *
 * @param kind "INSERT", "UPDATE" or "DELETE"
 * @param table target table
 * @param source query producing, for INSERT the new visible rows; for UPDATE the old visible row
 *     followed by the new values of {@code updateColumns}; for DELETE the old visible rows
 * @param valueRows INSERT fast path: per row, one literal / dynamic parameter / CAST of those per
 *     visible column; null when {@code source} must run
 * @param updateColumns table column indexes being assigned by UPDATE
 * @param parameterTypes type of each '?' marker
 */
public record PlannedDml(String kind, TableDescriptor table, PlannedQuery source, List<List<RexNode>> valueRows,
    int[] updateColumns, List<DataType> parameterTypes) {}
