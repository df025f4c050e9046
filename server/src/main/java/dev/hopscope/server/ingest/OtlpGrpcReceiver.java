package dev.hopscope.server.ingest;

import dev.hopscope.otlp.OtlpResponses;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * OTLP/gRPC: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}. Messages are taken
 * raw (still compressed) so that our own bounded inflater, not the transport, decides how many
 * bytes a gzip message may grow to.
 */
public final class OtlpGrpcReceiver {
  static final ServiceName SERVICE =
      ServiceName.create("opentelemetry.proto.collector.trace.v1.TraceService");

  private final IngestPipeline pipeline;
  private final ServerMetrics metrics;

  public OtlpGrpcReceiver(IngestPipeline pipeline, ServerMetrics metrics) {
    this.pipeline = pipeline;
    this.metrics = metrics;
  }

  /** A gRPC server (an HTTP request handler) exposing the Export method. */
  public GrpcServer server(Vertx vertx) {
    GrpcServer server =
        GrpcServer.server(
            vertx,
            new GrpcServerOptions()
                // The transport limit is the compressed-size limit; inflation is bounded by us.
                .setMaxMessageSize(pipeline.limits().maxCompressedBytes()));
    ServiceMethod<Buffer, Buffer> export =
        ServiceMethod.server(
            SERVICE, "Export", GrpcMessageEncoder.IDENTITY, GrpcMessageDecoder.IDENTITY);
    server.callHandler(export, this::handle);
    return server;
  }

  private void handle(GrpcServerRequest<Buffer, Buffer> request) {
    GrpcServerResponse<Buffer, Buffer> response = request.response();
    String tenant;
    try {
      tenant = Tenants.fromHeader(request.headers().get(Tenants.HEADER));
    } catch (IllegalArgumentException e) {
      metrics.rejectedRequest(Protocol.OTLP_GRPC.label(), "invalid_tenant");
      fail(response, GrpcStatus.INVALID_ARGUMENT, e.getMessage(), null);
      return;
    }
    Context context = Vertx.currentContext();
    boolean[] seen = {false};
    request.messageHandler(
        message -> {
          if (seen[0]) {
            return; // Export is unary; a second message is a client bug that we ignore.
          }
          seen[0] = true;
          ingest(context, response, tenant, message);
        });
    request.exceptionHandler(
        failure -> {
          if (!seen[0]) {
            metrics.rejectedRequest(Protocol.OTLP_GRPC.label(), "malformed_grpc");
            fail(
                response,
                GrpcStatus.INVALID_ARGUMENT,
                "could not read the gRPC message: " + failure.getMessage(),
                null);
          }
        });
  }

  private void ingest(
      Context context,
      GrpcServerResponse<Buffer, Buffer> response,
      String tenant,
      GrpcMessage message) {
    String encoding = "identity".equals(message.encoding()) ? null : message.encoding();
    pipeline
        .ingest(Protocol.OTLP_GRPC, tenant, message.payload().getBytes(), encoding)
        .thenAccept(outcome -> context.runOnContext(v -> answer(response, outcome)));
  }

  private static void answer(GrpcServerResponse<Buffer, Buffer> response, IngestOutcome outcome) {
    switch (outcome) {
      case IngestOutcome.Accepted accepted ->
          response.send(Buffer.buffer(OtlpResponses.protobuf(accepted.result())));
      case IngestOutcome.Rejected rejected ->
          fail(response, GrpcStatus.INVALID_ARGUMENT, rejected.message(), null);
      case IngestOutcome.Overloaded overloaded ->
          fail(
              response,
              GrpcStatus.RESOURCE_EXHAUSTED,
              overloaded.message(),
              overloaded.retryAfter());
      case IngestOutcome.Unavailable unavailable ->
          fail(response, GrpcStatus.UNAVAILABLE, unavailable.message(), unavailable.retryAfter());
    }
  }

  /**
   * Ends the call with a status. Throttling answers carry {@code google.rpc.RetryInfo} in {@code
   * grpc-status-details-bin}: OTLP exporters retry RESOURCE_EXHAUSTED only when it is there.
   */
  private static void fail(
      GrpcServerResponse<Buffer, Buffer> response,
      GrpcStatus status,
      String message,
      Duration retryAfter) {
    if (retryAfter != null) {
      byte[] details = RpcStatus.protobuf(status.code, message, retryAfter);
      response
          .trailers()
          .set(
              "grpc-status-details-bin",
              Base64.getEncoder().withoutPadding().encodeToString(details));
    }
    response.status(status).statusMessage(message).end();
  }
}
