package dev.hopscope.bench.e2e;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import dev.hopscope.otlp.ZipkinJsonEncoder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * OTLP/HTTP protobuf or Zipkin v2 JSON over HTTP/1.1. Each sender has a client of its own, so N
 * senders are N connections.
 */
final class HttpSender implements Sender {
  private final HttpClient client;
  private final URI uri;
  private final String contentType;
  private final Function<SpanBatch, byte[]> encoder;
  private final boolean otlp;
  private long retryAfterNanos;

  private HttpSender(
      URI uri, String contentType, Function<SpanBatch, byte[]> encoder, boolean otlp) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.uri = uri;
    this.contentType = contentType;
    this.encoder = encoder;
    this.otlp = otlp;
  }

  static HttpSender otlpProtobuf(URI uri) {
    return new HttpSender(uri, "application/x-protobuf", OtlpProtobufEncoder::encode, true);
  }

  static HttpSender zipkinJson(URI uri) {
    return new HttpSender(
        uri,
        "application/json",
        batch -> ZipkinJsonEncoder.encode(batch.toSpans()).getBytes(StandardCharsets.UTF_8),
        false);
  }

  @Override
  public byte[] encode(SpanBatch batch) {
    return encoder.apply(batch);
  }

  @Override
  public Outcome send(byte[] body) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      return Outcome.FAILED;
    }
    int status = response.statusCode();
    if (status == 429 || status == 503) {
      retryAfterNanos =
          response.headers().firstValue("Retry-After").map(HttpSender::seconds).orElse(0L);
      return Outcome.THROTTLED;
    }
    if (otlp) {
      // An OTLP success with a body is a partial success (rejected spans); empty means all.
      return status == 200
          ? (response.body().length == 0 ? Outcome.ACKNOWLEDGED : Outcome.PARTIAL)
          : Outcome.FAILED;
    }
    return status == 202 || status == 200 ? Outcome.ACKNOWLEDGED : Outcome.FAILED;
  }

  @Override
  public long retryAfterNanos() {
    return retryAfterNanos;
  }

  private static long seconds(String value) {
    try {
      return java.util.concurrent.TimeUnit.SECONDS.toNanos(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return 0; // an HTTP date: fall back to our own backoff
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
