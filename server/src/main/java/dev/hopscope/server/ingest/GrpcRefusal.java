package dev.hopscope.server.ingest;

import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * Why an OTLP/gRPC call is answered with an error before its message reaches the pipeline: the gRPC
 * status, the {@code reason} label it is counted under, a message that names the problem and the
 * fix, and (for throttling only) how long the client should wait before retrying.
 */
record GrpcRefusal(
    GrpcStatus status, String reason, String message, Optional<Duration> retryAfter) {

  GrpcRefusal(GrpcStatus status, String reason, String message) {
    this(status, reason, message, Optional.empty());
  }
}
