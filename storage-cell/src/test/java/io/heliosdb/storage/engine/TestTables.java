package io.heliosdb.storage.engine;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.ColumnLayout;
import io.heliosdb.hidb.proto.Mutation;
import io.heliosdb.hidb.proto.MutationKind;
import io.heliosdb.hidb.proto.TableLayout;
import io.heliosdb.hidb.proto.WriteBatch;
import io.heliosdb.hidb.HidbProtocol;
import io.heliosdb.hidb.types.DataType;
import java.util.List;

/** A small table (id BIGINT primary key, name TEXT, qty INTEGER) and helpers to write it. */
public final class TestTables {
  public static final long TABLE_ID = 42;
  public static final List<DataType> TYPES = List.of(DataType.BIGINT, DataType.TEXT, DataType.INTEGER);
  public static final List<DataType> KEY_TYPES = List.of(DataType.BIGINT);

  private TestTables() {}

  public static TableLayout layout() {
    return TableLayout.newBuilder()
        .setTableId(TABLE_ID)
        .setSchemaVersion(1)
        .addColumns(column("id", DataType.BIGINT, false))
        .addColumns(column("name", DataType.TEXT, true))
        .addColumns(column("qty", DataType.INTEGER, true))
        .addKeyColumns(0)
        .setVirtualShards(4)
        .setQualifiedName("public.items")
        .build();
  }

  private static ColumnLayout column(String name, DataType type, boolean nullable) {
    return ColumnLayout.newBuilder().setName(name).setType(type.toSpec()).setNullable(nullable).build();
  }

  public static byte[] key(long id) {
    return KeyCodec.encode(KEY_TYPES, new Object[] {id});
  }

  public static byte[] row(long id, String name, Integer qty) {
    return RowCodec.encode(TYPES, new Object[] {id, name, qty});
  }

  public static int shardOf(long id) {
    return (int) Math.floorMod(id, 4L);
  }

  public static Mutation mutation(MutationKind kind, long id, String name, Integer qty) {
    Mutation.Builder m = Mutation.newBuilder().setKind(kind).setShardId(shardOf(id))
        .setKey(ByteString.copyFrom(key(id)));
    if (kind != MutationKind.DELETE) {
      m.setRow(ByteString.copyFrom(row(id, name, qty)));
    }
    return m.build();
  }

  public static WriteBatch batch(long commitTs, Mutation... mutations) {
    return WriteBatch.newBuilder().setHeader(HidbProtocol.header()).setTableId(TABLE_ID)
        .setCommitTs(commitTs).setSync(true).addAllMutations(List.of(mutations)).build();
  }
}
