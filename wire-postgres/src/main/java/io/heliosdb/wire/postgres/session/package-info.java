/**
 * Per-connection state and the thin Netty handler of the PostgreSQL front end: the startup and
 * SCRAM handshake, simple and extended query flows, prepared statements, portals and cancel keys.
 * Drives the planner only through the Session API; never parses SQL beyond what the protocol needs.
 */
package io.heliosdb.wire.postgres.session;
