package dev.hopscope.server.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Runs an API handler off the event loop (store reads block) and writes its JSON, or the error with
 * the status an {@link ApiException} names. One place maps errors to HTTP, as Zipkin does; what is
 * neither the caller's fault nor a bad argument is answered by {@link FailedRequest}.
 */
final class Responder {
  private Responder() {}

  /** A handler body that produces any JSON-encodable value. */
  @FunctionalInterface
  interface Body {
    Object produce(String tenant) throws Exception;
  }

  static void json(RoutingContext ctx, Body body) {
    String tenant;
    try {
      tenant = AccessGate.tenant(ctx);
    } catch (IllegalArgumentException e) {
      error(ctx, new ApiException(400, ApiException.messageOf(e)));
      return;
    }
    Callable<Object> task = () -> body.produce(tenant);
    ctx.vertx()
        .executeBlocking(task, false)
        .onSuccess(
            value -> {
              ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8");
              if (value instanceof byte[] encoded) { // already JSON, streamed by the handler
                ctx.response().end(io.vertx.core.buffer.Buffer.buffer(encoded));
              } else {
                ctx.response()
                    .end(
                        value instanceof String text
                            ? text
                            : io.vertx.core.json.Json.encode(value));
              }
            })
        .onFailure(failure -> error(ctx, failure));
  }

  static void error(RoutingContext ctx, Throwable failure) {
    if (ctx.response().ended()) {
      return;
    }
    int status;
    JsonObject body = new JsonObject();
    if (failure instanceof ApiException api) {
      status = api.status();
      body.put("error", api.getMessage());
      if (api.position() >= 0) {
        body.put("position", api.position());
      }
    } else if (failure instanceof IllegalArgumentException bad) {
      status = 400;
      body.put("error", bad.getMessage());
    } else {
      FailedRequest failed = FailedRequest.of(ctx.request().uri(), failure);
      status = failed.status();
      body.put("error", failed.message());
      failed
          .retryAfter()
          .ifPresent(
              delay -> ctx.response().putHeader("Retry-After", Long.toString(delay.toSeconds())));
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(body.encode());
  }
}
