package io.heliosdb.storage.scan;

import io.heliosdb.hidb.codec.RowCodec;
import io.heliosdb.hidb.types.DataType;
import java.util.List;

/** Decodes only the columns a scan needs into a row indexed by table column (others stay null). */
final class RowDecoding {
  private RowDecoding() {}

  static Object[] decode(List<DataType> columnTypes, byte[] row, int[] neededColumns) {
    if (neededColumns.length == columnTypes.size()) {
      return RowCodec.decode(columnTypes, row);
    }
    Object[] values = RowCodec.decode(columnTypes, row, neededColumns);
    Object[] full = new Object[columnTypes.size()];
    for (int i = 0; i < neededColumns.length; i++) {
      full[neededColumns[i]] = values[i];
    }
    return full;
  }
}
