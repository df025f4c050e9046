package dev.hopscope.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import dev.hopscope.server.HopscopeServer;
import dev.hopscope.server.config.ClusterConfig;
import dev.hopscope.server.testing.Loader;
import dev.hopscope.server.testing.ShopTraces;
import dev.hopscope.store.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster roles with a real Kafka broker: spans sent to a distributor are answered once Kafka
 * has them and are then served by a live store through the Tempo, Jaeger and Zipkin APIs, and by a
 * querier that reads the live store and the bucket; each role refuses the other's work with a
 * message saying where to go; Kafka down is a 503 with Retry-After.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterRolesIT extends ClusterTests {
  private static final long MS = 1_000_000L;

  private HopscopeServer distributor;
  private HopscopeServer liveStore;
  private HopscopeServer querier;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void startRoles() throws Exception {
    KafkaSettings kafka = kafka(4);
    distributor = start("distributor", cluster(ClusterConfig.Role.DISTRIBUTOR, kafka));
    liveStore = start("live", cluster(ClusterConfig.Role.LIVE_STORE, kafka));
    start("builder", cluster(ClusterConfig.Role.BLOCK_BUILDER, kafka));
    querier = start("querier", querierOf(liveStore));
  }

  @Test
  void spansSentToADistributorAreServedByTheLiveStoreThroughEveryApi() throws Exception {
    ShopTraces shop = new ShopTraces(7);
    long base = (System.currentTimeMillis() - 60_000) * MS;
    List<List<Span>> traces = new ArrayList<>();
    Loader loader = new Loader(distributor);
    for (int i = 0; i < 40; i++) {
      List<Span> trace = shop.trace(base + i * 100 * MS, i % 3 == 0 ? 100 : 1, i % 10 == 0);
      traces.add(trace);
      loader.send(trace);
    }
    // First from the live store, then from the bucket through the querier.
    for (HopscopeServer reader : List.of(liveStore, querier)) {
      String role = reader.config().cluster().role().label();
      for (List<Span> trace : traces) {
        String id = trace.get(0).traceId().toHex();
        Await.until(
            "trace " + id + " at the " + role,
            Duration.ofSeconds(60),
            () -> status(reader.httpPort(), "/tempo/api/traces/" + id) == 200);
        JsonObject jaeger = json(reader.httpPort(), "/jaeger/api/traces/" + id);
        assertThat(jaeger.getJsonArray("data").getJsonObject(0).getJsonArray("spans"))
            .as(role)
            .hasSize(trace.size());
        JsonArray zipkin = new JsonArray(get(reader.zipkinPort(), "/api/v2/trace/" + id).body());
        assertThat(zipkin).as(role).hasSize(trace.size());
      }
      JsonArray services = new JsonArray(get(reader.zipkinPort(), "/api/v2/services").body());
      assertThat(services.getList()).as(role).contains("webapp", "auth");
    }
  }

  @Test
  void eachRoleRefusesTheOthersWorkAndSaysWhereToGo() throws Exception {
    assertThat(liveStore.otlpHttpPort()).isEqualTo(-1);
    assertThat(liveStore.otlpGrpcPort()).isEqualTo(-1);
    HttpResponse<String> read = get(distributor.httpPort(), "/api/services");
    assertThat(read.statusCode()).isEqualTo(501);
    assertThat(read.body()).contains("distributor role").contains("querier or a live store");
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + liveStore.zipkinPort() + "/api/v2/spans"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(zipkinSpan()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(503);
    assertThat(post.body()).contains("send spans to a distributor");
    assertThat(get(distributor.httpPort(), "/metrics").body())
        .contains("hopscope_distributor_acknowledged_spans");
    assertThat(get(liveStore.httpPort(), "/metrics").body())
        .contains("hopscope_live_store_caught_up");
  }

  @Test
  void theLiveStoresInternalReadApiRefusesWhatItCannotReadAndTheQuerierCountsItsLiveStores()
      throws Exception {
    HttpResponse<String> unknown =
        post(liveStore.httpPort(), "/internal/store/v1/delete", new byte[1]);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("\"delete\"").contains("search").contains("trace");
    HttpResponse<String> garbage =
        post(liveStore.httpPort(), "/internal/store/v1/search", new byte[] {1, 4, 'a', 'c', 'm'});
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("search").contains("malformed");
    HttpResponse<String> otherVersion =
        post(liveStore.httpPort(), "/internal/store/v1/services", new byte[] {9, 1, 'a'});
    assertThat(otherVersion.statusCode()).isEqualTo(400);
    assertThat(otherVersion.body()).contains("wire version 9").contains("same Hopscope version");
    assertThat(get(liveStore.httpPort(), "/metrics").body())
        .containsPattern(
            "hopscope_rejected_requests_total\\{protocol=\"internal-store\",reason=\"unreadable\"\\}"
                + " [3-9]");
    // Only a live store serves it (405: the UI's single-page route takes every GET path).
    assertThat(post(querier.httpPort(), "/internal/store/v1/services", new byte[1]).statusCode())
        .isEqualTo(405);
    assertThat(status(querier.httpPort(), "/api/services")).isEqualTo(200);
    assertThat(get(querier.httpPort(), "/metrics").body())
        .contains(
            "hopscope_querier_live_store_up{live_store=\"127.0.0.1:"
                + liveStore.httpPort()
                + "\"} 1.0");
  }

  private HttpResponse<String> post(int port, String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void kafkaDownIsA503WithRetryAfterAndIngestResumesWhenItIsBack() throws Exception {
    byte[] body =
        OtlpProtobufEncoder.encode(
            SpanBatch.of(new ShopTraces(9).trace(System.currentTimeMillis() * MS, 1, false)));
    broker().kill();
    try {
      HttpResponse<String> refused = postOtlp(body);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("retry-after")).isPresent();
      assertThat(refused.body()).contains(broker().bootstrapServers());
    } finally {
      broker().restart();
    }
    Await.until(
        "the distributor to accept spans once Kafka is back",
        Duration.ofSeconds(60),
        () -> postOtlp(body).statusCode() == 200);
  }

  private HttpResponse<String> postOtlp(byte[] body) {
    try {
      return http.send(
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + distributor.otlpHttpPort() + "/v1/traces"))
              .header("Content-Type", "application/x-protobuf")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String zipkinSpan() {
    return "[{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"id\":\"00f067aa0ba902b7\","
        + "\"name\":\"get\",\"timestamp\":1700000000000000,\"duration\":1000,"
        + "\"localEndpoint\":{\"serviceName\":\"webapp\"}}]";
  }

  private int status(int port, String path) {
    try {
      return get(port, path).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JsonObject json(int port, String path) throws Exception {
    HttpResponse<String> answer = get(port, path);
    assertThat(answer.statusCode()).as(path + " -> " + answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
