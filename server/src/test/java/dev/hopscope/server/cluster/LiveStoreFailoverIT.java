package dev.hopscope.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.roles.BlockBuilderStore;
import dev.hopscope.cluster.roles.LiveStore;
import dev.hopscope.model.Span;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two live stores in one consumer group and a querier reading them and the bucket, with a real
 * Kafka broker and s3proxy. One live store stops: older data (in the bucket) still answers at once,
 * and the recent data it held, in no block since the block-builder is stopped, answers again once
 * the other live store took its partitions over and replayed them from Kafka. It then comes back on
 * its port, takes its share of partitions back, and the querier reads it again.
 */
class LiveStoreFailoverIT extends ClusterTests {
  private static final long MS = 1_000_000L;
  private static final int BULK_REQUESTS = 10;
  private static final int BULK_TRACES_PER_REQUEST = 500;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void recentDataAnswersAgainAfterALiveStoreStopsAndOlderDataNeverStops() throws Exception {
    KafkaSettings kafka = kafka(4, Duration.ofSeconds(5));
    HopscopeServer distributor = start("d", cluster(ClusterConfig.Role.DISTRIBUTOR, kafka));
    HopscopeServer builder = start("b", cluster(ClusterConfig.Role.BLOCK_BUILDER, kafka));
    HopscopeServer first = start("live-1", cluster(ClusterConfig.Role.LIVE_STORE, kafka));
    HopscopeServer second = start("live-2", cluster(ClusterConfig.Role.LIVE_STORE, kafka));
    int secondPort = second.httpPort();
    HopscopeServer querier = start("querier", querierOf(first, second));
    Await.until(
        "the two live stores to split the 4 partitions",
        Duration.ofSeconds(90),
        () ->
            partitions(first) + partitions(second) == 4
                && partitions(first) > 0
                && partitions(second) > 0);

    ShopTraces shop = new ShopTraces(18);
    Loader loader = new Loader(distributor);
    long base = (System.currentTimeMillis() - 120_000) * MS;
    List<List<Span>> older = send(loader, shop, base, 16);
    long olderSpans = older.stream().mapToLong(List::size).sum();
    BlockBuilderStore blocks = (BlockBuilderStore) builder.store();
    Await.until(
        "the older traces to be in blocks in the bucket",
        Duration.ofSeconds(90),
        () -> blocks.builder().spansUploaded() >= olderSpans);
    // From here on nothing reaches the bucket: recent traces live only in Kafka and the live
    // stores.
    builder.close();
    List<List<Span>> recent = send(loader, shop, base + 60_000 * MS, 24);
    for (List<Span> trace : recent) {
      awaitAnswers(querier, trace, Duration.ofSeconds(60));
    }
    assertThat(searchedIds(querier, base)).containsAll(ids(recent)).containsAll(ids(older));
    // A window worth replaying, newer than everything above.
    List<List<Span>> bulk = new ArrayList<>();
    for (int request = 0; request < BULK_REQUESTS; request++) {
      List<Span> spans = new ArrayList<>();
      for (int i = 0; i < BULK_TRACES_PER_REQUEST; i++) {
        List<Span> trace = shop.trace(base + (90_000 + bulk.size()) * MS, 1, false);
        bulk.add(trace);
        spans.addAll(trace);
      }
      loader.send(spans);
    }
    long sent = spans(older) + spans(recent) + spans(bulk);
    LiveStore staying = (LiveStore) first.store();
    LiveStore leaving = (LiveStore) second.store();
    Await.until(
        "the live stores to hold every span sent",
        Duration.ofSeconds(120),
        () -> staying.consumer().consumedSpans() + leaving.consumer().consumedSpans() >= sent);
    List<List<Span>> heldBySecond = new ArrayList<>();
    for (List<Span> trace : recent) {
      if (leaving.consumer().serves(trace.get(0).traceId())) {
        heldBySecond.add(trace);
      }
    }
    assertThat(heldBySecond)
        .as("recent traces in the stopping live store's partitions")
        .isNotEmpty();
    // The newest trace it held: answering it again means the whole moved window was replayed.
    heldBySecond.add(
        bulk.reversed().stream()
            .filter(t -> leaving.consumer().serves(t.get(0).traceId()))
            .findFirst()
            .orElseThrow());
    long consumedBefore = staying.consumer().consumedSpans();
    int moved = partitions(second);

    long stoppedAt = System.nanoTime();
    second.close();
    // The bucket still answers everything older, whichever live store is gone.
    for (List<Span> trace : older) {
      assertThat(answer(querier, trace)).as(trace.get(0).traceId().toHex()).isEqualTo(trace.size());
    }
    assertThat(metrics(querier))
        .contains(
            "hopscope_querier_live_store_up{live_store=\"127.0.0.1:" + secondPort + "\"} 0.0");
    for (List<Span> trace : heldBySecond) {
      awaitAnswers(querier, trace, Duration.ofSeconds(120));
    }
    long takeoverMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
    assertThat(partitions(first)).isEqualTo(4);
    Await.until(
        "the staying live store to catch up", Duration.ofSeconds(60), staying.consumer()::caughtUp);
    long replayed = staying.consumer().consumedSpans() - consumedBefore;
    assertThat(searchedIds(querier, base)).containsAll(ids(recent)).containsAll(ids(older));
    System.out.printf(
        "live store stopped: its newest trace answers again through the querier %d ms later;"
            + " the other live store took %d partitions over and replayed %d spans in %d ms%n",
        takeoverMillis, moved, replayed, staying.consumer().lastCatchUpMillis());

    // Back on its port: it takes its share back, replays it from Kafka and is read again.
    long restartedAt = System.nanoTime();
    HopscopeServer back =
        start(
            config("live-2")
                .withPorts(0, 0, 0, secondPort)
                .withCluster(cluster(ClusterConfig.Role.LIVE_STORE, kafka)));
    LiveStore returned = (LiveStore) back.store();
    Await.until(
        "the restarted live store to take partitions back and catch up",
        Duration.ofSeconds(120),
        () -> partitions(back) > 0 && returned.consumer().caughtUp());
    long restartMillis = (System.nanoTime() - restartedAt) / 1_000_000;
    for (List<Span> trace : recent) {
      awaitAnswers(querier, trace, Duration.ofSeconds(60));
    }
    assertThat(searchedIds(querier, base)).containsAll(ids(recent)).containsAll(ids(older));
    assertThat(metrics(querier))
        .contains(
            "hopscope_querier_live_store_up{live_store=\"127.0.0.1:" + secondPort + "\"} 1.0");
    System.out.printf(
        "live store restarted: serving its %d partitions again %d ms after start (replayed %d"
            + " spans in %d ms)%n",
        partitions(back),
        restartMillis,
        returned.consumer().consumedSpans(),
        returned.consumer().lastCatchUpMillis());
  }

  private static int partitions(HopscopeServer liveStore) {
    return ((LiveStore) liveStore.store()).consumer().assignedPartitions().size();
  }

  private static List<List<Span>> send(Loader loader, ShopTraces shop, long base, int count)
      throws Exception {
    List<List<Span>> traces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      List<Span> trace = shop.trace(base + i * 100 * MS, i % 3 == 0 ? 50 : 1, i % 5 == 0);
      traces.add(trace);
      loader.send(trace);
    }
    return traces;
  }

  private void awaitAnswers(HopscopeServer querier, List<Span> trace, Duration timeout) {
    Await.until(
        "trace " + trace.get(0).traceId().toHex() + " whole through the querier",
        timeout,
        () -> answer(querier, trace) == trace.size());
  }

  /** The trace's span count through the Jaeger API, 0 when not found. */
  private int answer(HopscopeServer querier, List<Span> trace) {
    HttpResponse<String> answer =
        get(querier.httpPort(), "/jaeger/api/traces/" + trace.get(0).traceId().toHex());
    if (answer.statusCode() != 200) {
      return 0;
    }
    return new JsonObject(answer.body())
        .getJsonArray("data")
        .getJsonObject(0)
        .getJsonArray("spans")
        .size();
  }

  /** Trace ids a search finds from {@code base} to before the bulk traces. */
  private Set<String> searchedIds(HopscopeServer querier, long base) {
    long startMs = base / MS - 1_000;
    long endMs = base / MS + 80_000;
    HttpResponse<String> answer =
        get(
            querier.httpPort(),
            "/api/search?q=%7B%7D&limit=1000&start=" + startMs + "&end=" + endMs);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonArray traces = new JsonObject(answer.body()).getJsonArray("traces");
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < traces.size(); i++) {
      ids.add(traces.getJsonObject(i).getString("traceId"));
    }
    return ids;
  }

  private static long spans(List<List<Span>> traces) {
    return traces.stream().mapToLong(List::size).sum();
  }

  private static List<String> ids(List<List<Span>> traces) {
    return traces.stream().map(t -> t.get(0).traceId().toHex()).toList();
  }

  private String metrics(HopscopeServer server) {
    return get(server.httpPort(), "/metrics").body();
  }

  private HttpResponse<String> get(int port, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
