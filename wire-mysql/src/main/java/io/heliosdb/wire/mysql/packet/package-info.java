/**
 * One small immutable class per MySQL packet, each with its decode and/or encode of the payload
 * (framing is the codec's job), and the length-encoded integer and string helpers they share.
 */
package io.heliosdb.wire.mysql.packet;
