package dev.hopscope.cluster.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cluster.kafka.KafkaSettings;
import dev.hopscope.cluster.kafka.KafkaSpanSink;
import dev.hopscope.cluster.testing.KafkaBroker;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectStoreConfig;
import dev.hopscope.store.object.ObjectTraceStore;
import dev.hopscope.store.object.S3ProxyProcess;
import dev.hopscope.store.testing.Await;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka to blocks in a real S3 API (s3proxy): every acknowledged trace is read back from the
 * bucket, and a builder that redoes cycles it had uploaded but not committed (what a kill -9
 * between upload and commit leaves) writes no second copy.
 */
class BlockBuilderIT {
  private static final String TOPIC = "spans-blocks";

  @TempDir static Path directory;
  private static KafkaBroker broker;
  private static S3ProxyProcess s3;

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaBroker.start(directory.resolve("kafka"));
    s3 = S3ProxyProcess.start(directory.resolve("s3"));
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void everyAcknowledgedTraceReachesTheBucketOnceEvenWhenCyclesAreRedone() throws Exception {
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), TOPIC, 3, (short) 1, Duration.ofSeconds(5));
    List<Trace> acme = TraceFixtures.randomTraces(11, 240);
    List<Trace> globex = TraceFixtures.randomTraces(12, 60);
    long spans;
    try (KafkaSpanSink sink = KafkaSpanSink.open(kafka, "distributor")) {
      List<CompletableFuture<Void>> writes = new java.util.ArrayList<>();
      for (List<Span> part : TraceFixtures.split(acme, 24)) {
        writes.add(sink.write("acme", TraceFixtures.batchOfSpans(part)));
      }
      for (List<Span> part : TraceFixtures.split(globex, 6)) {
        writes.add(sink.write("globex", TraceFixtures.batchOfSpans(part)));
      }
      writes.forEach(CompletableFuture::join);
      spans = sink.acknowledgedSpans();
    }
    ObjectStorage bucket = s3.newBucket("blocks");
    BlockBuilderSettings settings =
        new BlockBuilderSettings(directory.resolve("work"), Duration.ofMillis(500), 1_000_000);
    try (BlockBuilder builder =
        BlockBuilder.start(kafka, bucket, settings, Clock.systemUTC(), "builder-1")) {
      Await.until(
          "the builder to upload " + spans + " spans",
          Duration.ofSeconds(90),
          () -> builder.spansUploaded() == spans,
          () -> builder.spansUploaded() + " uploaded, " + builder.failedCuts() + " failed cuts");
    }
    Set<String> metas = metaKeys(bucket);
    assertThat(metas).isNotEmpty();
    assertReadable(bucket, acme, globex);

    // As after a kill -9 between upload and commit: Kafka hands every record out again.
    rewindBuilderOffsets(kafka);
    try (BlockBuilder redo =
        BlockBuilder.start(kafka, bucket, settings, Clock.systemUTC(), "builder-2")) {
      Await.until(
          "the redo to commit every partition to its end",
          Duration.ofSeconds(90),
          () -> committedToEnd(kafka),
          () -> redo.cyclesRedone() + " cycles redone, " + redo.blocksUploaded() + " blocks");
      assertThat(redo.cyclesRedone()).isPositive();
    }
    // The same blocks, no second copy, and the same answers.
    assertThat(metaKeys(bucket)).isEqualTo(metas);
    assertReadable(bucket, acme, globex);
  }

  @Test
  void aBucketDownForAWhileDelaysBlocksButLosesNothing() throws Exception {
    KafkaSettings kafka =
        new KafkaSettings(
            broker.bootstrapServers(), "spans-outage", 2, (short) 1, Duration.ofSeconds(5));
    Path s3Directory = directory.resolve("s3-outage");
    S3ProxyProcess outage = S3ProxyProcess.start(s3Directory);
    int port = outage.endpoint().getPort();
    ObjectStorage bucket = outage.newBucket("outage");
    List<Trace> before = TraceFixtures.randomTraces(21, 40);
    List<Trace> during = TraceFixtures.randomTraces(22, 40);
    BlockBuilderSettings settings =
        new BlockBuilderSettings(
            directory.resolve("work-outage"), Duration.ofMillis(300), 1_000_000);
    try (KafkaSpanSink sink = KafkaSpanSink.open(kafka, "distributor-outage");
        BlockBuilder builder =
            BlockBuilder.start(kafka, bucket, settings, Clock.systemUTC(), "builder-outage")) {
      sink.write("acme", TraceFixtures.batchOf(before)).join();
      long first = sink.acknowledgedSpans();
      Await.until(
          "the first spans in the bucket",
          Duration.ofSeconds(60),
          () -> builder.spansUploaded() == first);
      outage.close();
      try {
        // Ingest is still acknowledged: "acknowledged" means "in Kafka".
        sink.write("acme", TraceFixtures.batchOf(during)).join();
        Await.until(
            "a cut to fail while the bucket is down",
            Duration.ofSeconds(60),
            () -> builder.failedCuts() > 0);
      } finally {
        outage = S3ProxyProcess.start(s3Directory, port);
      }
      long all = sink.acknowledgedSpans();
      Await.until(
          "the backlog to drain once the bucket is back",
          Duration.ofSeconds(90),
          () -> builder.spansUploaded() == all,
          () -> builder.spansUploaded() + " of " + all + ", " + builder.failedCuts() + " failed");
    } finally {
      outage.close();
    }
    try (S3ProxyProcess again = S3ProxyProcess.start(s3Directory, port)) {
      ObjectStorage reopened = ObjectStorage.create(again.config("outage"));
      try (ObjectTraceStore store =
          ObjectTraceStore.open(
              reopened, ObjectStoreConfig.builder(directory.resolve("cache-outage")).build())) {
        for (Trace trace : before) {
          assertThat(store.trace("acme", trace.traceId())).contains(trace);
        }
        for (Trace trace : during) {
          assertThat(store.trace("acme", trace.traceId())).contains(trace);
        }
      }
    }
  }

  private void assertReadable(ObjectStorage bucket, List<Trace> acme, List<Trace> globex) {
    try (ObjectTraceStore store =
        ObjectTraceStore.open(
            bucket,
            ObjectStoreConfig.builder(directory.resolve("cache-" + System.nanoTime())).build())) {
      for (Trace trace : acme) {
        assertThat(store.trace("acme", trace.traceId())).contains(trace);
      }
      for (Trace trace : globex) {
        assertThat(store.trace("globex", trace.traceId())).contains(trace);
      }
    }
  }

  private static Set<String> metaKeys(ObjectStorage bucket) {
    return bucket.listPrefixes("").stream()
        .flatMap(tenant -> bucket.list(tenant + "/blocks/").stream())
        .map(ObjectStorage.ObjectInfo::key)
        .filter(key -> key.endsWith("/meta.json"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Admin admin(KafkaSettings kafka) {
    Properties props = kafka.adminProperties("test-admin");
    return Admin.create(props);
  }

  private static void rewindBuilderOffsets(KafkaSettings kafka) throws Exception {
    try (Admin admin = admin(kafka)) {
      Map<TopicPartition, OffsetAndMetadata> beginning = new java.util.HashMap<>();
      for (int p = 0; p < 3; p++) {
        beginning.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(0));
      }
      admin
          .alterConsumerGroupOffsets(BlockBuilder.GROUP, beginning)
          .all()
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static boolean committedToEnd(KafkaSettings kafka) {
    try (Admin admin = admin(kafka)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(BlockBuilder.GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
          new java.util.HashMap<>();
      for (int p = 0; p < 3; p++) {
        latest.put(
            new TopicPartition(TOPIC, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      for (var end : ends.entrySet()) {
        OffsetAndMetadata at = committed.get(end.getKey());
        if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
