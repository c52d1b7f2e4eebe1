package io.heliosdb.planner.catalog;

/**
 * One row of pg_type as HeliosDB reports it (PostgreSQL 16's OIDs and I/O function names).
 *
 * @param oid type OID, the same number wire-postgres puts in RowDescription
 * @param name typname
 * @param sqlName the spelling format_type() prints
 * @param length typlen: fixed size in bytes, -1 for variable length
 * @param category typcategory (N numeric, S string, D datetime, A array ...)
 * @param element typelem: the element type of an array (or of int2vector/oidvector), else 0
 * @param array typarray: the array type whose elements are this type, else 0
 * @param ioPrefix prefix of the typinput/typoutput/typreceive/typsend function names
 * @param collation typcollation: 100 (default) for collatable string types, else 0
 */
public record PgType(int oid, String name, String sqlName, int length, String category, int element, int array,
    String ioPrefix, int collation) {

  public boolean byValue() {
    return length > 0 && length <= 8;
  }

  public String alignment() {
    return switch (length) {
      case 1 -> "c";
      case 2 -> "s";
      case 4 -> "i";
      case 8 -> "d";
      default -> "i";
    };
  }

  public String input() {
    return category.equals("A") && element != 0 && !name.endsWith("vector") ? "array_in" : ioPrefix + "in";
  }

  public String output() {
    return category.equals("A") && element != 0 && !name.endsWith("vector") ? "array_out" : ioPrefix + "out";
  }

  public String receive() {
    return category.equals("A") && element != 0 && !name.endsWith("vector") ? "array_recv" : ioPrefix + "recv";
  }

  public String send() {
    return category.equals("A") && element != 0 && !name.endsWith("vector") ? "array_send" : ioPrefix + "send";
  }
}
