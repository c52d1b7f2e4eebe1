/**
 * The protocol-neutral Session API that every front end drives. Front ends see only these types
 * and the value model; parsing, planning, pushdown and transactions live behind them.
 */
package io.heliosdb.planner.api;
