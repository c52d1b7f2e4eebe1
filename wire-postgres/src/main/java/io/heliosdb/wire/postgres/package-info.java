/**
 * The PostgreSQL v3 wire protocol front end: the FrontEnd plug-in the gateway discovers. Message
 * classes, codec, type mapping and per-connection state live in the subpackages; the planner is
 * reached only through the Session API.
 */
package io.heliosdb.wire.postgres;
