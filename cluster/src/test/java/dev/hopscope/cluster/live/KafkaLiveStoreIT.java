package dev.hopscope.cluster.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.KafkaSpanSink;
import dev.hopscope.cluster.testing.KafkaBroker;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.WalSync;
import dev.hopscope.store.testing.Await;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributor sink to a real Kafka broker to a live store, and back out: every acknowledged trace
 * is served by the live store, again after it restarts empty (it replays its window from Kafka),
 * and a broker that is down is a clear, bounded failure that ends when the broker is back.
 */
class KafkaLiveStoreIT {
  @TempDir static Path directory;
  private static KafkaBroker broker;

  @BeforeAll
  static void startKafka() throws Exception {
    broker = KafkaBroker.start(directory.resolve("kafka"));
  }

  @AfterAll
  static void stopKafka() {
    if (broker != null) {
      broker.close();
    }
  }

  private static KafkaSettings settings(String topic) {
    return new KafkaSettings(broker.bootstrapServers(), topic, 4, (short) 1, Duration.ofSeconds(3));
  }

  private static EmbeddedTraceStore liveStore(Path dir) {
    return EmbeddedTraceStore.open(
        EmbeddedStoreConfig.builder(dir)
            .walSync(WalSync.NONE)
            .retention(Duration.ofHours(1))
            .build());
  }

  @Test
  void everyAcknowledgedTraceIsServedByTheLiveStoreAndAgainAfterItRestartsEmpty() {
    KafkaSettings settings = settings("spans-roundtrip");
    List<Trace> acme = TraceFixtures.randomTraces(1, 300);
    List<Trace> globex = TraceFixtures.randomTraces(2, 100);
    long spans = 0;
    try (KafkaSpanSink sink = KafkaSpanSink.open(settings, "distributor-test")) {
      assertThat(sink.partitions()).isEqualTo(4);
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (List<Span> part : TraceFixtures.split(acme, 30)) {
        writes.add(sink.write("acme", TraceFixtures.batchOfSpans(part)));
      }
      writes.add(sink.write("globex", TraceFixtures.batchOf(globex)));
      writes.forEach(CompletableFuture::join);
      spans = sink.acknowledgedSpans();
    }
    assertThat(spans)
        .isEqualTo(
            acme.stream().mapToLong(t -> t.spans().size()).sum()
                + globex.stream().mapToLong(t -> t.spans().size()).sum());

    for (String run : List.of("first", "restarted")) {
      try (EmbeddedTraceStore store = liveStore(directory.resolve("live-" + run));
          LiveStoreConsumer live =
              LiveStoreConsumer.start(
                  settings,
                  store,
                  Duration.ofHours(1),
                  Clock.systemUTC(),
                  "live-" + run,
                  LiveStoreConsumer.GROUP)) {
        long expected = spans;
        Await.until(
            run + " live store to consume " + expected + " spans",
            Duration.ofSeconds(60),
            () -> live.caughtUp() && live.consumedSpans() == expected,
            () -> live.consumedSpans() + " spans, caught up " + live.caughtUp());
        for (Trace trace : acme) {
          assertThat(store.trace("acme", trace.traceId())).as(run).contains(trace);
        }
        for (Trace trace : globex) {
          assertThat(store.trace("globex", trace.traceId())).as(run).contains(trace);
          assertThat(store.trace("acme", trace.traceId())).as("tenants stay apart").isEmpty();
        }
        assertThat(live.undecodableRecords()).isZero();
      }
    }
  }

  @Test
  void kafkaDownIsABoundedFailureAndWritesResumeWhenItIsBack() throws Exception {
    KafkaSettings settings = settings("spans-outage");
    try (KafkaSpanSink sink = KafkaSpanSink.open(settings, "distributor-outage")) {
      sink.write("acme", TraceFixtures.batchOf(TraceFixtures.randomTraces(3, 5))).join();
      broker.kill();
      try {
        long started = System.nanoTime();
        CompletableFuture<Void> refused =
            sink.write("acme", TraceFixtures.batchOf(TraceFixtures.randomTraces(4, 5)));
        assertThatThrownBy(refused::join)
            .isInstanceOf(CompletionException.class)
            .cause()
            .isInstanceOf(StoreException.class)
            .hasMessageContaining(broker.bootstrapServers())
            .hasMessageContaining("check that Kafka is up");
        // Answered within the configured bound (3 s), not the client's own deadline.
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(10));
      } finally {
        broker.restart();
      }
      List<Trace> after = TraceFixtures.randomTraces(5, 5);
      Await.until(
          "a write to be acknowledged once Kafka is back",
          Duration.ofSeconds(60),
          () -> {
            try {
              sink.write("acme", TraceFixtures.batchOf(after)).join();
              return true;
            } catch (CompletionException e) {
              return false;
            }
          });
    }
  }
}
