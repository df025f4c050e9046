package dev.hopscope.server.ingest;

import dev.hopscope.otlp.OtlpResponses;
import dev.hopscope.server.auth.Access;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Authentication;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * OTLP/HTTP: {@code POST /v1/traces} with protobuf or JSON bodies, gzip allowed. Answers in the
 * request's format, as the OTLP specification asks, including errors (a {@code google.rpc.Status}).
 */
public final class OtlpHttpReceiver implements Handler<HttpServerRequest> {
  static final String PATH = "/v1/traces";
  private static final String PROTOBUF = "application/x-protobuf";
  private static final String JSON = "application/json";

  private final IngestPipeline pipeline;
  private final ServerMetrics metrics;
  private final AccessControl access;

  public OtlpHttpReceiver(IngestPipeline pipeline, ServerMetrics metrics, AccessControl access) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.access = access;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!PATH.equals(request.path())) {
      plain(
          request.response(),
          404,
          "no such endpoint " + request.path() + "; OTLP/HTTP traces go to POST " + PATH);
      return;
    }
    if (request.method() != HttpMethod.POST) {
      request.response().putHeader(HttpHeaders.ALLOW, "POST");
      plain(request.response(), 405, "use POST " + PATH);
      return;
    }
    String contentType = mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
    boolean json = JSON.equals(contentType);
    Protocol protocol = json ? Protocol.OTLP_HTTP_JSON : Protocol.OTLP_HTTP_PROTOBUF;
    if (!json && !PROTOBUF.equals(contentType)) {
      metrics.rejectedRequest(protocol.label(), "unsupported_content_type");
      plain(
          request.response(),
          415,
          "Content-Type \""
              + request.getHeader(HttpHeaders.CONTENT_TYPE)
              + "\" is not supported; send application/x-protobuf or application/json");
      return;
    }
    String tenant;
    switch (access.check("otlp_http", Permission.WRITE, request, false)) {
      case Access.Granted granted -> tenant = granted.tenant();
      case Access.InvalidTenant invalid -> {
        metrics.rejectedRequest(protocol.label(), "invalid_tenant");
        error(request.response(), json, 400, RpcStatus.INVALID_ARGUMENT, invalid.message(), null);
        return;
      }
      case Access.Refused refused -> {
        BoundedBody.closeAfterAnswer(request);
        Authentication.later(
            refused.delay(),
            () -> {
              if (refused.unauthenticated()) {
                request.response().putHeader("WWW-Authenticate", "Bearer");
              }
              error(
                  request.response(),
                  json,
                  refused.httpStatus(),
                  refused.unauthenticated()
                      ? RpcStatus.UNAUTHENTICATED
                      : RpcStatus.PERMISSION_DENIED,
                  refused.message(),
                  null);
            });
        return;
      }
    }
    Context context = Vertx.currentContext();
    String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    BoundedBody.read(request, pipeline.limits().maxCompressedBytes())
        .onFailure(
            failure -> {
              metrics.rejectedRequest(protocol.label(), "body_too_large");
              BoundedBody.closeAfterAnswer(request);
              error(
                  request.response(),
                  json,
                  413,
                  RpcStatus.INVALID_ARGUMENT,
                  failure.getMessage(),
                  null);
            })
        .onSuccess(
            body ->
                pipeline
                    .ingest(protocol, tenant, body, encoding)
                    .thenAccept(
                        outcome -> context.runOnContext(v -> answer(request, json, outcome))));
  }

  private static void answer(HttpServerRequest request, boolean json, IngestOutcome outcome) {
    HttpServerResponse response = request.response();
    switch (outcome) {
      case IngestOutcome.Accepted accepted -> {
        if (json) {
          response
              .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
              .setStatusCode(200)
              .end(OtlpResponses.json(accepted.result()));
        } else {
          response
              .putHeader(HttpHeaders.CONTENT_TYPE, PROTOBUF)
              .setStatusCode(200)
              .end(Buffer.buffer(OtlpResponses.protobuf(accepted.result())));
        }
      }
      case IngestOutcome.Rejected rejected ->
          error(
              response,
              json,
              rejected.tooLarge() ? 413 : 400,
              RpcStatus.INVALID_ARGUMENT,
              rejected.message(),
              null);
      case IngestOutcome.Overloaded overloaded ->
          error(
              response,
              json,
              429,
              RpcStatus.RESOURCE_EXHAUSTED,
              overloaded.message(),
              overloaded.retryAfter());
      case IngestOutcome.Unavailable unavailable ->
          error(
              response,
              json,
              503,
              RpcStatus.UNAVAILABLE,
              unavailable.message(),
              unavailable.retryAfter());
    }
  }

  static void error(
      HttpServerResponse response,
      boolean json,
      int status,
      int rpcCode,
      String message,
      Duration retryAfter) {
    if (response.ended()) {
      return;
    }
    if (retryAfter != null) {
      response.putHeader(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    response.setStatusCode(status);
    if (json) {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(RpcStatus.json(rpcCode, message, retryAfter));
    } else {
      response
          .putHeader(HttpHeaders.CONTENT_TYPE, PROTOBUF)
          .end(Buffer.buffer(RpcStatus.protobuf(rpcCode, message, retryAfter)));
    }
  }

  static void plain(HttpServerResponse response, int status, String message) {
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(message + "\n");
  }

  /** {@code application/json; charset=utf-8} → {@code application/json}. */
  static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
