package io.heliosdb.planner.catalog;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.TableDescriptor;
import io.heliosdb.planner.calcite.ExecutionContext;
import io.heliosdb.planner.sequence.SessionSequences;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.calcite.DataContext;

/**
 * Bodies of the sequence functions (nextval, currval, setval, lastval, pg_get_serial_sequence).
 * A sequence argument is regclass text ('s', 'schema.s') or a regclass OID ('s'::regclass).
 */
final class SequenceFunctions {
  private SequenceFunctions() {}

  /** Sequences take OIDs like tables: ids share one space, so 16384 + 2 * id never collides. */
  static int oid(SequenceDescriptor s) {
    return PgOids.FIRST_USER_OID + (int) (2 * s.sequenceId());
  }

  static SessionSequences sessionSequences(DataContext root) {
    SessionSequences s = SessionInfo.of(root).sequences();
    if (s == null) {
      throw HeliosException.notSupported("sequence functions outside a session");
    }
    return s;
  }

  private static Catalog catalog(DataContext root) {
    Object ctx = root == null ? null : root.get(ExecutionContext.KEY);
    return ctx instanceof ExecutionContext e && e.catalog() != null ? e.catalog() : Catalog.empty();
  }

  private static SequenceDescriptor sequence(DataContext root, Object arg) {
    if (arg instanceof Number n) {
      long id = PgOids.tableId(n.intValue());
      SequenceDescriptor s = id < 0 ? null : catalog(root).sequences().get(id);
      if (s == null) {
        throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "could not open relation with OID " + n);
      }
      return s;
    }
    return sessionSequences(root).resolve(String.valueOf(arg));
  }

  static Object nextval(DataContext root, Object arg) {
    if (arg == null) {
      return null;
    }
    return sessionSequences(root).nextval(sequence(root, arg));
  }

  static Object currval(DataContext root, Object arg) {
    if (arg == null) {
      return null;
    }
    return sessionSequences(root).currval(sequence(root, arg).qualifiedName());
  }

  static Object setval(DataContext root, Object[] args) {
    if (args[0] == null || args[1] == null) {
      return null;
    }
    long value;
    try {
      value = args[1] instanceof Number n ? new BigDecimal(n.toString()).longValueExact()
          : Long.parseLong(args[1].toString().trim());
    } catch (ArithmeticException | NumberFormatException e) {
      throw new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION,
          "invalid input syntax for type bigint: \"" + args[1] + "\"");
    }
    boolean isCalled = args.length < 3 || args[2] == null || Boolean.TRUE.equals(args[2]);
    return sessionSequences(root).setval(sequence(root, args[0]).qualifiedName(), value, isCalled);
  }

  /** The sequence a SERIAL / IDENTITY column uses, as 'schema.name', or null. */
  static Object serialSequence(DataContext root, String table, String column) {
    if (table == null || column == null) {
      return null;
    }
    Catalog c = catalog(root);
    java.util.List<String> parts = io.heliosdb.planner.sequence.SessionSequences.splitName(table);
    String schema = parts.size() > 1 ? parts.get(0) : SessionInfo.of(root).schema();
    String name = parts.get(parts.size() - 1);
    Optional<TableDescriptor> t = c.table(schema, name);
    if (t.isEmpty() && parts.size() == 1) {
      t = c.table("public", name);
    }
    if (t.isEmpty()) {
      throw new HeliosException(ErrorCode.UNDEFINED_TABLE, "relation \"" + table + "\" does not exist");
    }
    String col = column.startsWith("\"") ? column.substring(1, column.length() - 1)
        : column.toLowerCase(java.util.Locale.ROOT);
    if (t.get().columnIndex(col) < 0) {
      throw new HeliosException(ErrorCode.UNDEFINED_COLUMN,
          "column \"" + col + "\" of relation \"" + t.get().name() + "\" does not exist");
    }
    return c.ownedSequence(t.get().tableId(), col).map(s -> s.schema() + "." + s.name()).orElse(null);
  }
}
