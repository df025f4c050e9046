package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.testing.Loader;
import dev.hopscope.server.testing.ShopTraces;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A running server loaded through OTLP with 30 shop traces 100 ms apart, starting a minute ago:
 * every third loses 100 ms between webapp and auth, every tenth (0, 10, 20) fails in auth.
 */
final class CompatFixture implements AutoCloseable {
  static final long MS = 1_000_000L;

  final HopscopeServer server;
  final List<List<Span>> traces = new ArrayList<>();
  final long base;
  private final HttpClient http = HttpClient.newHttpClient();

  CompatFixture(Path dataDir) throws IOException, InterruptedException {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir));
    ShopTraces shop = new ShopTraces(42);
    base = (System.currentTimeMillis() - 60_000) * MS;
    Loader loader = new Loader(server);
    for (int i = 0; i < 30; i++) {
      List<Span> trace = shop.trace(base + i * 100 * MS, i % 3 == 0 ? 100 : 1, i % 10 == 0);
      traces.add(trace);
      loader.send(trace);
    }
  }

  String traceId(int index) {
    return traces.get(index).get(0).traceId().toHex();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(server.httpPort(), path, "application/json");
  }

  HttpResponse<String> get(int port, String path, String accept)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** As Grafana sends it with a configured {@code X-Scope-OrgID} header. */
  HttpResponse<String> getAsTenant(String path, String tenant)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("X-Scope-OrgID", tenant)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path, String accept)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Accept", accept)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A 200 answer's JSON object. */
  JsonObject json(String path) throws IOException, InterruptedException {
    return new JsonObject(jsonText(path));
  }

  /** A 200 answer's JSON text, for the strict decoders. */
  String jsonText(String path) throws IOException, InterruptedException {
    HttpResponse<String> answer = get(path);
    assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-type").orElse(""))
        .startsWith("application/json");
    return answer.body();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
  }
}
