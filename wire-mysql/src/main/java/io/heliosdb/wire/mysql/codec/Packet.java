package io.heliosdb.wire.mysql.codec;

/**
 * One logical MySQL packet: its sequence id and the whole payload (continuation frames joined).
 *
 * @param sequenceId the sequence id of the first frame (0..255)
 * @param payload the payload bytes, never null
 */
public record Packet(int sequenceId, byte[] payload) {}
