package io.heliosdb.planner.sql;

import java.util.List;

/**
 * A statement rewritten for Calcite: parameter markers are '?', and (for simple queries) literal
 * values were lifted out as parameters so that statements differing only in literals share one
 * cached plan (as pg_stat_statements normalizes).
 *
 * @param text the statement with '?' markers; the plan-cache key
 * @param liftedLiterals values of lifted literals, in marker order (empty for prepared statements)
 * @param markerToParameter for prepared statements: marker k binds client parameter
 *     markerToParameter[k] ($n is n-1); null when literals were lifted
 * @param clientParameterCount number of distinct client parameters ($n)
 */
public record NormalizedStatement(String text, List<Object> liftedLiterals, int[] markerToParameter,
    int clientParameterCount) {}
