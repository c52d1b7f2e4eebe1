package io.heliosdb.wire.mysql.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.mysql.MySqlFrontEnd;
import io.heliosdb.wire.mysql.testing.FakeSessions;
import io.heliosdb.wire.mysql.testing.MySqlTestClient;
import io.heliosdb.wire.mysql.testing.MySqlTestClient.Frame;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Random and truncated input through the whole pipeline, before and after login: the server
 * answers ERR or closes, never lets an exception escape to the event loop.
 */
class DecoderFuzzTest {
  private static final MySqlFrontEnd FRONT_END = new MySqlFrontEnd();

  @Property(tries = 300)
  void randomBytesBeforeLoginGetErrOrClose(@ForAll @Size(max = 200) byte[] junk) {
    MySqlTestClient client = new MySqlTestClient(FRONT_END, new FakeSessions());
    client.read(); // greeting
    client.channel.writeInbound(Unpooled.wrappedBuffer(junk));
    client.channel.checkException();
    List<Frame> answers = client.read();
    for (Frame f : answers) {
      assertTrue(f.header() == 0xFF || f.header() == 0xFE || f.header() == 0x01 || f.header() == 0x00,
          "only ERR, auth switch/more data or OK may answer");
    }
  }

  @Property(tries = 300)
  void randomPacketsBeforeLoginGetErrOrClose(@ForAll @Size(max = 120) byte[] payload) {
    MySqlTestClient client = new MySqlTestClient(FRONT_END, new FakeSessions());
    client.read();
    client.send(1, payload);
    client.channel.checkException();
    for (Frame f : client.read()) {
      assertTrue(f.header() == 0xFF || f.header() == 0xFE || f.header() == 0x01, "ERR, switch or more data");
    }
  }

  @Property(tries = 200)
  void truncatedHandshakeResponsesAreBadHandshakes(@ForAll @Size(min = 1, max = 60) byte[] tail) {
    MySqlTestClient client = new MySqlTestClient(FRONT_END, new FakeSessions());
    client.read();
    byte[] payload = new byte[Math.max(2, Math.min(31, tail.length))];
    System.arraycopy(tail, 0, payload, 0, Math.min(payload.length, tail.length));
    payload[1] |= 0x02; // PROTOCOL_41
    client.send(1, payload);
    client.channel.checkException();
    List<Frame> answers = client.read();
    assertTrue(answers.size() == 1 && answers.get(0).header() == 0xFF);
    assertTrue(!client.channel.isActive());
  }
}
