/**
 * The embedded all-in-one node: a single-peer Raft metadata service, N storage cells served over
 * gRPC's in-process transport, and the compute engine, all under one data directory; plus first-start
 * bootstrap (superuser, TLS files, Raft port). Compute reaches the cells only through HIDB channels,
 * never by opening cell files.
 */
package io.heliosdb.gateway.embedded;
