package io.heliosdb.wire.mysql.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.hidb.types.DataType;
import io.heliosdb.wire.mysql.MySqlFrontEnd;
import io.heliosdb.wire.mysql.auth.NativePassword;
import io.heliosdb.wire.mysql.packet.BinaryRow;
import io.heliosdb.wire.mysql.packet.Capabilities;
import io.heliosdb.wire.mysql.packet.ErrPacket;
import io.heliosdb.wire.mysql.packet.FieldListRequest;
import io.heliosdb.wire.mysql.packet.FieldType;
import io.heliosdb.wire.mysql.packet.HandshakeResponse;
import io.heliosdb.wire.mysql.packet.HandshakeV10;
import io.heliosdb.wire.mysql.packet.MySqlTemporal;
import io.heliosdb.wire.mysql.packet.StmtExecute;
import io.heliosdb.wire.mysql.packet.StmtPrepareOk;
import io.heliosdb.wire.mysql.packet.StmtReference;
import io.heliosdb.wire.mysql.packet.StmtSendLongData;
import io.heliosdb.wire.mysql.testing.FakeSessions;
import io.heliosdb.wire.mysql.testing.MySqlTestClient;
import io.heliosdb.wire.mysql.testing.MySqlTestClient.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** COM_STMT_* and COM_FIELD_LIST through the real pipeline in an EmbeddedChannel. */
class PreparedStatementsTest {
  private static final int CLIENT = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
      | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB | Capabilities.TRANSACTIONS;
  private static final MySqlFrontEnd FRONT_END = new MySqlFrontEnd();

  static MySqlTestClient login(int caps) {
    MySqlTestClient client = new MySqlTestClient(FRONT_END, new FakeSessions());
    HandshakeV10 hello = HandshakeV10.decode(client.read().get(0).payload());
    client.send(1, new HandshakeResponse(caps, 1 << 24, 255, FakeSessions.USER,
        NativePassword.clientResponse(hello.scramble(), FakeSessions.PASSWORD), "heliosdb", NativePassword.PLUGIN));
    assertEquals(0, client.read().get(0).header());
    return client;
  }

  static void command(MySqlTestClient client, int code, Consumer<ByteBuf> argument) {
    ByteBuf buf = Unpooled.buffer();
    buf.writeByte(code);
    argument.accept(buf);
    client.send(0, ByteBufUtil.getBytes(buf));
  }

  static StmtPrepareOk prepare(MySqlTestClient client, String sql, int expectedFrames) {
    command(client, 0x16, b -> b.writeBytes(sql.getBytes(StandardCharsets.UTF_8)));
    List<Frame> frames = client.read();
    assertEquals(expectedFrames, frames.size());
    return StmtPrepareOk.decode(frames.get(0).payload());
  }

  private static List<Frame> execute(MySqlTestClient client, int id, int flags, boolean bound, int[] types,
      List<Object> values) {
    command(client, 0x17, new StmtExecute(id, flags, 1, bound, types, values)::encode);
    return client.read();
  }

  @Test
  void prepareDescribesParametersAndColumnsThenExecuteSendsBinaryRows() {
    MySqlTestClient client = login(CLIENT);
    // OK, 2 parameter definitions, EOF, 2 column definitions, EOF
    StmtPrepareOk ok = prepare(client, "SELECT id, name FROM t WHERE a = ? AND b = ?", 7);
    assertEquals(new StmtPrepareOk(1, 2, 2, 0), ok);
    List<Frame> frames = execute(client, 1, 0, true, new int[] {FieldType.LONGLONG, FieldType.VAR_STRING},
        Arrays.asList(5L, "x".getBytes(StandardCharsets.UTF_8)));
    // count, 2 columns, EOF, 2 binary rows, EOF
    assertEquals(7, frames.size());
    assertEquals("02", HexFormat.of().formatHex(frames.get(0).payload()));
    int[] columnTypes = {FieldType.LONG, FieldType.VAR_STRING};
    List<Object> first = BinaryRow.decode(frames.get(4).payload(), columnTypes);
    assertEquals(1L, first.get(0));
    assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), (byte[]) first.get(1));
    assertEquals(Arrays.asList(2L, null), BinaryRow.decode(frames.get(5).payload(), columnTypes));
    assertEquals("000802000000", HexFormat.of().formatHex(frames.get(5).payload()),
        "header, NULL bitmap (bit 2 + 1 for column 2), 2 as a 4-byte LONG");
    assertEquals(List.of(5L, "x"), client.sessions.boundParameters.get(0));
    // the client's integer type let the statement be re-prepared with a BIGINT hint for the untyped parameter
    assertEquals(Arrays.asList(DataType.BIGINT, null), client.sessions.prepareHints.get(1));
  }

  @Test
  void laterExecutesMayOmitTheTypesAndLongDataIsCollected() {
    MySqlTestClient client = login(CLIENT | Capabilities.DEPRECATE_EOF);
    assertEquals(new StmtPrepareOk(1, 0, 2, 0), prepare(client, "INSERT INTO t VALUES (?, ?)", 3));
    int[] types = {FieldType.LONG, FieldType.BLOB};
    Frame ok = execute(client, 1, 0, true, types, Arrays.asList(7L, new byte[] {1, 2})).get(0);
    assertEquals("00012a02000000", HexFormat.of().formatHex(ok.payload()), "OK: 1 row, last insert id 42, autocommit");
    command(client, 0x18, new StmtSendLongData(1, 1, "hello ".getBytes(StandardCharsets.UTF_8))::encode);
    command(client, 0x18, new StmtSendLongData(1, 1, "world".getBytes(StandardCharsets.UTF_8))::encode);
    assertTrue(client.read().isEmpty(), "SEND_LONG_DATA has no answer");
    execute(client, 1, 0, false, types, Arrays.asList(8L, StmtExecute.LONG_DATA));
    assertEquals(List.of(8L, "hello world"), client.sessions.boundParameters.get(1));
    execute(client, 1, 0, false, types, Arrays.asList(9L, null));
    assertEquals(Arrays.asList(9L, null), client.sessions.boundParameters.get(2), "long data is used by one execute only");
  }

  @Test
  void resetCloseUnknownStatementsCursorsAndBadParameters() {
    MySqlTestClient client = login(CLIENT);
    prepare(client, "INSERT INTO t VALUES (?)", 3);
    command(client, 0x18, new StmtSendLongData(1, 0, new byte[] {'a'})::encode);
    command(client, 0x1a, new StmtReference(1)::encode);
    assertEquals(0, client.read().get(0).header(), "COM_STMT_RESET answers OK");
    execute(client, 1, 0, true, new int[] {FieldType.VAR_STRING}, Arrays.asList((Object) null));
    assertEquals(Arrays.asList((Object) null), client.sessions.boundParameters.get(0), "reset dropped the long data");

    Frame cursor = execute(client, 1, 1, false, new int[] {FieldType.VAR_STRING}, Arrays.asList((Object) null)).get(0);
    assertEquals(1235, ErrPacket.decode(cursor.payload()).errorCode());

    command(client, 0x17, b -> b.writeIntLE(1).writeByte(0).writeIntLE(1).writeByte(0).writeByte(1).writeShortLE(99));
    assertEquals(new ErrPacket(1210, "HY000", "Incorrect arguments to mysqld_stmt_execute"),
        ErrPacket.decode(client.read().get(0).payload()));

    Frame dup = execute(client, 1, 0, true, new int[] {FieldType.VAR_STRING},
        List.of("FAIL".getBytes(StandardCharsets.UTF_8))).get(0);
    assertEquals(1062, ErrPacket.decode(dup.payload()).errorCode());

    command(client, 0x19, new StmtReference(1)::encode);
    assertTrue(client.read().isEmpty(), "COM_STMT_CLOSE has no answer");
    Frame unknown = execute(client, 1, 0, false, new int[0], List.of()).get(0);
    assertEquals(new ErrPacket(1243, "HY000", "Unknown prepared statement handler (1) given to mysqld_stmt_execute"),
        ErrPacket.decode(unknown.payload()));
    command(client, 0x1a, new StmtReference(77)::encode);
    assertEquals(1243, ErrPacket.decode(client.read().get(0).payload()).errorCode());
    assertTrue(client.channel.isActive());
  }

  @Test
  void statementsDoNotSurviveResetConnection() {
    MySqlTestClient client = login(CLIENT);
    prepare(client, "INSERT INTO t VALUES (?)", 3);
    command(client, 0x1f, b -> { });
    assertEquals(0, client.read().get(0).header());
    Frame unknown = execute(client, 1, 0, true, new int[] {FieldType.LONG}, List.of(1L)).get(0);
    assertEquals(1243, ErrPacket.decode(unknown.payload()).errorCode());
  }

  @Test
  void temporalParametersArriveAsMySqlText() {
    MySqlTestClient client = login(CLIENT);
    prepare(client, "INSERT INTO t VALUES (?, ?, ?)", 5);
    execute(client, 1, 0, true, new int[] {FieldType.DATE, FieldType.DATETIME, FieldType.TIME},
        List.of(MySqlTemporal.date(FieldType.DATE, 2024, 2, 29, 0, 0, 0, 0),
            MySqlTemporal.date(FieldType.DATETIME, 2024, 2, 29, 13, 5, 7, 120),
            MySqlTemporal.time(true, 1, 2, 3, 4, 0)));
    assertEquals(List.of("2024-02-29", "2024-02-29 13:05:07.000120", "-26:03:04"), client.sessions.boundParameters.get(0));
  }

  @Test
  void fieldListSendsColumnDefinitionsWithDefaultsThenEof() {
    MySqlTestClient client = login(CLIENT);
    command(client, 0x04, new FieldListRequest("t", "")::encode);
    List<Frame> frames = client.read();
    assertEquals(3, frames.size());
    byte[] def = frames.get(0).payload();
    assertEquals((byte) 0xFB, def[def.length - 1], "default value: NULL");
    assertEquals("fe00000200", HexFormat.of().formatHex(frames.get(2).payload()));
    command(client, 0x04, new FieldListRequest("t", "na%")::encode);
    assertEquals(2, client.read().size(), "wildcard keeps 'name' only");
    command(client, 0x04, new FieldListRequest("missing", "")::encode);
    assertEquals(1146, ErrPacket.decode(client.read().get(0).payload()).errorCode());
  }

  @Test
  void tooManyStatementsAreRefused() {
    MySqlTestClient client = login(CLIENT | Capabilities.DEPRECATE_EOF);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < MySqlConnection.MAX_PREPARED_STATEMENTS; i++) {
      command(client, 0x16, b -> b.writeBytes("INSERT ?".getBytes(StandardCharsets.UTF_8)));
      ids.add(StmtPrepareOk.decode(client.read().get(0).payload()).statementId());
    }
    command(client, 0x16, b -> b.writeBytes("INSERT ?".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1461, ErrPacket.decode(client.read().get(0).payload()).errorCode());
    command(client, 0x19, new StmtReference(ids.get(0))::encode);
    command(client, 0x16, b -> b.writeBytes("INSERT ?".getBytes(StandardCharsets.UTF_8)));
    assertEquals(0, client.read().get(0).header(), "closing one makes room");
  }
}
