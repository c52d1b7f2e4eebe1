package io.heliosdb.metadata;

import io.heliosdb.hidb.types.DataType;

/**
 * One column of a table.
 *
 * @param name column name as stored (PostgreSQL folds unquoted identifiers to lower case before this)
 * @param type value-model type
 * @param nullable false for NOT NULL and primary-key columns
 * @param defaultExpression SQL text of the DEFAULT expression, or null
 * @param hidden true for the generated row id of a table declared without a primary key
 */
public record ColumnDescriptor(String name, DataType type, boolean nullable, String defaultExpression, boolean hidden) {}
