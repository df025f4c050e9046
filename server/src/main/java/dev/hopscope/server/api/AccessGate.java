package dev.hopscope.server.api;

import dev.hopscope.server.auth.Access;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Authentication;
import dev.hopscope.server.auth.Permission;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;

/**
 * The first route of a router: decides the request ({@link AccessControl}) before any handler runs,
 * and leaves the tenant it may act for in the routing context. Handlers read the tenant only from
 * here ({@link #tenant}); a route reached without passing the gate fails closed (500) rather than
 * guessing a tenant.
 */
public final class AccessGate implements Handler<RoutingContext> {
  private static final String KEY = "hopscope.access";

  private final AccessControl access;
  private final String listener;
  private final Function<RoutingContext, Optional<Permission>> needed;
  private final boolean signInPage;

  /**
   * {@code needed}: what a path requires; empty for the few that need nothing ({@code /health}).
   * {@code signInPage}: a browser asking for a page without a session is sent to {@code /signin}.
   */
  public AccessGate(
      AccessControl access,
      String listener,
      Function<RoutingContext, Optional<Permission>> needed,
      boolean signInPage) {
    this.access = access;
    this.listener = listener;
    this.needed = needed;
    this.signInPage = signInPage;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<Permission> permission = needed.apply(ctx);
    if (permission.isEmpty()) {
      ctx.next();
      return;
    }
    Access decided = access.check(listener, permission.get(), ctx.request(), true);
    if (decided instanceof Access.Refused refused) {
      Authentication.later(refused.delay(), () -> refuse(ctx, refused));
      return;
    }
    if (access.enabled()) {
      // Nothing a signed-in user saw may outlive the sign-out in a cache or the back button;
      // set last, over whatever a handler chose.
      ctx.addHeadersEndHandler(
          ignored -> ctx.response().headers().set(HttpHeaders.CACHE_CONTROL, "no-store"));
    }
    ctx.put(KEY, decided);
    ctx.next();
  }

  private void refuse(RoutingContext ctx, Access.Refused refused) {
    if (ctx.response().ended()) {
      return;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (signInPage
        && refused.unauthenticated()
        && ctx.request().method() == io.vertx.core.http.HttpMethod.GET
        && accept != null
        && accept.contains("text/html")) {
      ctx.response()
          .setStatusCode(302)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          .putHeader(
              HttpHeaders.LOCATION, SignIn.PAGE + "?next=" + SignIn.encode(ctx.request().uri()))
          .end();
      return;
    }
    if (refused.unauthenticated()) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"hopscope\"");
    }
    ctx.response()
        .setStatusCode(refused.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("error", refused.message()).encode());
  }

  /**
   * The tenant the gate granted this request. IllegalArgumentException (400 in every API's style)
   * for an X-Scope-OrgID that is no tenant name.
   */
  public static String tenant(RoutingContext ctx) {
    Access decided = ctx.get(KEY);
    return switch (decided) {
      case Access.Granted granted -> granted.tenant();
      case Access.InvalidTenant invalid -> throw new IllegalArgumentException(invalid.message());
      case null, default ->
          throw new IllegalStateException(
              "route " + ctx.normalizedPath() + " was reached without the access gate");
    };
  }
}
