package dev.hopscope.server.ingest;

import dev.hopscope.server.auth.AccessControl;
import dev.hopscope.server.metrics.ServerMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.grpc.server.GrpcServer;
import org.jspecify.annotations.Nullable;

/**
 * OTLP/gRPC: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, read straight from
 * its HTTP/2 stream ({@link GrpcExportCall}) rather than through Vert.x's gRPC server, whose
 * message reader (5.0.7) never answers a call with a cut-short message, no message, or a compressed
 * one without {@code grpc-encoding}, and silently drops bytes after the message: reading the frames
 * ourselves is what lets every such call be answered, counted, and its buffered bytes held in the
 * in-flight budget. Any other path still goes to a Vert.x gRPC server with no methods, which
 * answers UNIMPLEMENTED (or 415 for what is not gRPC at all).
 */
public final class OtlpGrpcReceiver implements Handler<HttpServerRequest> {
  static final String EXPORT_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

  private final IngestPipeline pipeline;
  private final ServerMetrics metrics;
  private final GrpcServer otherMethods;
  private final AccessControl access;

  public OtlpGrpcReceiver(
      Vertx vertx, IngestPipeline pipeline, ServerMetrics metrics, AccessControl access) {
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.access = access;
    this.otherMethods = GrpcServer.server(vertx);
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!EXPORT_PATH.equals(request.path())) {
      otherMethods.handle(request);
      return;
    }
    if (request.method() != HttpMethod.POST
        || request.version() != HttpVersion.HTTP_2
        || !isGrpc(request.getHeader("content-type"))) {
      metrics.rejectedRequest(Protocol.OTLP_GRPC.label(), "unsupported_content_type");
      BoundedBody.closeAfterAnswer(request);
      HttpReceiver.plain(
          request.response(),
          415,
          "OTLP/gRPC Export takes POST over HTTP/2 with Content-Type application/grpc; for OTLP"
              + " over HTTP/1.1 send POST /v1/traces to the OTLP/HTTP port (4318 by default)");
      return;
    }
    new GrpcExportCall(request, pipeline, metrics, access).start();
  }

  // gRPC's own content types; "+proto" names the (default) protobuf codec.
  private static boolean isGrpc(@Nullable String contentType) {
    String type = HttpReceiver.mediaType(contentType);
    return type.equals(GrpcReply.CONTENT_TYPE) || type.equals(GrpcReply.CONTENT_TYPE + "+proto");
  }
}
