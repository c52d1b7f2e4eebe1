package io.heliosdb.storage.txn;

import com.google.protobuf.ByteString;
import io.heliosdb.hidb.proto.TxnMeta;

/**
 * The stored {@code TxnIntent} of the common cases written and read without protobuf objects: a
 * 1000-row INSERT writes a thousand intents that differ only in their version, and the resolver
 * needs of each only its transaction id and version bytes. The bytes are the protobuf wire form
 * ({@link io.heliosdb.hidb.proto.TxnIntent#parseFrom} reads them; fields in field-number order as
 * protobuf writes them), so every other reader keeps parsing them as before.
 */
final class IntentBytes {
  private static final int TXN_FIELD = 1; // TxnIntent.txn, TxnMeta.txn_id
  private static final int VERSION_FIELD = 2;
  private static final int SEQ_FIELD = 3;
  private static final int LENGTH_DELIMITED = 2;
  private static final int VARINT = 0;

  private IntentBytes() {}

  /** The intent header every intent of one write batch shares: the encoded {@code txn} field. */
  static byte[] txnField(TxnMeta txn) {
    byte[] meta = txn.toByteArray();
    byte[] out = new byte[1 + varintSize(meta.length) + meta.length];
    int at = 0;
    out[at++] = (byte) (TXN_FIELD << 3 | LENGTH_DELIMITED);
    at = putVarint(out, at, meta.length);
    System.arraycopy(meta, 0, out, at, meta.length);
    return out;
  }

  /**
   * A new intent without history: {@code txnField}, then the version (kind byte followed by
   * {@code row}, or the kind byte alone when {@code row} is null), then seq.
   */
  static byte[] intent(byte[] txnField, byte versionKind, ByteString row, int seq) {
    int versionLength = 1 + (row == null ? 0 : row.size());
    int length = txnField.length + 1 + varintSize(versionLength) + versionLength
        + (seq == 0 ? 0 : 1 + varintSize(seq));
    byte[] out = new byte[length];
    System.arraycopy(txnField, 0, out, 0, txnField.length);
    int at = txnField.length;
    out[at++] = (byte) (VERSION_FIELD << 3 | LENGTH_DELIMITED);
    at = putVarint(out, at, versionLength);
    out[at++] = versionKind;
    if (row != null) {
      row.copyTo(out, at);
      at += row.size();
    }
    if (seq != 0) {
      out[at++] = (byte) (SEQ_FIELD << 3 | VARINT);
      at = putVarint(out, at, seq);
    }
    return out;
  }

  /**
   * What the resolver reads of a stored intent: its transaction id and where its version bytes
   * are (empty for a lock). Reusable: {@link #read} overwrites it.
   */
  static final class View {
    long txnId;
    int versionStart;
    int versionLength;

    /** Reads {@code value}; throws IllegalStateException when it is not a well-formed intent. */
    View read(byte[] value) {
      txnId = 0;
      versionStart = 0;
      versionLength = 0;
      int at = 0;
      while (at < value.length) {
        long tag = readVarint(value, at);
        at = next;
        int field = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        if (wireType == VARINT) {
          readVarint(value, at);
          at = next;
        } else if (wireType == LENGTH_DELIMITED) {
          int length = (int) readVarint(value, at);
          at = next;
          if (length < 0 || at + length > value.length) {
            throw new IllegalStateException("corrupt write intent");
          }
          if (field == TXN_FIELD) {
            txnId = txnIdOf(value, at, at + length);
          } else if (field == VERSION_FIELD) {
            versionStart = at;
            versionLength = length;
          }
          at += length;
        } else {
          at = skipFixed(wireType, at);
        }
      }
      if (at != value.length) {
        throw new IllegalStateException("corrupt write intent");
      }
      return this;
    }

    private int next;

    private long txnIdOf(byte[] value, int from, int end) {
      int at = from;
      long id = 0;
      while (at < end) {
        long tag = readVarint(value, at);
        at = next;
        int wireType = (int) (tag & 7);
        if (wireType == VARINT) {
          long v = readVarint(value, at);
          at = next;
          if (tag >>> 3 == TXN_FIELD) {
            id = v;
          }
        } else if (wireType == LENGTH_DELIMITED) {
          int length = (int) readVarint(value, at);
          at = next + length;
        } else {
          at = skipFixed(wireType, at);
        }
      }
      if (at != end) {
        throw new IllegalStateException("corrupt write intent");
      }
      return id;
    }

    /** Skips a fixed64 (wire type 1) or fixed32 (5) value; any other wire type is not an intent's. */
    private static int skipFixed(int wireType, int at) {
      if (wireType == 1) {
        return at + 8;
      }
      if (wireType == 5) {
        return at + 4;
      }
      throw new IllegalStateException("corrupt write intent");
    }

    /** Reads the varint at {@code at}; leaves the position after it in {@link #next}. */
    private long readVarint(byte[] value, int at) {
      long result = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (at >= value.length) {
          throw new IllegalStateException("corrupt write intent");
        }
        byte b = value[at++];
        result |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          next = at;
          return result;
        }
      }
      throw new IllegalStateException("corrupt write intent");
    }
  }

  private static int varintSize(int value) {
    int size = 1;
    while ((value & ~0x7F) != 0) {
      size++;
      value >>>= 7;
    }
    return size;
  }

  private static int putVarint(byte[] out, int at, int value) {
    while ((value & ~0x7F) != 0) {
      out[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
    return at;
  }
}
