package io.heliosdb.wire.mysql.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.wire.mysql.packet.ErrPacket;

/** The one table from the neutral error codes to MySQL error numbers and SQLSTATEs. */
public final class MySqlErrors {
  public static final int ACCESS_DENIED = 1045;
  public static final int UNKNOWN_COMMAND = 1047;
  public static final int BAD_HANDSHAKE = 1043;
  public static final int EMPTY_QUERY = 1065;
  public static final int PACKET_TOO_LARGE = 1153;
  public static final int UNKNOWN_ERROR = 1105;
  public static final int NOT_SUPPORTED_YET = 1235;

  private MySqlErrors() {}

  /** MySQL error number and SQLSTATE of a neutral code. */
  public static ErrPacket of(ErrorCode code, String message) {
    return switch (code) {
      case SYNTAX_ERROR -> new ErrPacket(1064, "42000", message);
      // DROP of a missing table is ER_BAD_TABLE_ERROR; the dialect words it "Unknown table 'db.t'"
      case UNDEFINED_TABLE -> new ErrPacket(message.startsWith("Unknown table") ? 1051 : 1146, "42S02", message);
      case UNDEFINED_COLUMN -> new ErrPacket(1054, "42S22", message);
      case UNDEFINED_SCHEMA, UNDEFINED_DATABASE -> new ErrPacket(1049, "42000", message);
      case UNDEFINED_FUNCTION -> new ErrPacket(1305, "42000", message);
      case UNDEFINED_OBJECT -> new ErrPacket(1193, "HY000", message);
      case DUPLICATE_TABLE -> new ErrPacket(1050, "42S01", message);
      case DUPLICATE_SCHEMA -> new ErrPacket(1007, "HY000", message);
      case DUPLICATE_COLUMN -> new ErrPacket(1060, "42S21", message);
      case AMBIGUOUS_COLUMN -> new ErrPacket(1052, "23000", message);
      case INVALID_PARAMETER_VALUE -> new ErrPacket(1231, "42000", message);
      case UNIQUE_VIOLATION -> new ErrPacket(1062, "23000", message);
      case NOT_NULL_VIOLATION -> new ErrPacket(1048, "23000", message);
      case FOREIGN_KEY_VIOLATION -> new ErrPacket(1452, "23000", message);
      case CHECK_VIOLATION -> new ErrPacket(3819, "HY000", message);
      case INVALID_FOREIGN_KEY -> new ErrPacket(1822, "HY000", message);
      case DEPENDENT_OBJECTS_STILL_EXIST -> new ErrPacket(3730, "HY000", message);
      case DUPLICATE_OBJECT -> new ErrPacket(1061, "42000", message);
      case DATATYPE_MISMATCH, INVALID_TEXT_REPRESENTATION -> new ErrPacket(1366, "HY000", message);
      case NUMERIC_VALUE_OUT_OF_RANGE -> new ErrPacket(1264, "22003", message);
      case DIVISION_BY_ZERO -> new ErrPacket(1365, "22012", message);
      case STRING_DATA_RIGHT_TRUNCATION -> new ErrPacket(1406, "22001", message);
      case INVALID_DATETIME_FORMAT -> new ErrPacket(1292, "22007", message);
      case DATETIME_FIELD_OVERFLOW -> new ErrPacket(1441, "22008", message);
      case FEATURE_NOT_SUPPORTED -> new ErrPacket(NOT_SUPPORTED_YET, "42000", message);
      case INVALID_PASSWORD, INVALID_AUTHORIZATION -> new ErrPacket(ACCESS_DENIED, "28000", message);
      case PROTOCOL_VIOLATION -> new ErrPacket(UNKNOWN_COMMAND, "08S01", message);
      case SERIALIZATION_FAILURE -> new ErrPacket(1213, "40001", message);
      case DEADLOCK_DETECTED -> new ErrPacket(1213, "40001",
          "Deadlock found when trying to get lock; try restarting transaction");
      case LOCK_NOT_AVAILABLE -> new ErrPacket(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction");
      case READ_ONLY_SQL_TRANSACTION -> new ErrPacket(1792, "25006",
          "Cannot execute statement in a READ ONLY transaction.");
      case INVALID_SAVEPOINT_SPECIFICATION -> new ErrPacket(1305, "42000", message);
      case QUERY_CANCELED -> new ErrPacket(1317, "70100", message);
      case ADMIN_SHUTDOWN -> new ErrPacket(1053, "08S01", message);
      case INSUFFICIENT_PRIVILEGE -> new ErrPacket(1227, "42000", message);
      default -> new ErrPacket(UNKNOWN_ERROR, "HY000", message);
    };
  }

  public static ErrPacket of(RuntimeException e) {
    if (e instanceof io.heliosdb.hidb.error.ConstraintViolation v && v.mysqlErrno() != 0) {
      String sqlState = switch (v.mysqlErrno()) {
        case 3819 -> "HY000";
        case 1406 -> "22001";
        default -> "23000";
      };
      return new ErrPacket(v.mysqlErrno(), sqlState, v.mysqlMessage());
    }
    if (e instanceof HeliosException h) {
      return of(h.code(), h.getMessage() == null ? h.code().name() : h.getMessage());
    }
    return new ErrPacket(UNKNOWN_ERROR, "HY000", "internal error: " + e);
  }

  /** ER_UNKNOWN_STMT_HANDLER: a statement id that was never prepared or was closed. */
  public static ErrPacket unknownStatement(int id, String command) {
    return new ErrPacket(1243, "HY000", "Unknown prepared statement handler (" + Integer.toUnsignedString(id)
        + ") given to " + command);
  }

  public static ErrPacket accessDenied(String user, String host, boolean usingPassword) {
    return new ErrPacket(ACCESS_DENIED, "28000", "Access denied for user '" + user + "'@'" + host
        + "' (using password: " + (usingPassword ? "YES" : "NO") + ")");
  }
}
