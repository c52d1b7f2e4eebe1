/**
 * PostgreSQL type mapping for the value model: OIDs and sizes per DataType, and the text and
 * binary wire encodings of values. Pure conversions; no channel or session code.
 */
package io.heliosdb.wire.postgres.types;
