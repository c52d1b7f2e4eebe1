/**
 * Prometheus metrics of the process (Micrometer): per-protocol connections, statements and latency
 * reported by the front ends, scan volumes reported by the compute engine, and JVM basics. Only
 * counting lives here; nothing here reads user data or the catalog.
 */
package io.heliosdb.gateway.metrics;
