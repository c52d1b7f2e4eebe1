package io.heliosdb.planner.constraint;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.codec.KeyCodec;
import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.proto.KeyRange;
import io.heliosdb.hidb.types.DataType;
import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.calcite.ValueCoercion;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries of one secondary index (ADR 0011): a row with non-null index values has exactly one
 * entry, keyed by the index values (unique) or the index values then the primary key
 * (non-unique), whose value holds the index values and the primary key. Rows with a NULL in the
 * index columns have no entry: no equality or range lookup can match them, and NULLs never clash
 * in a unique index, as in PostgreSQL.
 */
public final class IndexEntries {
  private final TableDescriptor table;
  private final IndexDescriptor index;
  private final TableDescriptor indexTable;
  private final List<DataType> types;
  private final List<DataType> keyTypes;

  public IndexEntries(TableDescriptor table, IndexDescriptor index) {
    this.table = table;
    this.index = index;
    this.indexTable = table.indexTable(index);
    this.types = indexTable.columns().stream().map(c -> c.type()).toList();
    List<DataType> kt = new ArrayList<>();
    indexTable.primaryKey().forEach(k -> kt.add(types.get(k)));
    this.keyTypes = kt;
  }

  public TableDescriptor table() {
    return table;
  }

  public IndexDescriptor index() {
    return index;
  }

  /** The index's key space as the cells know it. */
  public TableDescriptor indexTable() {
    return indexTable;
  }

  /** One entry: encoded key and encoded value. */
  public record Entry(byte[] key, byte[] value, Object[] values) {}

  /** The entry of a base row, or null when an index column is NULL. */
  public Entry entryOf(Object[] row) {
    Object[] values = new Object[types.size()];
    int n = 0;
    for (int c : index.columns()) {
      if (row[c] == null) {
        return null;
      }
      values[n++] = row[c];
    }
    for (int c : table.primaryKey()) {
      values[n++] = row[c];
    }
    return new Entry(KeyCodec.encode(keyTypes, values, keyTypes.size()), RowCodec.encode(types, values), values);
  }

  /** The index values of a row, in index column order. */
  public Object[] indexValues(Object[] row) {
    Object[] out = new Object[index.columns().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = row[index.columns().get(i)];
    }
    return out;
  }

  /** Encoded key of a complete unique lookup (all index columns given, coerced to their types). */
  public byte[] uniqueKey(Object[] indexValues) {
    Object[] values = new Object[indexValues.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = ValueCoercion.coerce(types.get(i), indexValues[i]);
    }
    return KeyCodec.encode(keyTypes, values, values.length);
  }

  /** All entries whose first {@code values.length} index columns equal the values. */
  public KeyRange prefixRange(Object[] values) {
    Object[] coerced = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      coerced[i] = ValueCoercion.coerce(types.get(i), values[i]);
    }
    byte[] start = KeyCodec.encode(keyTypes, coerced, coerced.length);
    byte[] end = KeyCodec.prefixEnd(start);
    KeyRange.Builder r = KeyRange.newBuilder().setStart(ByteString.copyFrom(start)).setStartInclusive(true);
    if (end != null) {
      r.setEnd(ByteString.copyFrom(end)).setEndInclusive(false);
    }
    return r.build();
  }

  /** The primary key values held by an entry's decoded value (all index-table columns). */
  public Object[] primaryKeyOf(Object[] entryRow) {
    int k = index.columns().size();
    Object[] pk = new Object[table.primaryKey().size()];
    System.arraycopy(entryRow, k, pk, 0, pk.length);
    return pk;
  }

  /** Encoded base-table key from an entry's decoded value. */
  public byte[] baseKeyOf(Object[] entryRow) {
    List<DataType> pkTypes = new ArrayList<>();
    table.primaryKey().forEach(c -> pkTypes.add(table.columns().get(c).type()));
    return KeyCodec.encode(pkTypes, primaryKeyOf(entryRow));
  }
}
