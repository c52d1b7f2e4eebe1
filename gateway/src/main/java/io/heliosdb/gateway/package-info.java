/**
 * The launcher: command-line configuration and the main class that starts an embedded all-in-one
 * node and serves it until SIGTERM. Wiring only; protocol handling lives in the front ends and
 * user data is reached only through HIDB.
 */
package io.heliosdb.gateway;
