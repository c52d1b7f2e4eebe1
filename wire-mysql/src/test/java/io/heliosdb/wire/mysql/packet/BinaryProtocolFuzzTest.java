package io.heliosdb.wire.mysql.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heliosdb.wire.mysql.session.PreparedStatementsFuzzSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The binary-protocol decoders on random input: they decode or throw {@link MalformedPacket},
 * nothing else; and what a client encodes decodes to the same values.
 */
class BinaryProtocolFuzzTest {

  @Property(tries = 500)
  void executeDecoderOnlyThrowsMalformedPacket(@ForAll @Size(max = 120) byte[] argument,
      @ForAll @IntRange(min = 0, max = 20) int parameterCount, @ForAll boolean earlierTypes) {
    int[] bound = earlierTypes ? new int[parameterCount] : null;
    if (bound != null) {
      java.util.Arrays.fill(bound, FieldType.VAR_STRING);
    }
    try {
      StmtExecute e = StmtExecute.decode(argument, parameterCount, bound, new BitSet());
      assertEquals(parameterCount, e.values().size());
    } catch (MalformedPacket expected) {
      // the connection answers ERR 1210 and goes on
    }
  }

  @Property(tries = 300)
  void otherStatementDecodersOnlyThrowMalformedPacket(@ForAll @Size(max = 40) byte[] argument) {
    for (Runnable decoder : List.<Runnable>of(() -> StmtSendLongData.decode(argument),
        () -> StmtReference.decode(argument), () -> FieldListRequest.decode(argument),
        () -> StmtPrepareOk.decode(argument), () -> BinaryRow.decode(argument, new int[] {FieldType.DATETIME, FieldType.BLOB}))) {
      try {
        decoder.run();
      } catch (MalformedPacket expected) {
        // fine
      }
    }
  }

  @Provide
  Arbitrary<Object[]> typedValue() {
    Arbitrary<Object[]> ints = Arbitraries.longs().map(v -> new Object[] {FieldType.LONGLONG, v});
    Arbitrary<Object[]> shorts = Arbitraries.shorts().map(v -> new Object[] {FieldType.SHORT, (long) v});
    Arbitrary<Object[]> doubles = Arbitraries.doubles().map(v -> new Object[] {FieldType.DOUBLE, v});
    Arbitrary<Object[]> strings = Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
        .map(v -> new Object[] {FieldType.VAR_STRING, v});
    Arbitrary<Object[]> dates = Combinators.combine(Arbitraries.integers().between(1, 9999),
        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 28), Arbitraries.integers().between(0, 23),
        Arbitraries.integers().between(0, 999_999))
        .as((y, m, d, h, us) -> new Object[] {FieldType.DATETIME, MySqlTemporal.date(FieldType.DATETIME, y, m, d, h, 0, 1, us)});
    Arbitrary<Object[]> times = Combinators.combine(Arbitraries.integers().between(0, 34), Arbitraries.integers().between(0, 23),
        Arbitraries.integers().between(0, 999_999), Arbitraries.of(true, false))
        .as((days, h, us, neg) -> new Object[] {FieldType.TIME, MySqlTemporal.time(neg, days, h, 1, 2, us)});
    Arbitrary<Object[]> nulls = Arbitraries.just(new Object[] {FieldType.VAR_STRING, null});
    return Arbitraries.oneOf(ints, shorts, doubles, strings, dates, times, nulls);
  }

  @Property(tries = 300)
  void executeRoundTrips(@ForAll @Size(max = 12) List<@From("typedValue") Object[]> params) {
    int[] types = new int[params.size()];
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      types[i] = (Integer) params.get(i)[0];
      values.add(params.get(i)[1]);
    }
    StmtExecute sent = new StmtExecute(3, 0, 1, !params.isEmpty(), types, values);
    ByteBuf buf = Unpooled.buffer();
    sent.encode(buf);
    StmtExecute got = StmtExecute.decode(ByteBufUtil.getBytes(buf), types.length, null, new BitSet());
    if (params.isEmpty()) {
      assertTrue(got.values().isEmpty());
    } else {
      assertEquals(sent, got);
    }
  }

  @Property(tries = 200)
  void randomStatementCommandsAfterLoginNeverKillTheServer(@ForAll("statementCommand") byte[] payload) {
    assertTrue(PreparedStatementsFuzzSupport.survives(payload));
  }

  @Provide
  Arbitrary<byte[]> statementCommand() {
    return Combinators.combine(Arbitraries.of((byte) 0x04, (byte) 0x16, (byte) 0x17, (byte) 0x18, (byte) 0x19, (byte) 0x1a),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(60)).as((code, rest) -> {
          byte[] out = new byte[rest.length + 1];
          out[0] = code;
          System.arraycopy(rest, 0, out, 1, rest.length);
          return out;
        });
  }
}
