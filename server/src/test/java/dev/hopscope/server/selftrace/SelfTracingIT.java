package dev.hopscope.server.selftrace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
import dev.hopscope.store.testing.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server tracing into itself: its requests become traces in a tenant of their own, readable with
 * its own search, and the exports of those traces are never traced in turn.
 */
class SelfTracingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SELF = "hopscope-self";

  @TempDir Path dir;

  @Test
  void requestsBecomeTracesInTheSelfTenantButItsOwnExportsDoNot() throws Exception {
    ServerConfig config =
        ServerConfig.forTests(
            dir,
            Map.of(
                Setting.SELF_TRACING_ENDPOINT, "self",
                Setting.SELF_TRACING_SAMPLE_RATIO, "1"));
    try (HopscopeServer server = HopscopeServer.start(config);
        HttpClient http = HttpClient.newHttpClient()) {
      String api = "http://127.0.0.1:" + server.httpPort();
      long now = System.currentTimeMillis() * 1_000_000L;
      String export =
          "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
              + "{\"stringValue\":\"webapp\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
              + "\"7b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":"
              + "\"GET /products\",\"kind\":2,\"startTimeUnixNano\":\""
              + now
              + "\",\"endTimeUnixNano\":\""
              + (now + 1_000_000)
              + "\"}]}]}]}";
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(export))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(200);

      // The ingest request above and the searches below are traced, as tenant hopscope-self.
      Await.until(
          "the ingest request's span in the self tenant",
          Duration.ofSeconds(60),
          () -> {
            server.selfTracing().orElseThrow().flush();
            return search(http, api, "{ name = \"POST /v1/traces\" }").size() > 0;
          });
      // The searches above were traced too (each span ends with its answer, so flush and look).
      Await.until(
          "a search request's span in the self tenant",
          Duration.ofSeconds(60),
          () -> {
            server.selfTracing().orElseThrow().flush();
            return search(http, api, "{ name = \"GET /api/search\" }").size() > 0;
          });
      // Exactly one ingest span: by now the exporter has posted several batches to the same
      // receiver (a flush per poll, the last one just now), and none of those posts became a span.
      server.selfTracing().orElseThrow().flush();
      JsonNode ingest = search(http, api, "{ name = \"POST /v1/traces\" }");
      assertThat(ingest.size()).isEqualTo(1);
      assertThat(ingest.get(0).get("rootServiceName").asText()).isEqualTo("hopscope");
      assertThat(
              search(
                      http,
                      api,
                      "{ span.hopscope.listener = \"ports.otlpHttp\" && span.url.path = \"/v1/traces\""
                          + " && span.http.response.status_code = 200 }")
                  .size())
          .isEqualTo(1);
    }
  }

  private static JsonNode search(HttpClient http, String api, String query) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          api
                              + "/api/search?limit=100&q="
                              + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                  .header("X-Scope-OrgID", SELF)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body()).get("traces");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
