package io.heliosdb.storage.txn;

import java.time.Duration;
import java.util.Objects;

/**
 * Transaction settings of one cell; every default lives in {@link #defaults()}.
 *
 * @param heartbeatTimeout a PENDING transaction whose coordinator heard no heartbeat for this long
 *     may be aborted by a reader or writer that meets one of its intents (default 10 s)
 * @param recoverOnOpen resolve the intents left by a crash in the background after the cell opens
 *     (default true)
 * @param peers how this cell asks other cells for the status of a transaction (default: the
 *     in-process gRPC server named by the cell id, as the embedded gateway serves cells)
 */
public record TxnConfig(Duration heartbeatTimeout, boolean recoverOnOpen, PeerCells peers) {
  public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  public TxnConfig {
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(peers, "peers");
    if (heartbeatTimeout.isNegative()) {
      throw new IllegalArgumentException("heartbeatTimeout must not be negative");
    }
  }

  public static TxnConfig defaults() {
    return new TxnConfig(DEFAULT_HEARTBEAT_TIMEOUT, true, new InProcessPeerCells());
  }

  public TxnConfig withHeartbeatTimeout(Duration timeout) {
    return new TxnConfig(timeout, recoverOnOpen, peers);
  }

  public TxnConfig withRecoverOnOpen(boolean recover) {
    return new TxnConfig(heartbeatTimeout, recover, peers);
  }
}
