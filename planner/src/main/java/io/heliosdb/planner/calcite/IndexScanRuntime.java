package io.heliosdb.planner.calcite;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.expr.Literals;
import io.heliosdb.hidb.proto.Expr;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.constraint.IndexEntries;
import io.heliosdb.planner.exec.RowStream;
import io.heliosdb.planner.exec.ScanRequest;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs an {@link IndexLookup}: reads the index entries of every probe at the statement's snapshot
 * (as the statement's transaction, so its own writes count), then fetches the base rows by primary
 * key in batches. Entries and rows come from the same snapshot, and entries are written in the
 * same transactions as rows, so they agree.
 */
final class IndexScanRuntime {
  private static final int GET_BATCH = 1000;

  private IndexScanRuntime() {}

  /** The rows, or null when the index is gone from the catalog (the caller then scans the table). */
  static RowStream open(TableDescriptor planned, ScanSpec spec, ExecutionContext ctx) {
    TableDescriptor table = ctx.catalog().tables().get(planned.tableId());
    if (table == null) {
      return null;
    }
    Optional<IndexDescriptor> index = table.index(spec.indexLookup().indexName()).filter(IndexDescriptor::valid);
    if (index.isEmpty()) {
      return null;
    }
    IndexEntries entries = new IndexEntries(table, index.get());
    Set<ByteBuffer> baseKeys = new LinkedHashSet<>();
    for (ScanRequest request : indexRequests(entries, spec, ctx)) {
      try (RowStream s = ctx.scanner().scan(ctx.catalog(), request, ctx.snapshotTs(), ctx.txnId(), ctx.stats())) {
        Object[] entry;
        while ((entry = s.next()) != null) {
          baseKeys.add(ByteBuffer.wrap(entries.baseKeyOf(entry)));
        }
      }
    }
    List<byte[]> keys = baseKeys.stream().map(ByteBuffer::array).toList();
    return new RowStream() {
      int next;
      RowStream current;

      @Override
      public Object[] next() {
        while (true) {
          if (current != null) {
            Object[] row = current.next();
            if (row != null) {
              return row;
            }
            current.close();
            current = null;
          }
          if (next >= keys.size()) {
            return null;
          }
          List<byte[]> batch = keys.subList(next, Math.min(keys.size(), next + GET_BATCH));
          next += batch.size();
          ScanRequest get = new ScanRequest(table, null, spec.projection(), null, List.of(), batch, 0, false);
          current = ctx.scanner().scan(ctx.catalog(), get, ctx.snapshotTs(), ctx.txnId(), ctx.stats());
        }
      }

      @Override
      public byte[] key() {
        return current == null ? null : current.key();
      }

      @Override
      public void close() {
        if (current != null) {
          current.close();
        }
      }
    };
  }

  /** The reads of the index the lookup makes, one per probe that can match. */
  static List<ScanRequest> indexRequests(IndexEntries entries, ScanSpec spec, ExecutionContext ctx) {
    TableDescriptor it = entries.indexTable();
    int[] all = ScanRequest.allColumns(it);
    List<ScanRequest> out = new java.util.ArrayList<>();
    for (IndexLookup.Probe probe : spec.indexLookup().probes()) {
      ScanRequest request = request(entries, probe, all, ctx);
      if (request != null) {
        out.add(request);
      }
    }
    return out;
  }

  /** The index read of one probe, or null when it cannot match (a NULL value). */
  private static ScanRequest request(IndexEntries entries, IndexLookup.Probe probe, int[] all, ExecutionContext ctx) {
    TableDescriptor it = entries.indexTable();
    IndexDescriptor index = entries.index();
    if (!probe.equal().isEmpty()) {
      Object[] values = new Object[probe.equal().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = valueOf(probe.equal().get(i), ctx);
        if (values[i] == null) {
          return null;
        }
      }
      if (index.unique() && values.length == index.columns().size()) {
        return new ScanRequest(it, null, all, null, List.of(), List.of(entries.uniqueKey(values)), 0, false);
      }
      return new ScanRequest(it, null, all, null, List.of(entries.prefixRange(values)), null, 0, false);
    }
    DataType type = it.columns().get(0).type();
    KeyRange.Builder range = KeyRange.newBuilder().setStartInclusive(true).setEndInclusive(false);
    if (probe.lower() != null) {
      byte[] bound = encode(type, valueOf(probe.lower(), ctx));
      if (bound == null) {
        return null;
      }
      byte[] start = probe.lowerInclusive() ? bound : KeyCodec.prefixEnd(bound);
      if (start == null) {
        return null;
      }
      range.setStart(ByteString.copyFrom(start));
    }
    if (probe.upper() != null) {
      byte[] bound = encode(type, valueOf(probe.upper(), ctx));
      if (bound == null) {
        return null;
      }
      byte[] end = probe.upperInclusive() ? KeyCodec.prefixEnd(bound) : bound;
      if (end != null) {
        range.setEnd(ByteString.copyFrom(end));
      }
    }
    return new ScanRequest(it, null, all, null, List.of(range.build()), null, 0, false);
  }

  private static byte[] encode(DataType type, Object value) {
    if (value == null) {
      return null;
    }
    return KeyCodec.encode(List.of(type), new Object[] {ValueCoercion.coerce(type, value)}, 1);
  }

  private static Object valueOf(Expr e, ExecutionContext ctx) {
    if (e.hasParameter()) {
      return ctx.parameters().get(e.getParameter().getIndex());
    }
    return Literals.value(e.getLiteral());
  }

}
