package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant far over its byte rate gets 429 naming its tenant, limit and fix; another tenant sending
 * within its own rate at the same time is never refused.
 */
class NoisyTenantIT {
  private static final long RATE = 100_000;

  @TempDir Path dir;

  @Test
  void aNoisyTenantIsThrottledAndAQuietOneIsNot() throws Exception {
    try (HopscopeServer server =
        HopscopeServer.start(
            ServerConfig.forTests(dir).withTenantRate(new ServerConfig.TenantRate(RATE, RATE)))) {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/traces");
      byte[] large = body(45_000); // the noisy tenant: ~5x its rate within the first second
      byte[] small = body(2_000);
      List<HttpResponse<String>> noisy = new ArrayList<>();
      List<Integer> quiet = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        noisy.add(send(client, uri, "noisy", large));
        if (i % 4 == 0) {
          quiet.add(send(client, uri, "quiet", small).statusCode());
        }
      }
      assertThat(quiet).containsOnly(200);
      List<HttpResponse<String>> refused =
          noisy.stream().filter(answer -> answer.statusCode() == 429).toList();
      assertThat(refused).isNotEmpty();
      assertThat(refused.get(0).headers().firstValue("Retry-After")).isPresent();
      // A google.rpc.Status in protobuf: its message is plain UTF-8 inside.
      assertThat(refused.get(0).body())
          .contains("tenant \"noisy\"", "100000 request bytes/s", "limits.tenantBytesPerSecond");
      assertThat(noisy.get(0).statusCode()).isEqualTo(200);
      String scrape =
          new String(server.metrics().scrape(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(scrape)
          .contains(
              "hopscope_rejected_requests_total{protocol=\"otlp_http_protobuf\",reason=\"tenant_rate_limited\"}");
    }
  }

  private static HttpResponse<String> send(HttpClient client, URI uri, String tenant, byte[] body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-protobuf")
            .header("X-Scope-OrgID", tenant)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** One span with attributes adding up to about {@code bytes}. */
  private static byte[] body(int bytes) {
    Span.Builder span = Requests.validSpan();
    for (int i = 0; i * 10_000 < bytes; i++) {
      span.addAttributes(Requests.attribute("pad" + i, "x".repeat(Math.min(10_000, bytes))));
    }
    return Requests.protobuf(span);
  }
}
