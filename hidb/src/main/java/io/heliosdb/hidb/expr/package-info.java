/**
 * Evaluation of HIDB expression trees and partial aggregates over rows in the value model's Java form:
 * {@link io.heliosdb.hidb.expr.ExprEvaluator} compiles a proto Expr once into a tree of nodes that
 * evaluate many rows without per-row allocation, {@link io.heliosdb.hidb.expr.PartialAggregator}
 * computes GROUP BY partials. Shared by cells and compute; it never touches storage, SQL text or
 * the network.
 */
package io.heliosdb.hidb.expr;
