package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.config.Setting;
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
import java.util.Map;

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
    this(dataDir, Map.of());
  }

  /** The same shop traces sent to a server started with these settings. */
  CompatFixture(Path dataDir, Map<Setting, String> settings)
      throws IOException, InterruptedException {
    server = HopscopeServer.start(ServerConfig.forTests(dataDir, settings));
    ShopTraces shop = new ShopTraces(42);
    base = (System.currentTimeMillis() - 60_000) * MS;
    Loader loader = new Loader(server);
    for (int i = 0; i < 30; i++) {
      List<Span> trace = shop.trace(base + i * 100 * MS, i % 3 == 0 ? 100 : 1, i % 10 == 0);
      traces.add(trace);
      loader.send(trace);
    }
  }

  /**
   * A span whose attributes are arrays and maps (issue 21: views must write them as OpenTelemetry's
   * translators do), sent to its own tenant so that the shop's counts stay as they are.
   */
  static final String ARRAYS_TENANT = "arrays";

  void sendArraySpan(TraceId traceId) throws IOException, InterruptedException {
    Attributes map =
        Attributes.builder()
            .put("a", AttributeValue.of("x"))
            .put("n", array(AttributeValue.of(3L), AttributeValue.EmptyValue.INSTANCE))
            .build();
    Span span =
        Span.builder(traceId, new SpanId(1))
            .name("arrays")
            .startNanos(base)
            .endNanos(base + MS)
            .resource(Resource.of(Attributes.builder().put("service.name", "lists").build()))
            .attributes(
                Attributes.builder()
                    .put(
                        "strings",
                        array(
                            AttributeValue.of("alpha"),
                            AttributeValue.of("beta gamma"),
                            AttributeValue.of("ü,ß")))
                    .put(
                        "ints",
                        array(
                            AttributeValue.of(1L),
                            AttributeValue.of(-2L),
                            AttributeValue.of(9_007_199_254_740_993L)))
                    .put(
                        "mixed",
                        array(
                            AttributeValue.of(true),
                            AttributeValue.of(2.5),
                            AttributeValue.of(Double.NaN),
                            new AttributeValue.BytesValue(new byte[] {1, 2, 3})))
                    .put("map", new AttributeValue.KeyValueListValue(map))
                    .build())
            .build();
    new Loader(server).send(List.of(span), ARRAYS_TENANT);
  }

  /** The tag text every view must give the attributes of {@link #sendArraySpan}. */
  static final Map<String, String> ARRAY_TAGS =
      Map.of(
          "strings", "[\"alpha\",\"beta gamma\",\"ü,ß\"]",
          "ints", "[1,-2,9007199254740993]",
          "mixed", "[true,2.5,\"NaN\",\"AQID\"]",
          "map", "{\"a\":\"x\",\"n\":[3,null]}");

  private static AttributeValue array(AttributeValue... values) {
    return new AttributeValue.ArrayValue(List.of(values));
  }

  /** As {@link #get(int, String, String)} for a tenant's data. */
  HttpResponse<String> getAsTenant(int port, String path, String tenant)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Scope-OrgID", tenant)
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
