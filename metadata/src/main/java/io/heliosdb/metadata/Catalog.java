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
 * @param sequences sequences by id
 */
public record Catalog(
    long version,
    Set<String> schemas,
    Map<Long, TableDescriptor> tables,
    Map<String, UserRecord> users,
    Map<String, CellDescriptor> cells,
    Map<Long, SequenceDescriptor> sequences) {

  public Catalog {
    schemas = Set.copyOf(schemas);
    tables = Map.copyOf(tables);
    users = Map.copyOf(users);
    cells = Map.copyOf(cells);
    sequences = sequences == null ? Map.of() : Map.copyOf(sequences);
  }

  /** A catalog without sequences. */
  public Catalog(long version, Set<String> schemas, Map<Long, TableDescriptor> tables, Map<String, UserRecord> users,
      Map<String, CellDescriptor> cells) {
    this(version, schemas, tables, users, cells, Map.of());
  }

  /** The same catalog with another set of sequences (same version). */
  public Catalog withSequences(Map<Long, SequenceDescriptor> replaced) {
    return new Catalog(version, schemas, tables, users, cells, replaced);
  }

  public Optional<SequenceDescriptor> sequence(String schema, String name) {
    for (SequenceDescriptor s : sequences.values()) {
      if (s.schema().equals(schema) && s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The sequence generating a table column (SERIAL, IDENTITY, AUTO_INCREMENT), if any. */
  public Optional<SequenceDescriptor> ownedSequence(long tableId, String column) {
    for (SequenceDescriptor s : sequences.values()) {
      if (s.ownedByTable() == tableId && column.equals(s.ownedByColumn())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
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
