package io.heliosdb.storage.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.proto.IntentHistory;
import io.heliosdb.hidb.proto.TxnIntent;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.storage.engine.RowVersion;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IntentBytesTest {

  private static TxnMeta meta(long txnId, long startTs, String coordinator, int seq, int floor) {
    return TxnMeta.newBuilder().setTxnId(txnId).setStartTs(startTs).setCoordinatorCell(coordinator)
        .setSeq(seq).setSavepointFloorSeq(floor).build();
  }

  /** The hand-written bytes are exactly what protobuf writes for the same intent. */
  @Property
  void encodesAsProtobufDoes(@ForAll long txnId, @ForAll long startTs, @ForAll int seq, @ForAll int floor,
      @ForAll @Size(max = 300) byte[] row, @ForAll boolean tombstone) {
    TxnMeta txn = meta(txnId, startTs, "cell-" + (txnId & 7), seq, floor);
    byte[] version = tombstone ? RowVersion.tombstone() : RowVersion.put(row);
    byte[] expected = TxnIntent.newBuilder().setTxn(txn).setSeq(seq).setVersion(ByteString.copyFrom(version))
        .build().toByteArray();
    byte[] actual = IntentBytes.intent(IntentBytes.txnField(txn), tombstone ? RowVersion.TOMBSTONE : RowVersion.PUT,
        tombstone ? null : ByteString.copyFrom(row), seq);
    assertArrayEquals(expected, actual);
  }

  /** The resolver's view reads any stored intent: with history, lock-only, fields in any order. */
  @Property
  void viewReadsWhatProtobufWrote(@ForAll long txnId, @ForAll int seq, @ForAll @Size(max = 200) byte[] version,
      @ForAll @Size(max = 3) byte[][] history) {
    TxnIntent.Builder intent = TxnIntent.newBuilder().setTxn(meta(txnId, 42, "c", seq, 0)).setSeq(seq)
        .setVersion(ByteString.copyFrom(version));
    for (int i = 0; i < history.length; i++) {
      intent.addHistory(IntentHistory.newBuilder().setSeq(i).setVersion(ByteString.copyFrom(history[i])));
    }
    byte[] bytes = intent.build().toByteArray();
    IntentBytes.View view = new IntentBytes.View().read(bytes);
    assertEquals(txnId, view.txnId);
    assertArrayEquals(version, Arrays.copyOfRange(bytes, view.versionStart, view.versionStart + view.versionLength));
  }

  @Test
  void viewReusedForAnotherIntentForgetsTheFirst() {
    IntentBytes.View view = new IntentBytes.View();
    view.read(TxnIntent.newBuilder().setTxn(meta(9, 1, "c", 1, 0)).setVersion(ByteString.copyFrom(new byte[] {1, 5}))
        .build().toByteArray());
    view.read(TxnIntent.newBuilder().setTxn(meta(10, 1, "c", 1, 0)).build().toByteArray()); // a lock
    assertEquals(10, view.txnId);
    assertEquals(0, view.versionLength);
  }

  @Test
  void truncatedIntentIsRefused() {
    byte[] bytes = TxnIntent.newBuilder().setTxn(meta(9, 1, "cell", 1, 0))
        .setVersion(ByteString.copyFrom(new byte[] {1, 2, 3})).build().toByteArray();
    assertThrows(IllegalStateException.class,
        () -> new IntentBytes.View().read(Arrays.copyOf(bytes, bytes.length - 1)));
  }
}
