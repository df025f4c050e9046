package dev.hopscope.server.ingest;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes a unary gRPC answer on an HTTP/2 response (gRPC over HTTP/2, "Responses"): one message and
 * {@code grpc-status: 0} trailers, or, for an error, "Trailers-Only": a single HEADERS frame that
 * carries the status, which is what gRPC clients expect of a call that fails before any message.
 */
final class GrpcReply {
  static final String CONTENT_TYPE = "application/grpc";

  /** The grpc-encodings our inflater reads besides identity. */
  static final List<String> ENCODINGS = List.of("gzip", "deflate", "zstd");

  // gRPC asks servers to name the encodings they read in their answers.
  private static final String ACCEPT_ENCODING = String.join(",", ENCODINGS);

  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private GrpcReply() {}

  /** Answers OK with {@code message}, sent uncompressed. */
  static void message(HttpServerResponse response, byte[] message) {
    if (gone(response)) {
      return;
    }
    Buffer framed =
        Buffer.buffer(UnaryMessageReader.PREFIX_BYTES + message.length)
            .appendByte((byte) 0)
            .appendInt(message.length)
            .appendBytes(message);
    response
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader("grpc-accept-encoding", ACCEPT_ENCODING)
        .putTrailer("grpc-status", "0")
        .end(framed);
  }

  /**
   * Ends the call with a status and no message. Throttling answers carry {@code
   * google.rpc.RetryInfo} in {@code grpc-status-details-bin}: OTLP exporters retry
   * RESOURCE_EXHAUSTED only when it is there.
   */
  static void status(
      HttpServerResponse response, GrpcStatus status, String message, Optional<Duration> retry) {
    if (gone(response)) {
      return;
    }
    response
        .putHeader("content-type", CONTENT_TYPE)
        .putHeader("grpc-accept-encoding", ACCEPT_ENCODING)
        .putHeader("grpc-status", Integer.toString(status.code))
        .putHeader("grpc-message", percentEncode(message));
    retry.ifPresent(
        delay ->
            response.putHeader(
                "grpc-status-details-bin",
                Base64.getEncoder()
                    .withoutPadding()
                    .encodeToString(RpcStatus.protobuf(status.code, message, delay))));
    response.end();
  }

  /**
   * {@code grpc-message} is percent-encoded UTF-8: every byte outside printable ASCII, and '%'
   * itself, becomes %XX, so that any text survives an HTTP/2 header.
   */
  static String percentEncode(String message) {
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(utf8.length + 16);
    for (byte b : utf8) {
      int c = b & 0xFF;
      if (c >= 0x20 && c <= 0x7E && c != '%') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.toHexDigits(b));
      }
    }
    return out.toString();
  }

  // A client that reset the stream (or dropped the connection) can no longer be answered.
  private static boolean gone(HttpServerResponse response) {
    return response.ended() || response.closed();
  }
}
