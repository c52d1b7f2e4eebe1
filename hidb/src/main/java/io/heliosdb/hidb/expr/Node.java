package io.heliosdb.hidb.expr;

import io.heliosdb.hidb.proto.TypeId;
import io.heliosdb.hidb.types.DataType;
import java.util.BitSet;

/** A compiled expression node; subclasses are immutable and evaluate without allocating beyond their result. */
abstract class Node {
  /** The type of an untyped NULL (a null literal or parameter without a type): compatible with everything. */
  static final DataType UNKNOWN = DataType.of(TypeId.TYPE_UNSPECIFIED);

  final DataType type;
  private final Node[] children;

  Node(DataType type, Node... children) {
    this.type = type;
    this.children = children;
  }

  abstract Object eval(Object[] row);

  boolean isConstant() {
    return false;
  }

  void collectColumns(BitSet columns) {
    for (Node child : children) {
      child.collectColumns(columns);
    }
  }

  boolean childrenConstant() {
    for (Node child : children) {
      if (!child.isConstant()) {
        return false;
      }
    }
    return true;
  }

  static boolean isUnknown(DataType type) {
    return type.id() == TypeId.TYPE_UNSPECIFIED;
  }

  /** Reads table column {@code index}. */
  static final class Column extends Node {
    final int index;

    Column(int index, DataType type) {
      super(type);
      this.index = index;
    }

    @Override
    Object eval(Object[] row) {
      return row[index];
    }

    @Override
    void collectColumns(BitSet columns) {
      columns.set(index);
    }
  }

  /** A literal, a bound parameter or a folded constant subtree. */
  static final class Constant extends Node {
    final Object value;

    Constant(DataType type, Object value) {
      super(type);
      this.value = value;
    }

    @Override
    Object eval(Object[] row) {
      return value;
    }

    @Override
    boolean isConstant() {
      return true;
    }
  }
}
