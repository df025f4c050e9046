package dev.hopscope.server.api;

import dev.hopscope.cluster.remote.StoreReadEndpoint;
import dev.hopscope.server.auth.Access;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A live store's internal read API for queriers, on its HTTP port: {@code POST
 * /internal/store/v1/<operation>} with a binary body (cluster's {@code StoreWire}); the tenant is
 * in the body, never taken from a header default. With tokens on, the request's bearer token must
 * be allowed to read that tenant (a querier sends an operator's read token, {@code
 * querier.liveStoresToken}); a cookie never counts here. Errors are plain text: 401/403 for a token
 * that may not, 400 for a request the live store cannot read, 500 for a failed read, which the
 * querier counts and skips.
 */
final class InternalStoreApi {
  /** Requests name a trace, a search or a list; none comes near this. */
  private static final long MAX_REQUEST_BYTES = 1 << 20;

  /** The protocol label of refused requests in {@code hopscope_rejected_requests_total}. */
  static final String PROTOCOL = "internal-store";

  private final StoreReadEndpoint endpoint;
  private final ServerMetrics metrics;
  private final AccessControl access;

  InternalStoreApi(StoreReadEndpoint endpoint, ServerMetrics metrics, AccessControl access) {
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.access = access;
  }

  void mount(Router router) {
    router.post(StoreReadEndpoint.PATH + ":operation").handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null
        || !length.matches("[0-9]{1,7}")
        || Long.parseLong(length) > MAX_REQUEST_BYTES) {
      metrics.rejectedRequest(PROTOCOL, "too_large");
      text(
          ctx,
          413,
          "internal store requests need a Content-Length of at most "
              + MAX_REQUEST_BYTES
              + " bytes, got "
              + length
              + "; they come from a Hopscope querier");
      return;
    }
    String operation = ApiParams.path(ctx, "operation");
    ctx.request()
        .body()
        .compose(
            body ->
                ctx.vertx()
                    .executeBlocking(
                        () ->
                            endpoint.handle(
                                operation,
                                body.getBytes(),
                                tenant -> {
                                  // The gate checked the token; the tenant is only known here.
                                  if (access.checkTenant(
                                          "http", Permission.READ, ctx.request(), tenant)
                                      instanceof Access.Refused refused) {
                                    throw new Refusal(refused);
                                  }
                                }),
                        false))
        .onSuccess(
            answer ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream")
                    .end(Buffer.buffer(answer)))
        .onFailure(
            failure -> {
              if (failure instanceof Refusal refusal) {
                text(ctx, refusal.refused.httpStatus(), refusal.refused.message());
                return;
              }
              boolean unreadable = failure instanceof IllegalArgumentException;
              if (unreadable) {
                metrics.rejectedRequest(PROTOCOL, "unreadable");
              }
              text(ctx, unreadable ? 400 : 500, String.valueOf(failure.getMessage()));
            });
  }

  private static void text(RoutingContext ctx, int status, String message) {
    if (!ctx.response().ended()) {
      ctx.response()
          .setStatusCode(status)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
          .end(message);
    }
  }

  /** Carries a refusal out of the blocking read, before anything was read. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Access.Refused refused;

    Refusal(Access.Refused refused) {
      super(refused.message(), null, false, false);
      this.refused = refused;
    }
  }
}
