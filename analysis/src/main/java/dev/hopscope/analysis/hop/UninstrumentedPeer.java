package dev.hopscope.analysis.hop;

/**
 * A CLIENT/PRODUCER span that no instrumented service received: a database, a broker, a third-party
 * API.
 *
 * @param name the peer's identity as a graph node, from the first of {@code peer.service}, {@code
 *     db.system[/db.namespace]}, {@code messaging.system}, {@code server.address[:server.port]},
 *     the scheme and authority of {@code url.full}, else "unknown peer"
 * @param system {@code db.system} or {@code messaging.system} when present, else ""
 * @param statement a one-line summary of the query (at most 80 characters), else ""
 * @param label how findings name it: "h2 database `SELECT * FROM products`", else the name
 */
public record UninstrumentedPeer(
    String callerService,
    String name,
    String system,
    String statement,
    String label,
    String clientSpanId,
    String clientName,
    long startNanos,
    long durationNanos,
    boolean error) {}
