package dev.hopscope.server.auth;

import dev.hopscope.server.ingest.Tenants;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
  // Null only when open(): without tokens nothing is refused, so nothing is counted.
  private final @Nullable ServerMetrics metrics;

  private AccessControl(
      Optional<TokenRegistry> tokens,
      Optional<SessionTokens> sessions,
      FailureThrottle throttle,
      @Nullable ServerMetrics metrics) {
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

  /**
   * Decides a request from its {@code Authorization} header and tenant header, and — where {@code
   * sessions} (the UI's port, Zipkin's read API) — its sign-in cookie. Receivers take no cookie:
   * whatever a browser carries by itself must never be able to write spans.
   */
  public Access check(
      String listener, Permission needed, HttpServerRequest request, boolean sessions) {
    SocketAddress remote = request.remoteAddress();
    String header = request.getHeader("Authorization");
    String token = bearer(header);
    String tenant = request.getHeader(Tenants.HEADER);
    if (header == null && sessions && this.sessions.isPresent()) {
      Optional<SessionTokens.Session> session = this.sessions.get().of(request);
      if (session.isPresent()) {
        token = session.get().token();
        if (tenant == null) {
          tenant = session.get().tenant();
        }
      }
    }
    return check(
        listener,
        needed,
        token,
        header != null,
        tenant,
        remote == null ? "unknown" : remote.hostAddress());
  }

  /**
   * For endpoints whose tenant is in the request body (the live stores' internal read API): only
   * the {@code Authorization} header counts, never a cookie, and the token must be allowed to act
   * for {@code tenant}.
   */
  public Access checkTenant(
      String listener, Permission needed, HttpServerRequest request, String tenant) {
    SocketAddress remote = request.remoteAddress();
    String header = request.getHeader("Authorization");
    return check(
        listener,
        needed,
        bearer(header),
        header != null,
        tenant,
        remote == null ? "unknown" : remote.hostAddress());
  }

  /** The entry of a token, for the UI's "signed in as" (never for a decision: use check). */
  public Optional<TokenEntry> entry(String token) {
    return tokens.flatMap(registry -> registry.find(token));
  }

  /**
   * As {@link #check(String, Permission, HttpServerRequest)}; {@code token} null when none was
   * presented, {@code headerSent} whether an Authorization header came (to tell a malformed one).
   */
  public Access check(
      String listener,
      Permission needed,
      @Nullable String token,
      boolean headerSent,
      @Nullable String tenantHeader,
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
  static @Nullable String bearer(@Nullable String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = header.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  private static Access tenantFromHeader(@Nullable String header) {
    try {
      return new Access.Granted(Tenants.fromHeader(header));
    } catch (IllegalArgumentException e) {
      // Tenants names the header and the problem; a message-less exception still says what it was.
      return new Access.InvalidTenant(Objects.requireNonNullElse(e.getMessage(), e.toString()));
    }
  }

  private Access refuse(
      String listener, String source, boolean unauthenticated, String reason, String message) {
    if (metrics != null) { // always, in fact: only a server with tokens refuses
      metrics.authFailure(listener, reason);
    }
    Duration delay = throttle.failed(source);
    return new Access.Refused(unauthenticated, reason, message, delay);
  }
}
