package io.heliosdb.wire.core;

import io.heliosdb.metadata.UserRecord;
import io.heliosdb.planner.api.SessionFactory;
import io.netty.handler.ssl.SslContext;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * What the gateway gives every front end: sessions, users, TLS, metrics and a pool for blocking
 * statement work (never run statements on a Netty event loop).
 *
 * @param sessions opens planner sessions
 * @param users looks up a user's verifiers by name (from the metadata cache)
 * @param serverTls server-side TLS context, or null when TLS is not configured
 * @param metrics per-protocol counters and latency
 * @param statementExecutor pool for statement execution; per connection, submit one task at a time
 * @param serverVersionSuffix appended to version strings, e.g. "HeliosDB 0.1.0"
 */
public record FrontEndContext(
    SessionFactory sessions,
    Function<String, Optional<UserRecord>> users,
    SslContext serverTls,
    ProtocolMetrics metrics,
    ExecutorService statementExecutor,
    String serverVersionSuffix) {}
