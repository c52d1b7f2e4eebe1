/**
 * The front-end SPI (one implementation per client protocol) and what all front ends share: TLS
 * helpers, credential verifiers and the metrics hook. Nothing protocol-specific lives here.
 */
package io.heliosdb.wire.core;
