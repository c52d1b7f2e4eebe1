/**
 * The MySQL client/server protocol front end (registered for ServiceLoader): the server speaks
 * first with a v10 handshake, then the client's commands run against a planner session in the
 * MySQL dialect. Subpackages: framing ({@code codec}), one class per packet ({@code packet}),
 * the two authentication plugins ({@code auth}) and the per-connection state ({@code session}).
 */
package io.heliosdb.wire.mysql;
