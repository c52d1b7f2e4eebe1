package io.heliosdb.metadata.raft;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.metadata.Catalog;
import io.heliosdb.metadata.CatalogCommand;
import io.heliosdb.metadata.CatalogCommand.AllocateSequenceValues;
import io.heliosdb.metadata.CatalogCommand.CreateSequence;
import io.heliosdb.metadata.CatalogCommand.DropSequence;
import io.heliosdb.metadata.CatalogCommand.SetSequenceValue;
import io.heliosdb.metadata.SequenceDescriptor;
import io.heliosdb.metadata.SequenceValues;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sequence part of the catalog's transition function (docs/adr/0008): creating and dropping
 * sequences (a catalog change, version bump) and moving their counters (range allocation and
 * setval: state change without a version bump, so plan caches stay warm). Deterministic like
 * {@link CatalogTransition}: values depend only on the state and the command.
 */
final class SequenceTransitions {
  private SequenceTransitions() {}

  static ApplyResult createSequence(CatalogState state, CreateSequence c) {
    Catalog catalog = state.catalog();
    SequenceDescriptor s = c.sequence();
    if (!catalog.schemas().contains(s.schema())) {
      return refused(ErrorCode.UNDEFINED_SCHEMA, "schema \"" + s.schema() + "\" does not exist");
    }
    if (catalog.sequence(s.schema(), s.name()).isPresent() || catalog.table(s.schema(), s.name()).isPresent()) {
      return c.ifNotExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.DUPLICATE_TABLE, "relation \"" + s.name() + "\" already exists");
    }
    String invalid = validate(s);
    if (invalid != null) {
      return refused(ErrorCode.INVALID_PARAMETER_VALUE, invalid);
    }
    long id = state.nextTableId();
    Map<Long, SequenceDescriptor> sequences = new HashMap<>(catalog.sequences());
    sequences.put(id, s.withIdAndOwner(id, 0));
    Catalog next = new Catalog(catalog.version() + 1, catalog.schemas(), catalog.tables(), catalog.users(),
        catalog.cells(), sequences);
    return new ApplyResult.Accepted(new CatalogState(next, id + 1, state.counters()), List.of(), false);
  }

  /** PostgreSQL's checks of CREATE SEQUENCE options, with its messages. */
  static String validate(SequenceDescriptor s) {
    if (s.minValue() >= s.maxValue()) {
      return "MINVALUE (" + s.minValue() + ") must be less than MAXVALUE (" + s.maxValue() + ")";
    }
    if (s.start() < s.minValue()) {
      return "START value (" + s.start() + ") cannot be less than MINVALUE (" + s.minValue() + ")";
    }
    if (s.start() > s.maxValue()) {
      return "START value (" + s.start() + ") cannot be greater than MAXVALUE (" + s.maxValue() + ")";
    }
    if (s.cache() < 1) {
      return "CACHE (" + s.cache() + ") must be greater than zero";
    }
    return null;
  }

  static ApplyResult dropSequence(CatalogState state, DropSequence c) {
    Catalog catalog = state.catalog();
    var found = catalog.sequence(c.schema(), c.name());
    if (found.isEmpty()) {
      return c.ifExists() ? new ApplyResult.Unchanged()
          : refused(ErrorCode.UNDEFINED_TABLE, "sequence \"" + c.name() + "\" does not exist");
    }
    SequenceDescriptor s = found.get();
    if (s.ownedByTable() != 0 && s.generation() != SequenceDescriptor.Generation.NONE) {
      return refused(ErrorCode.FEATURE_NOT_SUPPORTED, "cannot drop sequence " + s.name()
          + " because column " + s.ownedByColumn() + " of its table uses it as an identity");
    }
    Map<Long, SequenceDescriptor> sequences = new HashMap<>(catalog.sequences());
    sequences.remove(s.sequenceId());
    Map<Long, SequenceCounter> counters = new HashMap<>(state.counters());
    counters.remove(s.sequenceId());
    Catalog next = new Catalog(catalog.version() + 1, catalog.schemas(), catalog.tables(), catalog.users(),
        catalog.cells(), sequences);
    return new ApplyResult.Accepted(new CatalogState(next, state.nextTableId(), counters), List.of(), false);
  }

  static ApplyResult allocate(CatalogState state, AllocateSequenceValues c) {
    SequenceDescriptor s = state.catalog().sequences().get(c.sequenceId());
    if (s == null) {
      return refused(ErrorCode.UNDEFINED_TABLE, "sequence with id " + c.sequenceId() + " does not exist");
    }
    if (c.count() < 1) {
      return refused(ErrorCode.INVALID_PARAMETER_VALUE, "allocation count must be positive");
    }
    SequenceCounter counter = state.counters().getOrDefault(s.sequenceId(), new SequenceCounter(s.start(), false));
    long next = counter.next();
    if (counter.pastEnd()) {
      if (!s.cycle()) {
        return refused(ErrorCode.SEQUENCE_LIMIT_EXCEEDED, "nextval: reached " + (s.increment() > 0 ? "maximum" : "minimum")
            + " value of sequence \"" + s.name() + "\" (" + (s.increment() > 0 ? s.maxValue() : s.minValue()) + ")");
      }
      next = s.increment() > 0 ? s.minValue() : s.maxValue();
    }
    BigInteger inc = BigInteger.valueOf(s.increment());
    BigInteger bound = BigInteger.valueOf(s.increment() > 0 ? s.maxValue() : s.minValue());
    // values left: floor((bound - next) / inc) + 1 (both differences have the sign of inc)
    BigInteger left = bound.subtract(BigInteger.valueOf(next)).divide(inc).add(BigInteger.ONE);
    long count = left.min(BigInteger.valueOf(c.count())).longValueExact();
    BigInteger after = BigInteger.valueOf(next).add(inc.multiply(BigInteger.valueOf(count)));
    boolean pastEnd = s.increment() > 0 ? after.compareTo(bound) > 0 : after.compareTo(bound) < 0;
    SequenceCounter moved = new SequenceCounter(pastEnd ? next : after.longValueExact(), pastEnd);
    return counted(state, s, moved, new SequenceValues(next, count, s.increment()));
  }

  static ApplyResult setValue(CatalogState state, SetSequenceValue c) {
    SequenceDescriptor s = state.catalog().sequences().get(c.sequenceId());
    if (s == null) {
      return refused(ErrorCode.UNDEFINED_TABLE, "sequence with id " + c.sequenceId() + " does not exist");
    }
    if (c.value() < s.minValue() || c.value() > s.maxValue()) {
      if (c.onlyForward()) {
        return counted(state, s, state.counters().getOrDefault(s.sequenceId(), new SequenceCounter(s.start(), false)),
            new SequenceValues(c.value(), 0, s.increment()));
      }
      return refused(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "setval: value " + c.value()
          + " is out of bounds for sequence \"" + s.name() + "\" (" + s.minValue() + ".." + s.maxValue() + ")");
    }
    SequenceCounter moved;
    if (!c.isCalled()) {
      moved = new SequenceCounter(c.value(), false);
    } else {
      BigInteger after = BigInteger.valueOf(c.value()).add(BigInteger.valueOf(s.increment()));
      boolean pastEnd = after.compareTo(BigInteger.valueOf(s.maxValue())) > 0
          || after.compareTo(BigInteger.valueOf(s.minValue())) < 0;
      moved = new SequenceCounter(pastEnd ? c.value() : after.longValueExact(), pastEnd);
    }
    if (c.onlyForward()) {
      SequenceCounter current = state.counters().getOrDefault(s.sequenceId(), new SequenceCounter(s.start(), false));
      boolean ahead = current.pastEnd()
          || (s.increment() > 0 ? current.next() >= moved.next() : current.next() <= moved.next());
      if (ahead && !moved.pastEnd()) {
        moved = current;
      }
    }
    return counted(state, s, moved, new SequenceValues(c.value(), 0, s.increment()));
  }

  private static ApplyResult counted(CatalogState state, SequenceDescriptor s, SequenceCounter moved,
      SequenceValues values) {
    Map<Long, SequenceCounter> counters = new HashMap<>(state.counters());
    counters.put(s.sequenceId(), moved);
    return new ApplyResult.Counted(new CatalogState(state.catalog(), state.nextTableId(), counters), values);
  }

  /**
   * After any other accepted command: sequences and counters carry over; a created table gets its
   * owned sequences (SERIAL, IDENTITY, AUTO_INCREMENT) in the same step; sequences whose table or
   * schema went away go with it.
   */
  static ApplyResult reconcile(CatalogState before, CatalogCommand command, ApplyResult result) {
    if (!(result instanceof ApplyResult.Accepted a)) {
      return result;
    }
    Catalog catalog = a.state().catalog();
    Map<Long, SequenceDescriptor> sequences = new HashMap<>(before.catalog().sequences());
    Map<Long, SequenceCounter> counters = new HashMap<>(before.counters());
    long nextId = a.state().nextTableId();
    if (command instanceof CatalogCommand.CreateTable ct && !ct.ownedSequences().isEmpty()) {
      var created = catalog.table(ct.schema(), ct.name());
      if (created.isPresent() && before.catalog().table(ct.schema(), ct.name()).isEmpty()) {
        for (SequenceDescriptor s : ct.ownedSequences()) {
          if (before.catalog().sequence(s.schema(), s.name()).isPresent()
              || before.catalog().table(s.schema(), s.name()).isPresent()) {
            return refused(ErrorCode.DUPLICATE_TABLE, "relation \"" + s.name() + "\" already exists");
          }
          sequences.put(nextId, s.withIdAndOwner(nextId, created.get().tableId()));
          nextId++;
        }
      }
    }
    sequences.values().removeIf(s -> !catalog.schemas().contains(s.schema())
        || (s.ownedByTable() != 0 && !catalog.tables().containsKey(s.ownedByTable())));
    counters.keySet().retainAll(sequences.keySet());
    return new ApplyResult.Accepted(new CatalogState(catalog.withSequences(sequences), nextId, counters),
        a.affectedTableIds(), a.shardMapChanged());
  }

  private static ApplyResult refused(ErrorCode code, String message) {
    return new ApplyResult.Refused(code, message);
  }
}
