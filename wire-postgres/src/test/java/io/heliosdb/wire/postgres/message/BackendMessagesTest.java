package io.heliosdb.wire.postgres.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.planner.api.TransactionState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes for every backend message. */
class BackendMessagesTest {

  private static String hex(BackendMessage m) {
    ByteBuf out = Unpooled.buffer();
    m.encode(out);
    return ByteBufUtil.hexDump(out);
  }

  @Test
  void authentication() {
    assertEquals("520000000800000000", hex(Authentication.ok()));
    assertEquals("52000000170000000a" + "534352414d2d5348412d323536" + "0000",
        hex(Authentication.sasl(List.of("SCRAM-SHA-256"))));
    assertEquals("520000000b0000000b723d78", hex(Authentication.saslContinue("r=x")));
    assertEquals("520000000b0000000c763d79", hex(Authentication.saslFinal("v=y")));
  }

  @Test
  void sessionStartMessages() {
    assertEquals("530000000861006200", hex(new ParameterStatus("a", "b")));
    assertEquals("4b0000000c0000000100000002", hex(new BackendKeyData(1, 2)));
    assertEquals("5a0000000549", hex(ReadyForQuery.of(TransactionState.IDLE)));
    assertEquals("5a0000000554", hex(ReadyForQuery.of(TransactionState.IN_TRANSACTION)));
    assertEquals("5a0000000545", hex(ReadyForQuery.of(TransactionState.FAILED)));
    assertEquals("760000001300000000000000015f70715f2e7800", hex(new NegotiateProtocolVersion(0, List.of("_pq_.x"))));
    assertEquals("53", hex(EncryptionResponse.ACCEPTED));
    assertEquals("4e", hex(EncryptionResponse.REFUSED));
  }

  @Test
  void resultMessages() {
    assertEquals("540000001a0001" + "6100" + "00000000" + "0000" + "00000017" + "0004" + "ffffffff" + "0000",
        hex(new RowDescription(List.of(new RowDescription.Field("a", 0, (short) 0, 23, (short) 4, -1, (short) 0)))));
    assertEquals("440000000f0002" + "0000000131" + "ffffffff",
        hex(new DataRow(Arrays.asList("1".getBytes(StandardCharsets.UTF_8), null))));
    assertEquals("430000000d53454c454354203100", hex(new CommandComplete("SELECT 1")));
    assertEquals("INSERT 0 5", CommandComplete.of("INSERT", 5).tag());
    assertEquals("UPDATE 2", CommandComplete.of("UPDATE", 2).tag());
    assertEquals("DELETE 0", CommandComplete.of("DELETE", 0).tag());
    assertEquals("SELECT 7", CommandComplete.of("SELECT", 7).tag());
    assertEquals("CREATE TABLE", CommandComplete.of("CREATE TABLE", 0).tag());
    assertEquals("740000000e00020000001700000019", hex(new ParameterDescription(List.of(23, 25))));
  }

  @Test
  void emptyMessages() {
    assertEquals("3100000004", hex(EmptyBackendMessage.PARSE_COMPLETE));
    assertEquals("3200000004", hex(EmptyBackendMessage.BIND_COMPLETE));
    assertEquals("3300000004", hex(EmptyBackendMessage.CLOSE_COMPLETE));
    assertEquals("6e00000004", hex(EmptyBackendMessage.NO_DATA));
    assertEquals("7300000004", hex(EmptyBackendMessage.PORTAL_SUSPENDED));
    assertEquals("4900000004", hex(EmptyBackendMessage.EMPTY_QUERY_RESPONSE));
  }

  @Test
  void errorAndNotice() {
    assertEquals("450000001d" + "534552524f5200" + "564552524f5200" + "43343250303100" + "4d7800" + "00",
        hex(ErrorResponse.error("42P01", "x")));
    assertEquals("450000001d" + "53464154414c00" + "56464154414c00"
        + "43323850303100" + "4d7800" + "00", hex(ErrorResponse.fatal("28P01", "x")));
    assertEquals("4e", hex(NoticeResponse.warning("01000", "w")).substring(0, 2));
    assertEquals("4500000023" + "534552524f5200" + "564552524f5200" + "43585830303000" + "4d7800" + "447900" + "487a00" + "00",
        hex(new ErrorResponse("ERROR", "XX000", "x", "y", "z")));
  }
}
