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
 * The entries of one secondary index (ADR 0011): a row whose first index column is not NULL has
 * exactly one entry, whose value holds the index values and the primary key. Its key is the index
 * values alone for a unique index without NULLs (so a second row with them clashes on the key),
 * else the index values then the primary key. Rows with a NULL first column have no entry: no
 * lookup (=, IN or a range on the leading column) can match them. NULLs in later columns are
 * encoded, so prefix lookups find those rows; they never clash in a unique index (PostgreSQL's
 * NULLS DISTINCT).
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

  /**
   * One entry: encoded key and value.
   *
   * @param uniqueKey the key is the index values alone: another row with them is a duplicate
   */
  public record Entry(byte[] key, byte[] value, Object[] values, boolean uniqueKey) {}

  /** The entry of a base row, or null when the first index column is NULL. */
  public Entry entryOf(Object[] row) {
    if (row[index.columns().get(0)] == null) {
      return null;
    }
    Object[] values = new Object[types.size()];
    int n = 0;
    boolean anyNull = false;
    for (int c : index.columns()) {
      anyNull |= row[c] == null;
      values[n++] = row[c];
    }
    for (int c : table.primaryKey()) {
      values[n++] = row[c];
    }
    boolean uniqueKey = index.unique() && !anyNull;
    byte[] key = KeyCodec.encode(types, values, uniqueKey ? index.columns().size() : types.size());
    return new Entry(key, RowCodec.encode(types, values), values, uniqueKey);
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
