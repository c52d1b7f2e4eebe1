package io.heliosdb.planner.exec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One transaction as compute drives it (ADR 0007): its id, the snapshot its statements read at,
 * the coordinator cell holding its record (chosen at the first write), the cells holding its
 * intents, and the lowest commit timestamp the cells allow. Each statement gets a sequence number
 * written into its intents, so ROLLBACK TO SAVEPOINT and a statement restart can take back exactly
 * the writes made since (ADR 0008). Mutable, owned by one session.
 */
public final class Txn {
  private final long id;
  private final long startTs;
  private String coordinator;
  private final Set<String> participants = new LinkedHashSet<>();
  /** The epoch (opening) of each cell the transaction touched, as that cell first answered it. */
  private final java.util.Map<String, Long> epochs = new java.util.HashMap<>();
  /** A cell answered with another epoch than before: it reopened and unsynced intents may be lost. */
  private String reopenedCell;
  private long minCommitTs;
  private int seq;
  /** Open savepoints, oldest first: the name and the first seq after it. */
  private final List<Savepoint> savepoints = new ArrayList<>();

  /** A savepoint: statements with seq >= firstSeq are after it. */
  public record Savepoint(String name, int firstSeq, int undoMark) {}

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

  void began(String coordinatorCell, long cellEpoch) {
    this.coordinator = coordinatorCell;
    sawEpoch(coordinatorCell, cellEpoch);
  }

  public boolean hasWrites() {
    return coordinator != null;
  }

  Set<String> participants() {
    return participants;
  }

  /**
   * A write of the transaction is being sent to the cell: it is a participant from now on, even if
   * the answer never comes (it may have been applied), so rollbacks, prepares and resolution reach it.
   */
  void writing(String cellId) {
    participants.add(cellId);
  }

  void wrote(String cellId, long cellMinCommitTs, long cellEpoch) {
    participants.add(cellId);
    minCommitTs = Math.max(minCommitTs, cellMinCommitTs);
    sawEpoch(cellId, cellEpoch);
  }

  private void sawEpoch(String cellId, long cellEpoch) {
    if (cellEpoch == 0) {
      return; // a failed write may carry none
    }
    Long before = epochs.putIfAbsent(cellId, cellEpoch);
    if (before != null && before != cellEpoch && reopenedCell == null) {
      reopenedCell = cellId;
    }
  }

  /** The epoch the cell first answered this transaction with; 0 if none. */
  long epochOf(String cellId) {
    return epochs.getOrDefault(cellId, 0L);
  }

  /** A cell that reopened while the transaction ran (its commit must fail), or null. */
  String reopenedCell() {
    return reopenedCell;
  }

  long minCommitTs() {
    return minCommitTs;
  }

  /**
   * ADR 0027: the transaction is one statement outside a block, so that statement's last write
   * round may also commit it. Only a first write round can: its cells are then all the participants.
   */
  private boolean commitWithLastWrite;
  /** A write round committed the transaction. */
  private boolean committedWithWrite;

  /** The session runs this transaction's only statement (ADR 0027). */
  public void mayCommitWithLastWrite() {
    commitWithLastWrite = true;
  }

  /** The statement's write about to be sent is its last: it may commit the transaction if it is the first. */
  public boolean commitsWithWrite() {
    return commitWithLastWrite && !hasWrites();
  }

  void markCommittedWithWrite() {
    committedWithWrite = true;
  }

  /** A write round that was to commit it aborted it instead (ADR 0027); its undoing is under way. */
  private boolean abortedWithWrite;

  void abortedWithWrite() {
    abortedWithWrite = true;
  }

  boolean isAbortedWithWrite() {
    return abortedWithWrite;
  }

  /** A write round committed the transaction (ADR 0027): there is nothing left to commit. */
  public boolean committedWithWrite() {
    return committedWithWrite;
  }

  /** Starts the next statement (or a restart of one); returns its seq. */
  public int nextStatement() {
    return ++seq;
  }

  /** The current statement's seq (0 before the first). */
  public int seq() {
    return seq;
  }

  /** The oldest seq a rollback may still return to: the first savepoint's, else the current statement's. */
  int savepointFloor() {
    return savepoints.isEmpty() ? seq : savepoints.get(0).firstSeq();
  }

  /** SAVEPOINT name: later statements can be taken back to here. */
  public void savepoint(String name, int undoMark) {
    savepoints.add(new Savepoint(name, seq + 1, undoMark));
  }

  /** The innermost open savepoint, or null. */
  public Savepoint newestSavepoint() {
    return savepoints.isEmpty() ? null : savepoints.get(savepoints.size() - 1);
  }

  /** The newest savepoint of that name, or null. */
  public Savepoint findSavepoint(String name) {
    for (int i = savepoints.size() - 1; i >= 0; i--) {
      if (savepoints.get(i).name().equals(name)) {
        return savepoints.get(i);
      }
    }
    return null;
  }

  /** Drops the savepoints after {@code sp} (and {@code sp} itself when {@code inclusive}). */
  public void dropSavepointsAfter(Savepoint sp, boolean inclusive) {
    int index = savepoints.lastIndexOf(sp);
    int from = inclusive ? index : index + 1;
    while (savepoints.size() > from) {
      savepoints.remove(savepoints.size() - 1);
    }
  }

  /** ROLLBACK TO: the statements after the savepoint are gone; new statements continue after them. */
  public void rolledBackTo(Savepoint sp) {
    // seq keeps increasing so that a later statement never reuses a taken-back seq.
    dropSavepointsAfter(sp, false);
  }
}
