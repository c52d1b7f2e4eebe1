package io.heliosdb.metadata.raft;

/**
 * The replicated counter of one sequence: the next value no gateway has been given.
 *
 * @param next the next value to hand out (meaningless when {@code pastEnd})
 * @param pastEnd true when every value up to the bound was handed out (next would overflow the bound)
 */
public record SequenceCounter(long next, boolean pastEnd) {}
