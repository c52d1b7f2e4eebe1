package io.heliosdb.wire.mysql.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.mysql.codec.PacketWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Golden bytes for every packet the server writes or reads, checked against the protocol documentation. */
class PacketsGoldenTest {
  private static String hex(Consumer<ByteBuf> encoder) {
    ByteBuf b = Unpooled.buffer();
    encoder.accept(b);
    return ByteBufUtil.hexDump(b);
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  @Test
  void okPacketAndItsEndOfRowsForm() {
    assertEquals("00" + "03" + "00" + "0200" + "0000", hex(OkPacket.of(3, StatusFlags.AUTOCOMMIT)::encode));
    assertEquals("fe" + "00" + "00" + "0300" + "0000",
        hex(OkPacket.endOfRows(StatusFlags.AUTOCOMMIT | StatusFlags.IN_TRANS)::encode));
    assertEquals("00" + "fc0001" + "00" + "0000" + "0000", hex(OkPacket.of(256, 0)::encode));
    assertEquals("00" + "fd000001" + "00" + "0000" + "0000", hex(OkPacket.of(1 << 16, 0)::encode));
  }

  @Test
  void errPacket() {
    assertEquals("ff" + "1504" + "23" + HexFormat.of().formatHex("28000".getBytes(StandardCharsets.US_ASCII))
            + HexFormat.of().formatHex("Access denied".getBytes(StandardCharsets.US_ASCII)),
        hex(new ErrPacket(1045, "28000", "Access denied")::encode));
    ErrPacket back = ErrPacket.decode(bytes("ff7a042334325330325461626c65"));
    assertEquals(new ErrPacket(1146, "42S02", "Table"), back);
  }

  @Test
  void eofPacket() {
    assertEquals("fe" + "0000" + "0a00", hex(new EofPacket(0, StatusFlags.AUTOCOMMIT | StatusFlags.MORE_RESULTS_EXISTS)::encode));
  }

  @Test
  void handshakeV10() {
    byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    HandshakeV10 h = new HandshakeV10("8.0.36-HeliosDB", 7, scramble, Capabilities.server(true), 255, 2,
        "caching_sha2_password");
    String expected = "0a" + HexFormat.of().formatHex("8.0.36-HeliosDB".getBytes(StandardCharsets.US_ASCII)) + "00"
        + "07000000" + HexFormat.of().formatHex("abcdefgh".getBytes(StandardCharsets.US_ASCII)) + "00"
        + "0faa" // capabilities low: 0xaa0f (LONG_PASSWORD..CONNECT_WITH_DB, PROTOCOL_41, SSL, TRANSACTIONS, SECURE_CONNECTION)
        + "ff" + "0200"
        + "2f01" // capabilities high: 0x012f (MULTI_STATEMENTS, MULTI_RESULTS, PS_MULTI_RESULTS, PLUGIN_AUTH, LENENC_DATA, DEPRECATE_EOF)
        + "15" + "00000000000000000000"
        + HexFormat.of().formatHex("ijklmnopqrst".getBytes(StandardCharsets.US_ASCII)) + "00"
        + HexFormat.of().formatHex("caching_sha2_password".getBytes(StandardCharsets.US_ASCII)) + "00";
    assertEquals(expected, hex(h::encode));
    HandshakeV10 back = HandshakeV10.decode(bytes(expected));
    assertArrayEquals(scramble, back.scramble());
    assertEquals(Capabilities.server(true), back.capabilities());
    assertEquals("caching_sha2_password", back.authPlugin());
    assertEquals(0, Capabilities.server(false) & Capabilities.SSL, "SSL is not advertised without TLS");
  }

  @Test
  void handshakeResponseAsPyMySqlSendsIt() {
    int caps = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH
        | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA | Capabilities.CONNECT_WITH_DB;
    String payload = "08822800" + "00000001" + "ff" + "00".repeat(23)
        + HexFormat.of().formatHex("bob".getBytes(StandardCharsets.US_ASCII)) + "00"
        + "02" + "beef"
        + HexFormat.of().formatHex("heliosdb".getBytes(StandardCharsets.US_ASCII)) + "00"
        + HexFormat.of().formatHex("mysql_native_password".getBytes(StandardCharsets.US_ASCII)) + "00";
    HandshakeResponse r = HandshakeResponse.decode(bytes(payload));
    assertEquals(caps, r.capabilities());
    assertEquals("bob", r.user());
    assertArrayEquals(new byte[] {(byte) 0xbe, (byte) 0xef}, r.authResponse());
    assertEquals("heliosdb", r.database());
    assertEquals("mysql_native_password", r.authPlugin());
    ByteBuf again = Unpooled.buffer();
    r.encode(again);
    assertEquals(payload, ByteBufUtil.hexDump(again));
  }

  @Test
  void sslRequestIsTheFixedPrefixAlone() {
    HandshakeResponse ssl = HandshakeResponse.decode(bytes("000a0000" + "00000001" + "ff" + "00".repeat(23)));
    assertTrue(ssl.isSslRequest());
    assertNull(ssl.user());
    assertThrows(MalformedPacket.class, () -> HandshakeResponse.decode(bytes("0002" + "00")));
    assertThrows(MalformedPacket.class, () -> HandshakeResponse.decode(bytes("00000000" + "00000001" + "ff" + "00".repeat(23) + "41")),
        "protocol 4.1 is required");
  }

  @Test
  void columnDefinitionAndTextRow() {
    ColumnDefinition d = new ColumnDefinition("", "", "", "id", "id", 63, 11, 3, 32768 | 1, 0);
    assertEquals("03646566" + "00" + "00" + "00" + "026964" + "026964" + "0c" + "3f00" + "0b000000" + "03" + "0180" + "00" + "0000",
        hex(d::encode));
    assertEquals("0131" + "fb" + "00", hex(b -> TextRow.encode(b, new byte[][] {{'1'}, null, {}})));
  }

  @Test
  void authSwitchAndMoreData() {
    byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
    assertEquals("fe" + HexFormat.of().formatHex("caching_sha2_password".getBytes(StandardCharsets.US_ASCII)) + "00"
        + HexFormat.of().formatHex(scramble) + "00", hex(new AuthSwitchRequest("caching_sha2_password", scramble)::encode));
    assertEquals("0103", hex(AuthMoreData.FAST_AUTH_SUCCESS::encode));
    assertEquals("0104", hex(AuthMoreData.PERFORM_FULL_AUTH::encode));
  }

  @Test
  void commandsAndLengthEncodedIntegers() {
    Command q = Command.decode(bytes("0353454c4543542031"));
    assertEquals(Command.COM_QUERY, q.code());
    assertEquals("SELECT 1", q.text());
    assertEquals(Command.MULTI_STATEMENTS_OFF, Command.decode(bytes("1b0100")).option());
    assertThrows(MalformedPacket.class, () -> Command.decode(new byte[0]));
    assertThrows(MalformedPacket.class, () -> Command.decode(bytes("1b01")).option());
    PayloadReader r = new PayloadReader(bytes("fa" + "fc0001" + "fd010203" + "fe0100000000000000"));
    assertEquals(250, r.lenencInt());
    assertEquals(256, r.lenencInt());
    assertEquals(0x030201, r.lenencInt());
    assertEquals(1, r.lenencInt());
    assertThrows(MalformedPacket.class, () -> new PayloadReader(bytes("fb")).lenencInt());
  }

  @Test
  void framingSplitsAt16MiB() {
    ByteBuf out = Unpooled.buffer();
    assertEquals(4, PacketWriter.write(out, 3, Unpooled.wrappedBuffer(new byte[] {9})));
    assertEquals("01000003" + "09", ByteBufUtil.hexDump(out));
    ByteBuf big = Unpooled.buffer();
    int next = PacketWriter.write(big, 0, Unpooled.wrappedBuffer(new byte[0xFFFFFF]));
    assertEquals(2, next, "a payload of exactly 16 MiB - 1 is followed by an empty frame");
    assertEquals(4 + 0xFFFFFF + 4, big.readableBytes());
  }
}
