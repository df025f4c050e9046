package dev.hopscope.server.ingest;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Speaks gRPC over cleartext HTTP/2 byte by byte, so that a test can send what no gRPC library
 * would: half a frame, a lying length prefix, a compressed flag without an encoding. Vert.x's HTTP
 * client with prior knowledge; the JDK's HttpClient cannot do h2c without an HTTP/1.1 upgrade and
 * does not expose trailers. One client is one connection: calls share it as HTTP/2 streams.
 */
final class RawGrpc implements AutoCloseable {
  private static final TimeUnit MILLIS = TimeUnit.MILLISECONDS;

  private final Vertx vertx = Vertx.vertx();
  private final HttpClientAgent client =
      vertx.createHttpClient(
          new HttpClientOptions()
              .setProtocolVersion(HttpVersion.HTTP_2)
              .setHttp2ClearTextUpgrade(false));
  private final int port;

  RawGrpc(int port) {
    this.port = port;
  }

  /** The 5-byte gRPC prefix (flags, big-endian length) followed by {@code payload}. */
  static byte[] frame(int flags, long length, byte[] payload) {
    return Buffer.buffer()
        .appendByte((byte) flags)
        .appendInt((int) length)
        .appendBytes(payload)
        .getBytes();
  }

  /** A well-formed message: the prefix announces exactly the payload. */
  static byte[] frame(byte[] payload) {
    return frame(0, payload.length, payload);
  }

  /** Opens an Export call with the usual gRPC headers plus {@code headers}; sends nothing yet. */
  Call open(Map<String, String> headers) throws Exception {
    HttpClientRequest request =
        await(
            client.request(
                new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI(OtlpGrpcReceiver.EXPORT_PATH)),
            Duration.ofSeconds(10));
    request.setChunked(true).putHeader("content-type", "application/grpc");
    request.putHeader("te", "trailers");
    headers.forEach(request::putHeader);
    CompletableFuture<Answer> answer =
        request
            .response()
            .compose(response -> response.body().map(body -> Answer.of(response, body)))
            .toCompletionStage()
            .toCompletableFuture();
    return new Call(request, answer);
  }

  @Override
  public void close() {
    try {
      await(client.close(), Duration.ofSeconds(10));
      await(vertx.close(), Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("the test client did not close", e);
    }
  }

  private static <T> T await(Future<T> future, Duration within) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(within.toMillis(), MILLIS);
  }

  /** One HTTP/2 stream: DATA frames as the test writes them, then END_STREAM or RST_STREAM. */
  static final class Call {
    private final HttpClientRequest request;
    private final CompletableFuture<Answer> answer;

    private Call(HttpClientRequest request, CompletableFuture<Answer> answer) {
      this.request = request;
      this.answer = answer;
    }

    /** Sends {@code bytes} as one DATA frame (the server may still see them split or merged). */
    void write(byte[] bytes) throws Exception {
      await(request.write(Buffer.buffer(bytes)), Duration.ofSeconds(10));
    }

    /** Ends the request stream. */
    void end() throws Exception {
      await(request.end(), Duration.ofSeconds(10));
    }

    /** Resets the stream (CANCEL), as a gRPC client does when its call is cancelled. */
    void reset() {
      request.reset(8);
    }

    /** The answer, or a failure if none came within {@code within}. */
    Answer answer(Duration within) throws Exception {
      return answer.get(within.toMillis(), MILLIS);
    }
  }

  /** What came back: the gRPC status from the headers (trailers-only) or from the trailers. */
  record Answer(
      int httpStatus,
      boolean trailersOnly,
      String grpcStatus,
      String grpcMessage,
      MultiMap headers,
      byte[] body) {

    static Answer of(HttpClientResponse response, Buffer body) {
      boolean trailersOnly = response.headers().contains("grpc-status");
      MultiMap status = trailersOnly ? response.headers() : response.trailers();
      String message = status.get("grpc-message");
      return new Answer(
          response.statusCode(),
          trailersOnly,
          status.get("grpc-status"),
          message == null ? "" : percentDecode(message),
          response.headers(),
          body.getBytes());
    }

    private static String percentDecode(String encoded) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < encoded.length(); i++) {
        char c = encoded.charAt(i);
        if (c == '%' && i + 2 < encoded.length()) {
          out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
          i += 2;
        } else {
          out.write(c);
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
