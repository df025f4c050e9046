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
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP ingest receiver: checks a request the same way for every protocol (path, method,
 * Content-Type, tenant and token, body size, in that order), counts each refusal by reason, hands
 * the body to the {@link IngestPipeline} with the decoder its Content-Type chose, and maps the
 * outcome to a status code. The {@link HttpProtocol} only says which path and content types it
 * takes and writes its answers (OTLP a {@code google.rpc.Status} in the request's encoding, Zipkin
 * plain text), so the checks and status codes cannot drift apart between protocols.
 */
public final class HttpReceiver implements Handler<HttpServerRequest> {
  private final HttpProtocol protocol;
  private final IngestPipeline pipeline;
  private final ServerMetrics metrics;
  private final AccessControl access;

  HttpReceiver(
      HttpProtocol protocol, IngestPipeline pipeline, ServerMetrics metrics, AccessControl access) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.access = Objects.requireNonNull(access, "access");
  }

  /** OTLP/HTTP: {@code POST /v1/traces}, protobuf or JSON. */
  public static HttpReceiver otlp(
      IngestPipeline pipeline, ServerMetrics metrics, AccessControl access) {
    return new HttpReceiver(new OtlpHttpProtocol(), pipeline, metrics, access);
  }

  /** Zipkin v2: {@code POST /api/v2/spans}, a JSON list of spans. */
  public static HttpReceiver zipkin(
      IngestPipeline pipeline, ServerMetrics metrics, AccessControl access) {
    return new HttpReceiver(new ZipkinHttpProtocol(), pipeline, metrics, access);
  }

  @Override
  public void handle(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (!protocol.path().equals(request.path())) {
      plain(
          response,
          404,
          "no such endpoint "
              + request.path()
              + "; "
              + protocol.posted()
              + " go to POST "
              + protocol.path());
      return;
    }
    if (request.method() != HttpMethod.POST) {
      response.putHeader(HttpHeaders.ALLOW, "POST");
      plain(response, 405, "use POST " + protocol.path());
      return;
    }
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    Protocol decoder = protocol.decoders().get(mediaType(contentType));
    if (decoder == null) {
      metrics.rejectedRequest(protocol.countedWithoutDecoder().label(), "unsupported_content_type");
      plain(response, 415, protocol.unsupportedContentType(contentType));
      return;
    }
    String tenant;
    switch (access.check(protocol.accessName(), Permission.WRITE, request, false)) {
      case Access.Granted granted -> tenant = granted.tenant();
      case Access.InvalidTenant invalid -> {
        metrics.rejectedRequest(decoder.label(), "invalid_tenant");
        refuse(response, decoder, 400, RpcStatus.INVALID_ARGUMENT, invalid.message(), null);
        return;
      }
      case Access.Refused refused -> {
        // Counted under hopscope_auth_failures_total by access control, not as a rejected request.
        BoundedBody.closeAfterAnswer(request);
        Authentication.later(
            refused.delay(),
            () -> {
              if (refused.unauthenticated()) {
                response.putHeader("WWW-Authenticate", "Bearer");
              }
              refuse(
                  response,
                  decoder,
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
    // handle() is a request handler: Vert.x runs it on the listener's context.
    Context context =
        Objects.requireNonNull(Vertx.currentContext(), "a request handler runs on a context");
    String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    BoundedBody.read(request, pipeline.limits().maxCompressedBytes())
        .onFailure(
            failure -> {
              metrics.rejectedRequest(decoder.label(), "body_too_large");
              BoundedBody.closeAfterAnswer(request);
              refuse(
                  response,
                  decoder,
                  413,
                  RpcStatus.INVALID_ARGUMENT,
                  Objects.requireNonNullElse(failure.getMessage(), failure.toString()),
                  null);
            })
        .onSuccess(
            body ->
                pipeline
                    .ingest(decoder, tenant, body, encoding)
                    .thenAccept(
                        outcome ->
                            context.runOnContext(ignored -> answer(response, decoder, outcome))));
  }

  private void answer(HttpServerResponse response, Protocol decoder, IngestOutcome outcome) {
    switch (outcome) {
      // With rejected spans only where the protocol has partial success (Protocol.partialSuccess).
      case IngestOutcome.Accepted accepted ->
          protocol.accepted(response, decoder, accepted.result());
      case IngestOutcome.Rejected rejected ->
          refuse(
              response,
              decoder,
              rejected.tooLarge() ? 413 : 400,
              RpcStatus.INVALID_ARGUMENT,
              rejected.message(),
              null);
      case IngestOutcome.Overloaded overloaded ->
          refuse(
              response,
              decoder,
              429,
              RpcStatus.RESOURCE_EXHAUSTED,
              overloaded.message(),
              overloaded.retryAfter());
      case IngestOutcome.Unavailable unavailable ->
          refuse(
              response,
              decoder,
              503,
              RpcStatus.UNAVAILABLE,
              unavailable.message(),
              unavailable.retryAfter());
    }
  }

  /** {@code retryAfter} is null for a refusal that must not be retried as it is. */
  private void refuse(
      HttpServerResponse response,
      Protocol decoder,
      int status,
      int rpcCode,
      String message,
      @Nullable Duration retryAfter) {
    if (response.ended()) {
      return;
    }
    if (retryAfter != null) {
      // Whole seconds, at least one: "Retry-After: 0" would invite a retry storm.
      response.putHeader(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
    }
    response.setStatusCode(status);
    protocol.refused(response, decoder, rpcCode, message, retryAfter);
  }

  /** A plain-text answer: what a client that is not speaking the protocol yet can read. */
  static void plain(HttpServerResponse response, int status, String message) {
    response
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(message + "\n");
  }

  /** {@code application/json; charset=utf-8} → {@code application/json}; null → {@code ""}. */
  static String mediaType(@Nullable String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
