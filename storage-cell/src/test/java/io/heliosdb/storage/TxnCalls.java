package io.heliosdb.storage;

import static io.heliosdb.storage.engine.TestTables.batch;
import static io.heliosdb.storage.engine.TestTables.key;
import static io.heliosdb.storage.engine.TestTables.shardOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.GetRequest;
import io.heliosdb.hidb.proto.GetResponse;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.StatusCode;
import io.heliosdb.hidb.proto.TxnMeta;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.proto.WriteResult;
import io.heliosdb.storage.engine.TestTables;

/** The transactional calls the cell tests make on a {@link CellHarness}, over TestTables' table. */
final class TxnCalls {
  private TxnCalls() {}

  /** Writes the mutations as intents of {@code txn}. */
  static WriteResult write(CellHarness cell, TxnMeta txn, Mutation... mutations) {
    WriteBatch batch = batch(0, mutations).toBuilder().setTxn(txn).build();
    return cell.write(batch);
  }

  /** The name column of row {@code id} as a reader at snapshotTs (in transaction txnId, 0 = none) sees it. */
  static String get(CellHarness cell, long id, long snapshotTs, long txnId) {
    GetResponse response = cell.stub().get(GetRequest.newBuilder().setHeader(HidbProtocol.header())
        .setTableId(TestTables.TABLE_ID).setShardId(shardOf(id)).addKeys(ByteString.copyFrom(key(id)))
        .setSnapshotTs(snapshotTs).setTxnId(txnId).build());
    assertEquals(StatusCode.OK, response.getStatus().getCode());
    return response.getFound(0) ? (String) RowCodec.decode(TestTables.TYPES, response.getRows(0).toByteArray())[1]
        : null;
  }
}
