/**
 * Sequences at run time (docs/adr/0008): the gateway's cache of value ranges allocated through
 * Raft ({@link io.heliosdb.planner.sequence.SequenceCache}), each session's currval / lastval
 * ({@link io.heliosdb.planner.sequence.SessionSequences}) and CREATE / DROP SEQUENCE. Nothing here
 * writes to cells; sequences are not transactional, as in PostgreSQL.
 */
package io.heliosdb.planner.sequence;
