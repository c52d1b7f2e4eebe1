/**
 * The admin HTTP endpoint: liveness, readiness (with a JSON body naming what is not ready) and
 * Prometheus metrics. It only reads probes and the metric registry; it never runs statements.
 */
package io.heliosdb.gateway.admin;
