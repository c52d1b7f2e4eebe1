/**
 * One small immutable class per PostgreSQL v3 protocol message, with its decode (frontend) or
 * encode (backend) beside it. Pure byte work: nothing here touches a channel, a session or SQL.
 */
package io.heliosdb.wire.postgres.message;
