package dev.hopscope.server.ingest;

import dev.hopscope.otlp.OtlpResponses;
import dev.hopscope.server.auth.Access;
import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.auth.Authentication;
import dev.hopscope.server.auth.Permission;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.grpc.common.GrpcStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * One OTLP/gRPC Export call, read from its HTTP/2 stream: checks the call's headers, reads its one
 * message ({@link UnaryMessageReader}), hands it to the pipeline and answers. Like grpc-java, the
 * message is ingested only once the request has ended cleanly, so a call with bytes after its
 * message is refused with nothing written.
 *
 * <p>Every call ends in exactly one answer or in a stream the client reset, and every byte it took
 * from the in-flight budget is given back exactly once: here when the call is refused or abandoned,
 * by the pipeline once the message was handed over. Confined to the connection's event loop: Vert.x
 * calls every handler here on it and pipeline outcomes are hopped back onto it, so the fields need
 * no synchronisation.
 */
final class GrpcExportCall {
  private final HttpServerRequest request;
  private final IngestPipeline pipeline;
  private final ServerMetrics metrics;
  // Made by OtlpGrpcReceiver's request handler, which Vert.x runs on the listener's context.
  private final Context context =
      Objects.requireNonNull(Vertx.currentContext(), "a gRPC call starts in a request handler");
  private final String encoding;
  private final UnaryMessageReader reader;
  private final AccessControl access;
  private String tenant = Tenants.DEFAULT;
  private long held;
  // Answered, handed to the pipeline, or abandoned: later body bytes are dropped unread.
  private boolean finished;

  GrpcExportCall(
      HttpServerRequest request,
      IngestPipeline pipeline,
      ServerMetrics metrics,
      AccessControl access) {
    this.access = access;
    this.request = request;
    this.pipeline = pipeline;
    this.metrics = metrics;
    String declared = request.getHeader("grpc-encoding");
    this.encoding = declared == null ? "identity" : declared;
    this.reader =
        new UnaryMessageReader(pipeline.limits().maxCompressedBytes(), encoding, this::admit);
  }

  void start() {
    request.handler(this::onChunk);
    request.endHandler(ignored -> onEnd());
    // A reset stream or a dropped connection: nobody is left to answer.
    request.exceptionHandler(ignored -> abandon());
    request.response().closeHandler(ignored -> abandon());
    if (!"identity".equals(encoding) && !GrpcReply.ENCODINGS.contains(encoding)) {
      // As grpc-java and grpc-go: the server cannot read the call at all.
      refuse(
          new GrpcRefusal(
              GrpcStatus.UNIMPLEMENTED,
              "grpc_unsupported_encoding",
              "grpc-encoding \""
                  + encoding
                  + "\" is not supported; compress messages with gzip, deflate or zstd, or send"
                  + " them uncompressed"));
      return;
    }
    // The "authorization" metadata is an HTTP/2 header like any other.
    switch (access.check("otlp_grpc", Permission.WRITE, request, false)) {
      case Access.Granted granted -> tenant = granted.tenant();
      case Access.InvalidTenant invalid ->
          refuse(new GrpcRefusal(GrpcStatus.INVALID_ARGUMENT, "invalid_tenant", invalid.message()));
      case Access.Refused refused -> {
        abandon(); // counted under hopscope_auth_failures_total, not as a rejected request
        Authentication.later(
            refused.delay(),
            () ->
                GrpcReply.status(
                    request.response(),
                    refused.unauthenticated()
                        ? GrpcStatus.UNAUTHENTICATED
                        : GrpcStatus.PERMISSION_DENIED,
                    refused.message(),
                    Optional.empty()));
      }
    }
  }

  private Optional<GrpcRefusal> admit(long bytes) {
    if (!pipeline.tryAdmit(bytes)) {
      IngestOutcome.Overloaded overloaded = pipeline.overloaded();
      return Optional.of(
          new GrpcRefusal(
              GrpcStatus.RESOURCE_EXHAUSTED,
              "overloaded",
              overloaded.message(),
              Optional.of(overloaded.retryAfter())));
    }
    held = bytes;
    return Optional.empty();
  }

  private void onChunk(Buffer chunk) {
    if (!finished) {
      reader.read(chunk).ifPresent(this::refuse);
    }
  }

  private void onEnd() {
    if (finished) {
      return;
    }
    Optional<GrpcRefusal> refused = reader.finish();
    if (refused.isPresent()) {
      refuse(refused.get());
      return;
    }
    finished = true;
    held = 0; // the pipeline owns the bytes now and gives them back when it is done
    pipeline
        .ingestAdmitted(
            Protocol.OTLP_GRPC, tenant, reader.message(), reader.compressed() ? encoding : null)
        .thenAccept(outcome -> context.runOnContext(ignored -> answer(outcome)));
  }

  private void answer(IngestOutcome outcome) {
    var response = request.response();
    switch (outcome) {
      case IngestOutcome.Accepted accepted ->
          GrpcReply.message(response, OtlpResponses.protobuf(accepted.result()));
      case IngestOutcome.Rejected rejected ->
          GrpcReply.status(
              response,
              rejected.tooLarge() ? GrpcStatus.RESOURCE_EXHAUSTED : GrpcStatus.INVALID_ARGUMENT,
              rejected.message(),
              Optional.empty());
      case IngestOutcome.Overloaded overloaded ->
          GrpcReply.status(
              response,
              GrpcStatus.RESOURCE_EXHAUSTED,
              overloaded.message(),
              Optional.of(overloaded.retryAfter()));
      case IngestOutcome.Unavailable unavailable ->
          GrpcReply.status(
              response,
              GrpcStatus.UNAVAILABLE,
              unavailable.message(),
              Optional.of(unavailable.retryAfter()));
    }
  }

  /** Answers at once, even while the client is still sending; the rest is dropped unread. */
  private void refuse(GrpcRefusal refusal) {
    abandon();
    metrics.rejectedRequest(Protocol.OTLP_GRPC.label(), refusal.reason());
    GrpcReply.status(request.response(), refusal.status(), refusal.message(), refusal.retryAfter());
  }

  private void abandon() {
    finished = true;
    if (held > 0) {
      pipeline.release(held);
      held = 0;
    }
  }
}
