/**
 * One MySQL connection: the thin Netty handler, the connection state machine (handshake, auth,
 * commands), the type and error mappings to MySQL's codes. Statements run on the gateway's
 * statement pool, one at a time per connection, never on the event loop.
 */
package io.heliosdb.wire.mysql.session;
