package io.heliosdb.wire.postgres.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heliosdb.planner.api.ColumnMeta;
import io.heliosdb.planner.api.CopyFormat;
import io.heliosdb.hidb.types.DataType;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** What the encoder writes, the decoder reads back unchanged: any text, any chunking, text and CSV. */
class CopyRoundTripPropertyTest {

  @Provide
  Arbitrary<String> awkward() {
    Arbitrary<String> tricky = Arbitraries.strings()
        .withChars('\t', '\n', '\r', '\\', '"', ',', '.', 'N', 'a', ' ', '\'', ';', '|', (char) 11, '\b', '\f')
        .ofMaxLength(12);
    Arbitrary<String> any = Arbitraries.strings().all().excludeChars('\u0000').ofMaxLength(12)
        .filter(s -> s.codePoints().noneMatch(c -> Character.getType(c) == Character.SURROGATE));
    return Arbitraries.oneOf(tricky, any, Arbitraries.of("\\.", "\\N", "", "\"\""));
  }

  @Provide
  Arbitrary<CopyFormat> formats() {
    return Arbitraries.of(CopyFormat.TEXT, CopyFormat.CSV,
        new CopyFormat(false, false, '|', "NULL", '"', '"'),
        new CopyFormat(true, false, ';', "\\N", '\'', '\\'),
        new CopyFormat(true, true, ',', "", '"', '"'));
  }

  @Property(tries = 500)
  void encodeThenDecodeRoundTrips(@ForAll("formats") CopyFormat format,
      @ForAll @Size(min = 1, max = 4) List<@From("awkward") String> firstRow,
      @ForAll @Size(max = 4) List<List<@From("awkward") String>> rest,
      @ForAll @IntRange(min = 1, max = 9) int chunk) {
    int width = firstRow.size();
    List<List<String>> rows = new ArrayList<>();
    rows.add(firstRow);
    for (List<String> r : rest) {
      List<String> sized = new ArrayList<>(r);
      while (sized.size() < width) {
        sized.add(null);
      }
      rows.add(new ArrayList<>(sized.subList(0, width)));
    }
    List<ColumnMeta> columns = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      columns.add(ColumnMeta.of("c" + i, DataType.TEXT));
    }
    CopyEncoder encoder = new CopyEncoder(format, columns, ZoneOffset.UTC);
    StringBuilder wire = new StringBuilder();
    if (format.header()) {
      wire.append("c0\n");
    }
    for (List<String> r : rows) {
      for (int i = 0; i < width; i++) {
        if (i > 0) {
          wire.append(format.delimiter());
        }
        if (r.get(i) == null) {
          wire.append(format.nullString());
        } else {
          encoder.appendField(wire, r.get(i), width == 1);
        }
      }
      wire.append('\n');
    }
    assertEquals(rows, CopyDecoderTest.decode(format, wire.toString(), chunk), wire.toString());
  }
}
