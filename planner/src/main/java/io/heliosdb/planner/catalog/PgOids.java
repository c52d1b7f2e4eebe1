package io.heliosdb.planner.catalog;

import io.heliosdb.metadata.TableDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Stable OIDs for catalog objects, derived from what the catalog keeps (table ids never reused,
 * schema and user names), so the same object has the same OID in every session and after a
 * restart. Ranges: PostgreSQL's fixed OIDs below 16384; tables and their primary keys from 16384
 * (two OIDs per table id); schemas and roles from names, above 2^30.
 */
public final class PgOids {
  public static final int PG_CATALOG_NAMESPACE = 11;
  public static final int PUBLIC_NAMESPACE = 2200;
  public static final int INFORMATION_SCHEMA_NAMESPACE = 13_000;
  /** The bootstrap superuser's OID in PostgreSQL; the owner of everything here. */
  public static final int BOOTSTRAP_ROLE = 10;
  public static final int DATABASE = 1;
  public static final int FIRST_USER_OID = 16_384;
  /** pg_class's own OID: the classoid of relations, the table pg_description rows refer to. */
  public static final int PG_CLASS = 1259;
  public static final int PG_CONSTRAINT = 2606;
  public static final int BTREE_AM = 403;
  public static final int HEAP_AM = 2;

  private PgOids() {}

  /** OID of a table: 16384 + 2 * table id. */
  public static int table(TableDescriptor t) {
    return FIRST_USER_OID + (int) (2 * t.tableId());
  }

  /** OID of a table's primary-key index (which is also the OID of its pg_constraint row). */
  public static int primaryKey(TableDescriptor t) {
    return table(t) + 1;
  }

  /** Whether an OID is in the table range, and which table id it is. */
  public static long tableId(int oid) {
    return oid >= FIRST_USER_OID && (oid - FIRST_USER_OID) % 2 == 0 ? (oid - FIRST_USER_OID) / 2 : -1;
  }

  public static int namespace(String schema) {
    return switch (schema) {
      case "pg_catalog" -> PG_CATALOG_NAMESPACE;
      case "public" -> PUBLIC_NAMESPACE;
      case "information_schema" -> INFORMATION_SCHEMA_NAMESPACE;
      default -> fromName(schema);
    };
  }

  /** OID of a role; the alphabetically first superuser is the bootstrap role (10), as initdb makes it. */
  public static int role(String user, String bootstrapUser) {
    return user.equals(bootstrapUser) ? BOOTSTRAP_ROLE : fromName("role:" + user);
  }

  private static int fromName(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return (1 << 30) | (int) (crc.getValue() & 0x3fff_ffffL);
  }
}
