package io.heliosdb.planner.exec;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One transaction as compute drives it (ADR 0007): its id, the snapshot its statements read at,
 * the coordinator cell holding its record (chosen at the first write), the cells holding its
 * intents, and the lowest commit timestamp the cells allow. Mutable, owned by one session.
 */
public final class Txn {
  private final long id;
  private final long startTs;
  private String coordinator;
  private final Set<String> participants = new LinkedHashSet<>();
  private long minCommitTs;

  public Txn(long id, long startTs) {
    this.id = id;
    this.startTs = startTs;
  }

  public long id() {
    return id;
  }

  /** Snapshot of the transaction's first statement. */
  public long startTs() {
    return startTs;
  }

  /** Null until the first write began the transaction's record. */
  public String coordinator() {
    return coordinator;
  }

  void began(String coordinatorCell) {
    this.coordinator = coordinatorCell;
  }

  public boolean hasWrites() {
    return coordinator != null;
  }

  Set<String> participants() {
    return participants;
  }

  void wrote(String cellId, long cellMinCommitTs) {
    participants.add(cellId);
    minCommitTs = Math.max(minCommitTs, cellMinCommitTs);
  }

  long minCommitTs() {
    return minCommitTs;
  }
}
