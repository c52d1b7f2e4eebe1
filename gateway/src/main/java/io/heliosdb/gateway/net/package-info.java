/**
 * The gateway's Netty listeners: the shared front-door port that sniffs the first bytes (terminating
 * TLS first when they are a ClientHello) and hands the channel to the matching front end, and the
 * per-protocol ports that install one front end directly. Nothing here parses a protocol beyond
 * the first bytes, and nothing here touches sessions or user data.
 */
package io.heliosdb.gateway.net;
