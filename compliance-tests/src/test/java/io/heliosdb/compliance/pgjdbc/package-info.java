/**
 * The pgjdbc column of the compliance matrix: the real PostgreSQL JDBC driver against a HeliosDB
 * embedded node started in this JVM ({@link io.heliosdb.compliance.pgjdbc.MatrixServer}), or against
 * a real PostgreSQL when HELIOSDB_TEST_TARGET=postgres, to check the tests encode PostgreSQL's
 * behaviour. Only the driver's public JDBC API is used.
 */
package io.heliosdb.compliance.pgjdbc;
