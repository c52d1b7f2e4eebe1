package io.heliosdb.gateway.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Channel;
import org.junit.jupiter.api.Test;

class CellChannelsTest {

  @Test
  void oneChannelPerAddressIsReused() {
    try (CellChannels channels = new CellChannels()) {
      Channel first = channels.apply("inprocess:cell-0");
      assertSame(first, channels.apply("inprocess:cell-0"));
      Channel tcp = channels.apply("127.0.0.1:65000");
      assertEquals("127.0.0.1:65000", tcp.authority());
    }
  }

  @Test
  void addressesThatAreNeitherInProcessNorHostPortAreRefused() {
    try (CellChannels channels = new CellChannels()) {
      assertThrows(IllegalArgumentException.class, () -> channels.apply("cell-0"));
    }
  }

  @Test
  void inProcessAddressesCarryTheServerName() {
    assertEquals("inprocess:cell-3", CellChannels.inProcessAddress("cell-3"));
  }
}
