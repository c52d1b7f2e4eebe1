package io.heliosdb.planner.catalog;

import io.heliosdb.metadata.IndexDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import java.util.ArrayList;
import java.util.List;

/**
 * An index as MySQL lists it: the primary key (named PRIMARY; {@code name} keeps the PostgreSQL
 * constraint name) first, then the secondary indexes. Also MySqlInformationSchema's.
 */
public record IndexInfo(String name, String mysqlName, List<Integer> columns, boolean unique, boolean primary) {
  public static List<IndexInfo> of(TableDescriptor t) {
    List<IndexInfo> out = new ArrayList<>();
    if (CatalogView.hasPrimaryKey(t)) {
      out.add(new IndexInfo(CatalogView.primaryKeyName(t), "PRIMARY", t.primaryKey(), true, true));
    }
    for (IndexDescriptor i : t.indexes()) {
      out.add(new IndexInfo(i.name(), i.name(), i.columns(), i.unique(), false));
    }
    return out;
  }
}
