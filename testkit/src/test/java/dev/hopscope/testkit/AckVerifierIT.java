package dev.hopscope.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier against a stand-in for the native API ({@code GET /api/traces/{id}}) and, beside it,
 * {@code /metrics} for the heap gauge: what it counts as lost is what the trials report.
 */
class AckVerifierIT {
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private HttpServer server;
  private String api;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
    api = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void countsEverySpanNotReadBackAndNamesThem() throws Exception {
    Random random = new Random(9);
    AckLedger.Trace whole = AckLedger.Trace.random(random, 3);
    AckLedger.Trace partial = AckLedger.Trace.random(random, 3);
    AckLedger.Trace missing = AckLedger.Trace.random(random, 2);
    answers.put("/api/traces/" + whole.traceId(), spansJson(whole.spanIds()));
    answers.put("/api/traces/" + partial.traceId(), spansJson(partial.spanIds().subList(0, 2)));

    AckVerifier.Result result = AckVerifier.verify(api, List.of(whole, partial, missing));

    assertThat(result.checkedSpans()).isEqualTo(8);
    assertThat(result.lostSpans()).as("one of partial's, both of missing's (404)").isEqualTo(3);
    assertThat(result.examples())
        .containsExactly(
            partial.traceId() + "/" + partial.spanIds().get(2),
            missing.traceId() + "/" + missing.spanIds().get(0),
            missing.traceId() + "/" + missing.spanIds().get(1));
  }

  @Test
  void anErrorAnswerIsAFailedReadNotALoss() {
    AckLedger.Trace trace = AckLedger.Trace.random(new Random(1), 1);
    answers.put("/api/traces/" + trace.traceId(), "500:store unavailable");
    assertThatThrownBy(() -> AckVerifier.verify(api, List.of(trace)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(trace.traceId())
        .hasMessageContaining("500")
        .hasMessageContaining("store unavailable");
  }

  @Test
  void heapGaugeReadsTheJvmMemoryLineOrSaysItIsMissing() throws Exception {
    try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
      answers.put("/metrics", "# TYPE jvm_memory_used_bytes gauge\n");
      assertThat(HeapGauge.heapUsedBytes(client, api)).isEqualTo(-1);
      answers.put(
          "/metrics",
          "jvm_memory_used_bytes{area=\"nonheap\"} 5.0E7\n"
              + "jvm_memory_used_bytes{area=\"heap\"} 1.2345678E8\n");
      assertThat(HeapGauge.heapUsedBytes(client, api)).isEqualTo(123_456_780L);
    }
  }

  /** The native API's answer, as far as the verifier reads it. */
  private static String spansJson(List<String> spanIds) {
    StringBuilder json = new StringBuilder("{\"spans\":[");
    for (int i = 0; i < spanIds.size(); i++) {
      json.append(i > 0 ? "," : "").append("{\"spanId\":\"").append(spanIds.get(i)).append("\"}");
    }
    return json.append("]}").toString();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = answers.get(exchange.getRequestURI().getPath());
    int status = 200;
    if (body == null) {
      status = 404;
      body = "{\"error\":\"trace not found\"}";
    } else if (body.startsWith("500:")) {
      status = 500;
      body = body.substring(4);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
