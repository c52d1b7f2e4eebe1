/**
 * Cluster metadata replicated with Apache Ratis: the deterministic transition function
 * ({@link io.heliosdb.metadata.raft.CatalogTransition}), its protobuf codec, the Ratis state machine
 * and the peer service that implements {@link io.heliosdb.metadata.MetadataClient}. Nothing here
 * touches user data or cells; it only decides and replicates the catalog.
 */
package io.heliosdb.metadata.raft;
