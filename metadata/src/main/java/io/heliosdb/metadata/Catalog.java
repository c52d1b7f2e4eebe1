package io.heliosdb.metadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable snapshot of cluster metadata at one version. Readers keep a reference and never
 * block; a newer snapshot replaces it when a change is applied.
 *
 * @param version increases with every applied command
 * @param schemas schema names
 * @param tables tables by id
 * @param users users by name
 * @param cells registered cells by id
 */
public record Catalog(
    long version,
    Set<String> schemas,
    Map<Long, TableDescriptor> tables,
    Map<String, UserRecord> users,
    Map<String, CellDescriptor> cells) {

  public Catalog {
    schemas = Set.copyOf(schemas);
    tables = Map.copyOf(tables);
    users = Map.copyOf(users);
    cells = Map.copyOf(cells);
  }

  public static Catalog empty() {
    return new Catalog(0, Set.of(), Map.of(), Map.of(), Map.of());
  }

  public Optional<TableDescriptor> table(String schema, String name) {
    for (TableDescriptor t : tables.values()) {
      if (t.schema().equals(schema) && t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public List<TableDescriptor> tablesIn(String schema) {
    return tables.values().stream().filter(t -> t.schema().equals(schema)).toList();
  }

  public Optional<UserRecord> user(String name) {
    return Optional.ofNullable(users.get(name));
  }
}
