package io.heliosdb.wire.mysql.codec;

/** Fired instead of a packet when a client sends more than the decoder accepts (max_allowed_packet). */
public record PacketTooLarge(int sequenceId, long length) {}
