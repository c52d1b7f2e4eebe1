package io.heliosdb.metadata.raft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.ColumnDescriptor;
import io.heliosdb.metadata.UserRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogCodecTest {

  @Test
  void createTableRoundTripsIncludingNullDefaultsAndVectorTypes() {
    CatalogCommand.CreateTable command = new CatalogCommand.CreateTable("public", "docs",
        List.of(new ColumnDescriptor("id", DataType.BIGINT, false, null, false),
            new ColumnDescriptor("price", DataType.numeric(10, 2), true, "0", false),
            new ColumnDescriptor("embedding", DataType.vector(3), true, null, false)),
        List.of(0), 16, true);
    CatalogCommand decoded = CatalogCodec.decodeCommand(CatalogCodec.encodeCommand(command));
    assertEquals(command, decoded);
    assertNull(((CatalogCommand.CreateTable) decoded).columns().get(0).defaultExpression());
  }

  @Test
  void userVerifiersRoundTripByContent() {
    CatalogCommand.PutUser command = Commands.user("alice");
    UserRecord decoded = ((CatalogCommand.PutUser) CatalogCodec.decodeCommand(
        CatalogCodec.encodeCommand(command))).user();
    assertEquals("alice", decoded.name());
    assertArrayEquals(new byte[] {1, 2}, decoded.scramSalt());
    assertArrayEquals(new byte[] {6}, decoded.mysqlNativeDigest());
  }

  @Test
  void stateImageKeepsNextTableIdAndRejectsGarbage() {
    CatalogState state = new CatalogState(CatalogState.initial().catalog(), 42);
    assertEquals(42, CatalogCodec.decodeState(CatalogCodec.encodeState(state)).nextTableId());
    assertThrows(IllegalArgumentException.class, () -> CatalogCodec.decodeState(new byte[] {(byte) 0xff, 1}));
    assertThrows(IllegalArgumentException.class, () -> CatalogCodec.decodeCommand(new byte[0]));
  }
}
