package io.heliosdb.wire.postgres.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.planner.api.PreparedStatement;
import io.heliosdb.planner.api.Session;
import io.heliosdb.planner.api.StatementResult;
import io.heliosdb.planner.api.TransactionState;
import io.heliosdb.wire.postgres.message.Bind;
import io.heliosdb.wire.postgres.message.ControlMessage;
import io.heliosdb.wire.postgres.message.Execute;
import io.heliosdb.wire.postgres.message.FrontendMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImplicitTransactionTest {

  /** Records transaction-control statements and keeps the state they imply. */
  private static final class TxSession implements Session {
    final List<String> executed = new ArrayList<>();
    TransactionState state = TransactionState.IDLE;

    @Override
    public StatementResult execute(String sql) {
      executed.add(sql);
      state = sql.equals("BEGIN") ? TransactionState.IN_TRANSACTION : TransactionState.IDLE;
      return StatementResult.command(sql);
    }

    @Override
    public TransactionState transactionState() {
      return state;
    }

    @Override
    public List<String> splitStatements(String sql) {
      return List.of(sql);
    }

    @Override
    public PreparedStatement prepare(String sql, List<DataType> hints) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StatementResult execute(PreparedStatement statement, List<Object> parameters) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String setting(String name) {
      return null;
    }

    @Override
    public Map<String, String> reportedSettings() {
      return Map.of();
    }

    @Override
    public void cancel() {}

    @Override
    public void close() {}
  }

  private static final Execute EXECUTE = new Execute("", 0);
  private static final FrontendMessage BIND = new Bind("", "", List.of(), List.of(), List.of());

  @Test
  void statementMayFollowLooksForABindBeforeTheNextSync() {
    List<FrontendMessage> twoThenSync = List.of(BIND, EXECUTE, BIND, EXECUTE, ControlMessage.SYNC);
    assertTrue(ImplicitTransaction.statementMayFollow(twoThenSync, 2));
    assertFalse(ImplicitTransaction.statementMayFollow(twoThenSync, 4));
    assertFalse(ImplicitTransaction.statementMayFollow(List.of(EXECUTE, ControlMessage.SYNC, BIND), 1));
    assertFalse(ImplicitTransaction.statementMayFollow(List.of(EXECUTE, EXECUTE, ControlMessage.SYNC), 1),
        "a suspended portal's next Execute is the same statement");
    assertTrue(ImplicitTransaction.statementMayFollow(List.of(EXECUTE, ControlMessage.FLUSH), 1), "no Sync yet");
  }

  @Test
  void aLoneExecuteStaysInAutocommit() {
    TxSession s = new TxSession();
    ImplicitTransaction tx = new ImplicitTransaction();
    tx.beforeExecute(s, "INSERT", false);
    tx.end(s);
    assertEquals(List.of(), s.executed);
  }

  @Test
  void severalExecutesShareOneTransactionCommittedAtSync() {
    TxSession s = new TxSession();
    ImplicitTransaction tx = new ImplicitTransaction();
    tx.beforeExecute(s, "INSERT", true);
    tx.afterStatement(s);
    tx.beforeExecute(s, "INSERT", false);
    tx.afterStatement(s);
    assertTrue(tx.isOpen());
    tx.end(s);
    assertEquals(List.of("BEGIN", "COMMIT"), s.executed);
    assertFalse(tx.isOpen());
  }

  @Test
  void aFailedStatementRollsTheBatchBackAtSync() {
    TxSession s = new TxSession();
    ImplicitTransaction tx = new ImplicitTransaction();
    tx.beforeExecute(s, "INSERT", true);
    s.state = TransactionState.FAILED; // the next statement failed
    tx.end(s);
    assertEquals(List.of("BEGIN", "ROLLBACK"), s.executed);
  }

  @Test
  void explicitTransactionControlIsTheClients() {
    TxSession s = new TxSession();
    ImplicitTransaction tx = new ImplicitTransaction();
    tx.beforeExecute(s, "BEGIN", true);
    assertFalse(tx.isOpen(), "BEGIN itself opens no implicit block");
    s.state = TransactionState.IN_TRANSACTION;
    tx.beforeExecute(s, "INSERT", true);
    assertFalse(tx.isOpen(), "inside the client's block");
    s.state = TransactionState.IDLE;
    tx.beforeExecute(s, "INSERT", true);
    assertTrue(tx.isOpen());
    tx.beforeExecute(s, "BEGIN", true);
    assertFalse(tx.isOpen(), "an explicit BEGIN makes the block the client's");
    tx.end(s);
    assertEquals(List.of("BEGIN"), s.executed);
  }

  @Test
  void explicitCommitInsideTheBlockEndsIt() {
    TxSession s = new TxSession();
    ImplicitTransaction tx = new ImplicitTransaction();
    tx.beforeExecute(s, "INSERT", true);
    s.state = TransactionState.IDLE; // the batch's own COMMIT ran
    tx.afterStatement(s);
    assertFalse(tx.isOpen());
    tx.end(s);
    assertEquals(List.of("BEGIN"), s.executed);
  }
}
