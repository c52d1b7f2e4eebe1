/** Key-to-shard placement shared by compute (routing) and cells (ownership checks). */
package io.heliosdb.hidb.sharding;
