package io.heliosdb.metadata;

/**
 * Values of a sequence handed to one gateway by one Raft command: {@code first}, {@code first +
 * increment}, ... ({@code count} values). A count of 0 answers a command that only moved the counter.
 */
public record SequenceValues(long first, long count, long increment) {}
