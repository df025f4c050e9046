package dev.hopscope.server.api;

import dev.hopscope.server.auth.Access;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Authentication;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.auth.SessionTokens;
import dev.hopscope.server.auth.TokenEntry;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's sign-in: a page that takes a token (a plain form, no script), a session cookie that
 * stands for it (HttpOnly, SameSite=Strict, Secure under TLS, expiring), sign-out, the current
 * tenant and a switch among the token's tenants. The token never reaches the page's script or
 * storage: a script injected through span data could not read it.
 */
final class SignIn {
  static final String PAGE = "/signin";

  /** What the sign-in page itself needs, open to anyone: it holds no data. */
  static final Set<String> OPEN_PATHS =
      Set.of(PAGE, "/auth/session", "/auth/signout", "/css/base.css", "/favicon.svg");

  private final AccessControl access;

  SignIn(AccessControl access) {
    this.access = access;
  }

  void mount(Router router) {
    router.get(PAGE).handler(this::page);
    router.post("/auth/session").handler(BodyHandler.create().setBodyLimit(8 * 1024));
    router.post("/auth/session").handler(this::signIn);
    router.post("/auth/signout").handler(this::signOut);
    router.get("/auth/whoami").handler(this::whoami);
    router.post("/auth/tenant").handler(BodyHandler.create().setBodyLimit(1024));
    router.post("/auth/tenant").handler(this::chooseTenant);
  }

  private void page(RoutingContext ctx) {
    if (!access.enabled()) {
      redirect(ctx, "/");
      return;
    }
    html(ctx, 200, next(ctx.request().getParam("next")), null);
  }

  private void signIn(RoutingContext ctx) {
    if (!access.enabled() || !sameOrigin(ctx)) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    String token = ctx.request().getFormAttribute("token");
    String presented = token == null || token.isBlank() ? null : token.trim();
    String next = next(ctx.request().getFormAttribute("next"));
    Access decided =
        access.check(
            "http",
            Permission.READ,
            presented,
            false,
            null,
            ctx.request().remoteAddress().hostAddress());
    if (decided instanceof Access.Refused refused) {
      String why =
          refused.unauthenticated()
              ? "That token is not valid: mistyped, revoked or expired. Ask your operator."
              : "That token may not read traces (it is for sending them). Use a token with read.";
      Authentication.later(refused.delay(), () -> html(ctx, refused.httpStatus(), next, why));
      return;
    }
    SessionTokens sessions = access.sessions().orElseThrow();
    // check() refuses a request without a token (missing_token), so one was presented here.
    String id = sessions.start(Objects.requireNonNull(presented, "a granted sign-in's token"));
    ctx.response()
        .addCookie(
            Cookie.cookie(SessionTokens.COOKIE, id)
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL())
                .setMaxAge(sessions.ttl().toSeconds()));
    redirect(ctx, next);
  }

  // No Origin check here or on the tenant switch: the UI's pages send "Origin: null" (their
  // Referrer-Policy is no-referrer), and a cross-site POST carries no SameSite=Strict cookie, so
  // it names no session to end or change.
  private void signOut(RoutingContext ctx) {
    access.sessions().ifPresent(sessions -> sessions.end(ctx.request()));
    ctx.response()
        .addCookie(
            Cookie.cookie(SessionTokens.COOKIE, "")
                .setPath("/")
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT)
                .setSecure(ctx.request().isSSL())
                .setMaxAge(0));
    redirect(ctx, access.enabled() ? PAGE : "/");
  }

  /** Who the UI acts as: the token's label, the tenant now, the tenants it may switch to. */
  private void whoami(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("auth", access.enabled());
    try {
      body.put("tenant", AccessGate.tenant(ctx));
    } catch (IllegalArgumentException e) {
      Responder.error(ctx, e);
      return;
    }
    token(ctx.request())
        .flatMap(access::entry)
        .ifPresent(
            entry ->
                body.put("name", entry.name())
                    .put("tenants", new JsonArray(entry.tenants()))
                    .put(
                        "can",
                        new JsonArray(
                            entry.can().stream().map(Permission::label).sorted().toList())));
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.encode());
  }

  private void chooseTenant(RoutingContext ctx) {
    String tenant = ctx.request().getFormAttribute("tenant");
    Optional<TokenEntry> entry = token(ctx.request()).flatMap(access::entry);
    if (!access.enabled() || entry.isEmpty() || tenant == null) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    Access decided =
        access.check(
            "http",
            Permission.READ,
            token(ctx.request()).orElseThrow(),
            false,
            tenant,
            ctx.request().remoteAddress().hostAddress());
    switch (decided) {
      case Access.Granted granted -> {
        access.sessions().orElseThrow().choose(ctx.request(), granted.tenant());
        ctx.response().setStatusCode(204).end();
      }
      case Access.Refused refused -> Responder.error(ctx, new ApiException(403, refused.message()));
      case Access.InvalidTenant invalid ->
          Responder.error(ctx, new ApiException(400, invalid.message()));
    }
  }

  private Optional<String> token(HttpServerRequest request) {
    String bearer = request.getHeader("Authorization");
    if (bearer != null && bearer.regionMatches(true, 0, AccessControl.BEARER, 0, 7)) {
      return Optional.of(bearer.substring(AccessControl.BEARER.length()).trim());
    }
    return access.sessions().flatMap(s -> s.of(request)).map(SessionTokens.Session::token);
  }

  /**
   * The sign-in form posts only from our own page: a POST whose Origin names another site, or
   * "null" (what a page with Referrer-Policy no-referrer sends, so what an attacker's page can
   * choose), is refused — login CSRF, signing a victim into the attacker's tenant. The sign-in page
   * itself says Referrer-Policy: same-origin so that its form sends the real Origin. No Origin at
   * all is a non-browser client (curl, tests), which no forged page can be.
   */
  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true;
    }
    // authority(): the Host header in HTTP/1.1, :authority in HTTP/2 (which has no Host).
    io.vertx.core.net.HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      return false;
    }
    String scheme = ctx.request().isSSL() ? "https://" : "http://";
    String host = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return origin.equals(scheme + host);
  }

  /** Where to go after signing in: a path on this server, never another site. */
  static String next(@Nullable String requested) {
    if (requested == null
        || !requested.startsWith("/")
        || requested.startsWith("//")
        || requested.startsWith("/\\")
        || requested.startsWith(PAGE)
        || requested.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return requested;
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response()
        .setStatusCode(303)
        .putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end();
  }

  private static void html(RoutingContext ctx, int status, String next, @Nullable String error) {
    if (ctx.response().ended()) {
      return;
    }
    String page =
        """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Sign in · Hopscope</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/css/base.css">
        </head>
        <body>
          <main class="signin" data-testid="signin">
            <h1>Sign in to Hopscope</h1>
            <p>Paste the token your operator gave you (it starts with <code>hst_</code>).
            This browser keeps only a session cookie; the token stays on the server.</p>
            %s
            <form method="post" action="/auth/session">
              <input type="hidden" name="next" value="%s">
              <label for="token">Token</label>
              <input id="token" name="token" type="password" autocomplete="off" required
                     data-testid="signin-token">
              <button type="submit" data-testid="signin-submit">Sign in</button>
            </form>
          </main>
        </body>
        </html>
        """
            .formatted(
                error == null
                    ? ""
                    : "<p class=\"signin-error\" role=\"alert\" data-testid=\"signin-error\">"
                        + escape(error)
                        + "</p>",
                escape(next));
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Referrer-Policy", "same-origin") // so that the form's POST names its Origin
        .end(page);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
