package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Past the in-flight limit the server says "retry later" instead of queueing, and loses nothing.
 */
class OverloadIT {
  @TempDir Path dataDir;

  // HTTP/1.1: one connection per request, so that requests are truly concurrent.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void answers429WithRetryAfterWhileAWriteIsPendingThenAcknowledgesIt() throws Exception {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    TraceStore store = GatedStore.wrap(InMemoryTraceStore.create(), durable);
    ServerConfig config = ServerConfig.forTests(dataDir).withMaxInflightBytes(1);
    try (HopscopeServer server = HopscopeServer.start(config, store)) {
      String firstTrace = String.format("%032x", 1);
      CompletableFuture<HttpResponse<byte[]>> first = post(server, firstTrace);
      ServerMetricsText.awaitInflight(server);

      HttpResponse<byte[]> second =
          post(server, String.format("%032x", 2)).get(30, TimeUnit.SECONDS);
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(new String(second.body(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("limits.maxInflightBytes");
      assertThat(first).isNotDone();

      durable.complete(null);
      assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(firstTrace))).isPresent();
      assertThat(server.store().trace(Tenants.DEFAULT, TraceId.fromHex(String.format("%032x", 2))))
          .isEmpty();
    }
  }

  @Test
  void everyAcknowledgedSpanOfAFloodIsReadable() throws Exception {
    ServerConfig config = ServerConfig.forTests(dataDir).withMaxInflightBytes(4096);
    try (HopscopeServer server = HopscopeServer.start(config)) {
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 1; i <= 200; i++) {
        answers.add(post(server, String.format("%032x", i)));
      }
      int acknowledged = 0;
      int throttled = 0;
      for (int i = 1; i <= answers.size(); i++) {
        HttpResponse<byte[]> answer = answers.get(i - 1).get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isIn(200, 429);
        if (answer.statusCode() == 200) {
          acknowledged++;
          assertThat(
                  server.store().trace(Tenants.DEFAULT, TraceId.fromHex(String.format("%032x", i))))
              .as("acknowledged trace %d", i)
              .isPresent();
        } else {
          throttled++;
          assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        }
      }
      assertThat(acknowledged).isPositive();
      assertThat(acknowledged + throttled).isEqualTo(200);
    }
  }

  private CompletableFuture<HttpResponse<byte[]>> post(HopscopeServer server, String traceHex) {
    byte[] body = Requests.protobuf(span -> span.setTraceId(Requests.bytes(traceHex)));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
  }
}
