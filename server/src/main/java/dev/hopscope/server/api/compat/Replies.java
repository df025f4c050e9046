package dev.hopscope.server.api.compat;

import dev.hopscope.query.traceql.TraceQlException;
import dev.hopscope.server.api.AccessGate;
import dev.hopscope.server.api.ApiException;
import dev.hopscope.server.api.FailedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * Runs a compatibility handler off the event loop (store reads block) and writes its answer, or the
 * error in the envelope its API family uses: each peer's UI shows only errors it can decode.
 */
final class Replies {
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  private Replies() {}

  /** How an API family writes an error. */
  enum ErrorStyle {
    /** Jaeger's internal v1 API: the usual envelope with {@code errors:[{code,msg}]}. */
    JAEGER_V1,
    /** Jaeger's v3 API (grpc-gateway): {@code {"error":{"httpCode":..,"message":..}}}. */
    JAEGER_V3,
    /** Tempo and Zipkin answer errors as plain text. */
    PLAIN_TEXT;

    String contentType() {
      return this == PLAIN_TEXT ? TEXT : JSON;
    }

    String body(int status, String message) {
      return switch (this) {
        case JAEGER_V1 ->
            new JsonObject()
                .putNull("data")
                .put("total", 0)
                .put("limit", 0)
                .put("offset", 0)
                .put(
                    "errors",
                    new JsonArray().add(new JsonObject().put("code", status).put("msg", message)))
                .encode();
        case JAEGER_V3 ->
            new JsonObject()
                .put("error", new JsonObject().put("httpCode", status).put("message", message))
                .encode();
        case PLAIN_TEXT -> message;
      };
    }
  }

  /** An answer: status, content type and body. */
  record Reply(int status, String contentType, Buffer body) {
    static Reply json(Object value) {
      String encoded = value instanceof String text ? text : io.vertx.core.json.Json.encode(value);
      return new Reply(200, JSON, Buffer.buffer(encoded));
    }
  }

  /** A handler body; runs on a worker thread with the request's tenant. */
  @FunctionalInterface
  interface Body {
    Reply produce(String tenant) throws Exception;
  }

  static void answer(RoutingContext ctx, ErrorStyle style, Body body) {
    String tenant;
    try {
      tenant = AccessGate.tenant(ctx);
    } catch (IllegalArgumentException e) {
      error(ctx, style, 400, ApiException.messageOf(e));
      return;
    }
    Callable<Reply> task = () -> body.produce(tenant);
    ctx.vertx()
        .executeBlocking(task, false)
        .onSuccess(
            reply ->
                ctx.response()
                    .setStatusCode(reply.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
                    .end(reply.body()))
        .onFailure(failure -> fail(ctx, style, failure));
  }

  static void json(RoutingContext ctx, ErrorStyle style, JsonBody body) {
    answer(ctx, style, tenant -> Reply.json(body.produce(tenant)));
  }

  /** A handler body that produces any JSON-encodable value. */
  @FunctionalInterface
  interface JsonBody {
    Object produce(String tenant) throws Exception;
  }

  static void fail(RoutingContext ctx, ErrorStyle style, Throwable failure) {
    switch (failure) {
      case ApiException api -> error(ctx, style, api.status(), ApiException.messageOf(api));
      case TraceQlException query ->
          error(ctx, style, 400, "invalid TraceQL query: " + query.getMessage());
      case IllegalArgumentException bad -> error(ctx, style, 400, ApiException.messageOf(bad));
      default -> {
        FailedRequest failed = FailedRequest.of(ctx.request().uri(), failure);
        failed
            .retryAfter()
            .ifPresent(
                delay -> ctx.response().putHeader("Retry-After", Long.toString(delay.toSeconds())));
        error(ctx, style, failed.status(), failed.message());
      }
    }
  }

  static void error(RoutingContext ctx, ErrorStyle style, int status, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, style.contentType())
        .end(style.body(status, message));
  }
}
