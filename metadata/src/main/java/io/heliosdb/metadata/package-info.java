/**
 * Cluster metadata: the catalog, shard map, cells and users, replicated with Apache Ratis. Compute
 * and cells read a cached immutable {@link io.heliosdb.metadata.Catalog}; changes go through
 * {@link io.heliosdb.metadata.MetadataClient#submit}. This package never touches user data.
 */
package io.heliosdb.metadata;
