package dev.hopscope.server.ingest;

import dev.hopscope.server.auth.Access;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Authentication;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * Zipkin v2: {@code POST /api/v2/spans} with a JSON list of spans, gzip allowed; 202 on success as
 * Zipkin answers, errors as plain text (what Zipkin reporters log). A request with an invalid span
 * is a 400 naming the span and the reason, and nothing of it is stored, as in Zipkin.
 */
public final class ZipkinReceiver implements Handler<HttpServerRequest> {
  static final String PATH = "/api/v2/spans";

  private final IngestPipeline pipeline;
  private final ServerMetrics metrics;
  private final AccessControl access;

  public ZipkinReceiver(IngestPipeline pipeline, ServerMetrics metrics, AccessControl access) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.access = access;
  }

  @Override
  public void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (!PATH.equals(request.path())) {
      OtlpHttpReceiver.plain(
          response,
          404,
          "no such endpoint " + request.path() + "; Zipkin v2 spans go to POST " + PATH);
      return;
    }
    if (request.method() != HttpMethod.POST) {
      response.putHeader(HttpHeaders.ALLOW, "POST");
      OtlpHttpReceiver.plain(response, 405, "use POST " + PATH);
      return;
    }
    String label = Protocol.ZIPKIN_JSON.label();
    String contentType = OtlpHttpReceiver.mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
    if (!contentType.isEmpty() && !contentType.equals("application/json")) {
      metrics.rejectedRequest(label, "unsupported_content_type");
      OtlpHttpReceiver.plain(
          response,
          415,
          "Content-Type \""
              + contentType
              + "\" is not supported; send Zipkin v2 JSON (application/json)");
      return;
    }
    String tenant;
    switch (access.check("zipkin", Permission.WRITE, request, false)) {
      case Access.Granted granted -> tenant = granted.tenant();
      case Access.InvalidTenant invalid -> {
        metrics.rejectedRequest(label, "invalid_tenant");
        OtlpHttpReceiver.plain(response, 400, invalid.message());
        return;
      }
      case Access.Refused refused -> {
        BoundedBody.closeAfterAnswer(request);
        Authentication.later(
            refused.delay(),
            () -> {
              if (refused.unauthenticated()) {
                response.putHeader("WWW-Authenticate", "Bearer");
              }
              OtlpHttpReceiver.plain(response, refused.httpStatus(), refused.message());
            });
        return;
      }
    }
    Context context = Vertx.currentContext();
    String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    BoundedBody.read(request, pipeline.limits().maxCompressedBytes())
        .onFailure(
            failure -> {
              metrics.rejectedRequest(label, "body_too_large");
              BoundedBody.closeAfterAnswer(request);
              OtlpHttpReceiver.plain(response, 413, failure.getMessage());
            })
        .onSuccess(
            body ->
                pipeline
                    .ingest(Protocol.ZIPKIN_JSON, tenant, body, encoding)
                    .thenAccept(outcome -> context.runOnContext(v -> answer(response, outcome))));
  }

  private static void answer(HttpServerResponse response, IngestOutcome outcome) {
    switch (outcome) {
      // Never with rejected spans: for Zipkin those refuse the request (Protocol.partialSuccess).
      case IngestOutcome.Accepted accepted -> response.setStatusCode(202).end();
      case IngestOutcome.Rejected rejected ->
          OtlpHttpReceiver.plain(response, rejected.tooLarge() ? 413 : 400, rejected.message());
      case IngestOutcome.Overloaded overloaded -> {
        response.putHeader(
            HttpHeaders.RETRY_AFTER, Long.toString(overloaded.retryAfter().toSeconds()));
        OtlpHttpReceiver.plain(response, 429, overloaded.message());
      }
      case IngestOutcome.Unavailable unavailable -> {
        response.putHeader(
            HttpHeaders.RETRY_AFTER, Long.toString(unavailable.retryAfter().toSeconds()));
        OtlpHttpReceiver.plain(response, 503, unavailable.message());
      }
    }
  }
}
