/**
 * Authentication helpers shared by all front ends: computing a user's stored verifiers from a
 * password and the server side of SCRAM-SHA-256. JDK crypto only; nothing protocol-framing-specific
 * and no network or session code lives here.
 */
package io.heliosdb.wire.core.auth;
