package io.heliosdb.planner.sequence;

import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.MetadataClient;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.SequenceValues;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One gateway's reserved sequence values: a range per sequence, allocated through Raft (one log
 * entry per {@link #RANGE} values, or the sequence's CACHE when larger), handed out in order to all
 * sessions of this gateway. Values are unique cluster-wide and increase per gateway; values left in
 * a range when the gateway stops are lost, as PostgreSQL loses cached values at a crash.
 */
public final class SequenceCache {
  /** Values reserved per Raft command. */
  public static final long RANGE = 1000;

  private final MetadataClient metadata;
  private final ConcurrentHashMap<Long, Range> ranges = new ConcurrentHashMap<>();
  private final LongAdder allocations = new LongAdder();

  public SequenceCache(MetadataClient metadata) {
    this.metadata = metadata;
  }

  /** Remaining values of one allocation. */
  private static final class Range {
    long next;
    long left;
    long increment;
  }

  /** The next value of the sequence. */
  public long next(SequenceDescriptor sequence) {
    Range r = ranges.computeIfAbsent(sequence.sequenceId(), id -> new Range());
    synchronized (r) {
      if (r.left == 0) {
        SequenceValues v = metadata.submitSequenceCommand(new CatalogCommand.AllocateSequenceValues(
            sequence.sequenceId(), Math.max(RANGE, sequence.cache())));
        allocations.increment();
        r.next = v.first();
        r.left = v.count();
        r.increment = v.increment();
      }
      long value = r.next;
      r.left--;
      if (r.left > 0) {
        r.next += r.increment;
      }
      return value;
    }
  }

  /** setval: drops this gateway's range so the next value follows the new counter at once. */
  public void set(SequenceDescriptor sequence, long value, boolean isCalled) {
    Range r = ranges.computeIfAbsent(sequence.sequenceId(), id -> new Range());
    synchronized (r) {
      metadata.submitSequenceCommand(new CatalogCommand.SetSequenceValue(sequence.sequenceId(), value, isCalled,
          false));
      r.left = 0;
    }
  }

  /**
   * MySQL AUTO_INCREMENT: an explicit value moves the counter past it (never back). Inside the
   * current range only the local position moves; beyond it the replicated counter moves.
   */
  public void movePast(SequenceDescriptor sequence, long value) {
    Range r = ranges.computeIfAbsent(sequence.sequenceId(), id -> new Range());
    synchronized (r) {
      long inc = sequence.increment();
      if (r.left > 0) {
        long last = r.next + (r.left - 1) * r.increment;
        boolean beforeRange = inc > 0 ? value < r.next : value > r.next;
        if (beforeRange) {
          return;
        }
        boolean inRange = inc > 0 ? value < last : value > last;
        if (inRange) {
          long skip = (value - r.next) / r.increment + 1;
          r.next += skip * r.increment;
          r.left -= skip;
          return;
        }
      }
      metadata.submitSequenceCommand(new CatalogCommand.SetSequenceValue(sequence.sequenceId(), value, true, true));
      r.left = 0;
    }
  }

  /** Drops the ranges of sequences that no longer exist. */
  public void forget(long sequenceId) {
    ranges.remove(sequenceId);
  }

  /** Raft commands issued for ranges so far (a metric: one per RANGE values in steady state). */
  public long allocations() {
    return allocations.sum();
  }
}
