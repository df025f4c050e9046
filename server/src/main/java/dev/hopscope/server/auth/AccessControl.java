package dev.hopscope.server.auth;

import dev.hopscope.server.ingest.Tenants;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides every request on every listener: who is asking (a bearer token, or a UI session that
 * stands for one), for which tenant, and whether that token may do what the endpoint needs. Without
 * {@code auth.tokensFile} it is {@link #open()}: the tenant is whatever {@code X-Scope-OrgID} says,
 * as in Tempo, and the server refuses to bind beyond loopback unless told {@code auth.mode: none}
 * (checked in the configuration).
 *
 * <p>The tenant comes from the token. {@code X-Scope-OrgID} only chooses among the tenants the
 * token may act for; naming any other is refused (403) rather than ignored, so that a client that
 * believes it writes to tenant B never silently writes to A. Refusals say what is missing, never
 * whether the tenant or a trace exists.
 */
public final class AccessControl {
  public static final String BEARER = "Bearer ";

  private final Optional<TokenRegistry> tokens;
  private final Optional<SessionTokens> sessions;
  private final FailureThrottle throttle;
  private final ServerMetrics metrics;

  private AccessControl(
      Optional<TokenRegistry> tokens,
      Optional<SessionTokens> sessions,
      FailureThrottle throttle,
      ServerMetrics metrics) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.throttle = throttle;
    this.metrics = metrics;
  }

  /** No authentication: the tenant is the {@code X-Scope-OrgID} header (default tenant without). */
  public static AccessControl open() {
    return new AccessControl(
        Optional.empty(), Optional.empty(), new FailureThrottle(0, System::nanoTime), null);
  }

  public static AccessControl tokens(
      TokenRegistry tokens,
      SessionTokens sessions,
      FailureThrottle throttle,
      ServerMetrics metrics) {
    return new AccessControl(Optional.of(tokens), Optional.of(sessions), throttle, metrics);
  }

  public boolean enabled() {
    return tokens.isPresent();
  }

  /** The sessions of the UI's sign-in, when tokens are on. */
  public Optional<SessionTokens> sessions() {
    return sessions;
  }

  /** Decides a request from its {@code Authorization} header, session cookie and tenant header. */
  public Access check(String listener, Permission needed, HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String token = bearer(request.getHeader("Authorization"));
    if (token == null && sessions.isPresent()) {
      token = sessions.get().tokenOf(request).orElse(null);
    }
    return check(
        listener,
        needed,
        token,
        request.getHeader("Authorization") != null,
        request.getHeader(Tenants.HEADER),
        remote == null ? "unknown" : remote.hostAddress());
  }

  /**
   * As {@link #check(String, Permission, HttpServerRequest)}; {@code token} null when none was
   * presented, {@code headerSent} whether an Authorization header came (to tell a malformed one).
   */
  public Access check(
      String listener,
      Permission needed,
      String token,
      boolean headerSent,
      String tenantHeader,
      String source) {
    if (tokens.isEmpty()) {
      return tenantFromHeader(tenantHeader);
    }
    if (token == null) {
      return headerSent
          ? refuse(
              listener,
              source,
              true,
              "malformed_authorization",
              "the Authorization header must be \"Bearer <token>\"")
          : refuse(
              listener,
              source,
              true,
              "missing_token",
              "this endpoint needs a token: send Authorization: Bearer <token> (an operator makes"
                  + " one with ./hopscope token)");
    }
    Optional<TokenEntry> found = tokens.get().find(token);
    if (found.isEmpty()) {
      return refuse(
          listener,
          source,
          true,
          "unknown_token",
          "the token is not valid (mistyped, revoked or expired); ask the operator for a token");
    }
    TokenEntry entry = found.get();
    String tenant;
    if (tenantHeader == null || tenantHeader.isBlank()) {
      tenant = entry.anyTenant() ? Tenants.DEFAULT : entry.tenants().get(0);
    } else {
      Access named = tenantFromHeader(tenantHeader);
      if (!(named instanceof Access.Granted granted)) {
        return named;
      }
      tenant = granted.tenant();
      if (!entry.mayActFor(tenant)) {
        return refuse(
            listener,
            source,
            false,
            "tenant_not_allowed",
            "token \""
                + entry.name()
                + "\" may not act for the tenant named in "
                + Tenants.HEADER
                + "; drop the header or use a token for that tenant");
      }
    }
    if (!entry.can().contains(needed)) {
      return refuse(
          listener,
          source,
          false,
          "missing_permission",
          "token \""
              + entry.name()
              + "\" may not "
              + needed.label()
              + " (it can: "
              + entry.canLabel()
              + "); use a token with "
              + needed.label());
    }
    return new Access.Granted(tenant);
  }

  /** The token of an {@code Authorization: Bearer} header, or null. */
  static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  private static Access tenantFromHeader(String header) {
    try {
      return new Access.Granted(Tenants.fromHeader(header));
    } catch (IllegalArgumentException e) {
      return new Access.InvalidTenant(e.getMessage());
    }
  }

  private Access refuse(
      String listener, String source, boolean unauthenticated, String reason, String message) {
    metrics.authFailure(listener, reason);
    Duration delay = throttle.failed(source);
    return new Access.Refused(unauthenticated, reason, message, delay);
  }
}
