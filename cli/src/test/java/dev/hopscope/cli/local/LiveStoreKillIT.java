package dev.hopscope.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.process.ChildServer;
import dev.hopscope.store.testing.Await;
import dev.hopscope.testkit.AckLedger;
import dev.hopscope.testkit.SpanLoad;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a live-store process under the querier, every part a process. The killed store
 * leaves no consumer group on its way out, so its partitions stay assigned to it until Kafka's
 * session timeout: in that gap the querier answers everything in the bucket and the other live
 * store's partitions, and leaves the dead one out rather than failing the read. Then the other live
 * store takes the partitions over and replays them from Kafka, and every recent trace answers
 * again. The block-builder is killed first, so recent spans exist only in Kafka and the live
 * stores: nothing else could answer them.
 */
class LiveStoreKillIT {
  private static final long SPANS_PER_PHASE = 2_000;

  @TempDir Path directory;

  @Test
  void olderDataAnswersThroughoutAndRecentDataAgainAfterTheReplay() throws Exception {
    LocalCluster.Spec spec =
        new LocalCluster.Spec(
            ServerJarUnderTest.locate(),
            directory,
            1,
            1,
            2,
            4,
            Duration.ofSeconds(3),
            LocalCluster.Ports.any(),
            ClusterChecks.TEST_JVM_OPTIONS);
    try (LocalCluster cluster = LocalCluster.start(spec)) {
      Await.until(
          "the two live stores to split the 4 partitions",
          Duration.ofSeconds(90),
          () ->
              ClusterChecks.livePartitions(cluster.member("live-store-1")) == 2
                  && ClusterChecks.livePartitions(cluster.member("live-store-2")) == 2);
      String otlp = cluster.member("distributor-1").otlpHttp();
      AckLedger older = send(otlp, 41);
      Await.until(
          "the block-builder to upload every older span",
          Duration.ofSeconds(90),
          () -> ClusterChecks.uploadedSpans(cluster) >= older.spans(),
          () -> ClusterChecks.uploadedSpans(cluster) + " of " + older.spans());
      cluster.kill("block-builder-1");
      AckLedger recent = send(otlp, 42);
      ChildServer querier = cluster.member("querier-1");
      assertThat(
              ClusterChecks.readEveryTrace(
                  querier, recent.traces(), "live", Duration.ofSeconds(60)))
          .as("recent traces read through the querier before the kill")
          .isEmpty();

      long killedAt = System.nanoTime();
      cluster.kill("live-store-2");
      long missing = ClusterChecks.incompleteTraces(querier, recent.traces());
      assertThat(ClusterChecks.readEveryTrace(querier, older.traces(), "bucket", Duration.ZERO))
          .as("older traces, in the bucket, each answered on the first read after the kill")
          .isEmpty();
      long olderMillis = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(missing)
          .as("recent traces incomplete right after the kill (the dead store held them)")
          .isPositive();
      assertThat(
              ClusterChecks.readEveryTrace(
                  querier, recent.traces(), "after the replay", Duration.ofSeconds(120)))
          .as("recent traces read again once the other live store replayed the partitions")
          .isEmpty();
      long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(ClusterChecks.livePartitions(cluster.member("live-store-1"))).isEqualTo(4);
      System.out.printf(
          "LiveStoreKillIT: %d recent traces of %d incomplete right after the kill; %d older"
              + " traces all answered from the bucket within %d ms of it; every recent trace"
              + " answered again %d ms after it%n",
          missing, recent.traces().size(), older.traces().size(), olderMillis, recoveredMillis);
    }
  }

  /** One bounded load of {@link #SPANS_PER_PHASE} acknowledged spans, 10 spans per trace. */
  private static AckLedger send(String otlp, long seed) throws Exception {
    AckLedger ledger = new AckLedger();
    SpanLoad load = SpanLoad.start(otlp, ledger, 2, 10, 0, seed);
    try {
      Await.until(
          SPANS_PER_PHASE + " acknowledged spans",
          Duration.ofSeconds(60),
          () -> ledger.spans() >= SPANS_PER_PHASE);
    } finally {
      load.close();
    }
    return ledger;
  }
}
