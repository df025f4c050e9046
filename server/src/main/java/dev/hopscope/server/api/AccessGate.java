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

  /**
   * {@code needed}: what a path requires; empty for the few that need nothing ({@code /health}).
   */
  public AccessGate(
      AccessControl access,
      String listener,
      Function<RoutingContext, Optional<Permission>> needed) {
    this.access = access;
    this.listener = listener;
    this.needed = needed;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<Permission> permission = needed.apply(ctx);
    if (permission.isEmpty()) {
      ctx.next();
      return;
    }
    Access decided = access.check(listener, permission.get(), ctx.request());
    if (decided instanceof Access.Refused refused) {
      Authentication.later(refused.delay(), () -> refuse(ctx, refused));
      return;
    }
    ctx.put(KEY, decided);
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, Access.Refused refused) {
    if (ctx.response().ended()) {
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
