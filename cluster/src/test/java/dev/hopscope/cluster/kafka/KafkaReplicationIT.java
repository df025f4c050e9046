package dev.hopscope.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cluster.testing.KafkaBroker;
import dev.hopscope.cluster.testing.KafkaCluster;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.StoreOverloadedException;
import dev.hopscope.store.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributor's sink against three real Kafka nodes, the topic at replication 3 and
 * min.insync.replicas 2, as docs/cluster.md recommends for production. A node is killed (SIGKILL)
 * while batches are in flight: ingest goes on, and every span the sink acknowledged is read back
 * from the two survivors. Then every node is killed: writes fail within {@code kafka.ackTimeout}
 * with the {@link StoreException} that a distributor answers with 503 and Retry-After
 * (ClusterRolesIT#kafkaDownIsA503WithRetryAfterAndIngestResumesWhenItIsBack holds that mapping end
 * to end), the sink stays usable, and ingest resumes once the nodes are back with nothing
 * acknowledged before the outage lost.
 */
class KafkaReplicationIT {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);
  private static final int PARTITIONS = 6;
  private static final int ACKNOWLEDGED_BATCHES_PER_PHASE = 100;

  @TempDir static Path directory;
  private static KafkaCluster kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    long started = System.nanoTime();
    kafka = KafkaCluster.start(directory.resolve("kafka"), 3);
    System.out.printf(
        "KafkaReplicationIT: 3 Kafka nodes serving after %d ms%n", millisSince(started));
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static KafkaSettings settings(String topic) {
    return new KafkaSettings(
        kafka.bootstrapServers(), topic, PARTITIONS, (short) 3, 2, ACK_TIMEOUT);
  }

  @Test
  void killingOneBrokerDuringIngestLosesNoAcknowledgedSpanAndIngestGoesOn() throws Exception {
    KafkaSettings settings = settings("spans-one-down");
    try (KafkaSpanSink sink = KafkaSpanSink.open(settings, "distributor-one-down")) {
      assertTopicIsReplicated(settings);
      SpanLedger ingest = new SpanLedger(sink, 1_000);
      ingest.sendUntilAcknowledged(ACKNOWLEDGED_BATCHES_PER_PHASE, Duration.ofSeconds(60));

      // The node leading the controller quorum: its crash moves partition leaders and the
      // controller at once, the hardest single failure of this cluster.
      KafkaBroker victim = kafka.node(controllerLeader(settings));
      ingest.sendWithoutWaiting();
      int inFlightAtKill = ingest.inFlight();
      long killedAt = System.nanoTime();
      victim.kill();
      int firstAfterKill = ingest.sent();
      try {
        ingest.sendUntilAcknowledgedFrom(
            firstAfterKill, ACKNOWLEDGED_BATCHES_PER_PHASE, Duration.ofSeconds(90));
        ingest.drain();
        long acknowledgedAfterKill = ingest.acknowledgedFrom(firstAfterKill);
        System.out.printf(
            "KafkaReplicationIT: node %d killed with %d batches in flight; acknowledged %d batches"
                + " (%d spans) before the kill and %d after it, %d failed (the failover), first"
                + " acknowledgement of a batch sent after the kill %d ms after it%n",
            victim.nodeId(),
            inFlightAtKill,
            ingest.acknowledgedBefore(firstAfterKill),
            ingest.acknowledgedSpansBefore(firstAfterKill),
            acknowledgedAfterKill,
            ingest.failed(),
            TimeUnit.NANOSECONDS.toMillis(
                ingest.firstAcknowledgedAtFrom(firstAfterKill) - killedAt));
        assertThat(acknowledgedAfterKill).isGreaterThanOrEqualTo(ACKNOWLEDGED_BATCHES_PER_PHASE);

        // Read from the two survivors, the killed node still down: what it led is there too.
        assertEveryAcknowledgedSpanIsInKafka(settings, ingest);
      } finally {
        victim.restart();
      }
    }
  }

  @Test
  void kafkaFullyDownFailsWritesWithinTheAckTimeoutAndIngestResumesWhenItIsBack() throws Exception {
    KafkaSettings settings = settings("spans-all-down");
    try (KafkaSpanSink sink = KafkaSpanSink.open(settings, "distributor-all-down")) {
      SpanLedger ingest = new SpanLedger(sink, 2_000);
      ingest.sendUntilAcknowledged(ACKNOWLEDGED_BATCHES_PER_PHASE, Duration.ofSeconds(60));
      ingest.drain();
      long acknowledgedBefore = ingest.acknowledged();

      kafka.killAll();
      long restartedAt;
      long slowestRefusal = 0;
      try {
        for (int attempt = 0; attempt < 3; attempt++) {
          long started = System.nanoTime();
          CompletableFuture<Void> refused = ingest.send();
          Throwable failure = refused.handle((ok, e) -> e).join();
          assertThat(failure).isInstanceOf(CompletionException.class);
          // StoreException, not its StoreOverloadedException (429): the distributor answers 503
          // with Retry-After, the client keeps the spans and retries.
          assertThat(failure.getCause())
              .isInstanceOf(StoreException.class)
              .isNotInstanceOf(StoreOverloadedException.class)
              .hasMessageContaining("kafka.ackTimeout 3000 ms")
              .hasMessageContaining("check that Kafka is up");
          // Within the configured bound, not the client's own deadline (before the sink stopped
          // at the first record that found no metadata, a batch over six partitions took 18 s).
          Duration took = Duration.ofNanos(System.nanoTime() - started);
          slowestRefusal = Math.max(slowestRefusal, took.toMillis());
          assertThat(took).isLessThan(ACK_TIMEOUT.plusSeconds(2));
        }
        assertThat(ingest.acknowledged()).isEqualTo(acknowledgedBefore);
      } finally {
        kafka.restartAll();
        restartedAt = System.nanoTime();
      }

      int firstAfterRestart = ingest.sent();
      Await.until(
          "a write to be acknowledged once Kafka is back",
          Duration.ofSeconds(90),
          () -> ingest.sendAndWait());
      long resumedMillis = millisSince(restartedAt);
      ingest.sendUntilAcknowledgedFrom(
          firstAfterRestart, ACKNOWLEDGED_BATCHES_PER_PHASE, Duration.ofSeconds(60));
      ingest.drain();
      System.out.printf(
          "KafkaReplicationIT: all nodes down: 3 writes refused, the slowest in %d ms; %d batches"
              + " acknowledged before, %d after the restart, the first %d ms after the nodes"
              + " served again%n",
          slowestRefusal,
          acknowledgedBefore,
          ingest.acknowledgedFrom(firstAfterRestart),
          resumedMillis);
      assertEveryAcknowledgedSpanIsInKafka(settings, ingest);
    }
  }

  private static void assertTopicIsReplicated(KafkaSettings settings) throws Exception {
    try (Admin admin = Admin.create(settings.adminProperties("check-topic"))) {
      TopicDescription topic =
          admin
              .describeTopics(List.of(settings.topic()))
              .allTopicNames()
              .get(30, TimeUnit.SECONDS)
              .get(settings.topic());
      assertThat(topic.partitions()).hasSize(PARTITIONS);
      topic.partitions().forEach(p -> assertThat(p.replicas()).hasSize(3));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, settings.topic());
      String minInsync =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(30, TimeUnit.SECONDS)
              .get(resource)
              .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
              .value();
      assertThat(minInsync).isEqualTo("2");
    }
  }

  private static int controllerLeader(KafkaSettings settings) throws Exception {
    try (Admin admin = Admin.create(settings.adminProperties("find-controller"))) {
      return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    }
  }

  private static void assertEveryAcknowledgedSpanIsInKafka(
      KafkaSettings settings, SpanLedger ingest) {
    Set<SpanLedger.SpanKey> inKafka = TopicReader.readAll(settings, Duration.ofSeconds(60));
    Set<SpanLedger.SpanKey> lost = new HashSet<>(ingest.acknowledgedSpans());
    lost.removeAll(inKafka);
    System.out.printf(
        "KafkaReplicationIT: %s: %d spans acknowledged, %d in Kafka, %d lost%n",
        settings.topic(), ingest.acknowledgedSpans().size(), inKafka.size(), lost.size());
    assertThat(ingest.acknowledgedSpans()).isNotEmpty();
    assertThat(lost).as("acknowledged spans missing from Kafka").isEmpty();
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
