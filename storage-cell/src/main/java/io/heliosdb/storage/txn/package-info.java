/**
 * Cell-side transactions (docs/adr/0007-transactions.md): write intents and their conflicts, the
 * transaction record a coordinator cell keeps, resolution of intents into MVCC versions, and the
 * intent overlay that reads of a transaction merge into the MVCC view. Talks to other cells only
 * through {@link io.heliosdb.storage.txn.PeerCells}; knows nothing of SQL or of compute sessions.
 */
package io.heliosdb.storage.txn;
