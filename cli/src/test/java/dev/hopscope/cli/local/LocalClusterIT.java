package dev.hopscope.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.process.ChildServer;
import dev.hopscope.store.testing.Await;
import dev.hopscope.testkit.AckLedger;
import dev.hopscope.testkit.SpanLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster as {@code hopscope cluster} runs it, every part a process: 50,000 spans sent
 * over OTLP through both distributors; every acknowledged trace is read back through the querier's
 * Tempo, Jaeger and Zipkin APIs, first while blocks are still being cut (recent data), then, after
 * the builders uploaded everything and the live stores were restarted empty, from the bucket alone.
 */
class LocalClusterIT {
  private static final long SPANS = 50_000;

  @TempDir Path directory;

  @Test
  void fiftyThousandSpansThroughBothDistributorsReadBackFromRecentDataThenFromTheBucket()
      throws Exception {
    // A 30 s cycle: the first reads come before most blocks are cut.
    LocalCluster.Spec spec =
        new LocalCluster.Spec(
            ServerJarUnderTest.locate(),
            directory,
            2,
            2,
            2,
            4,
            Duration.ofSeconds(30),
            LocalCluster.Ports.any(),
            ClusterChecks.TEST_JVM_OPTIONS);
    long starting = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.start(spec)) {
      System.out.printf(
          "LocalClusterIT: the cluster started in %.1f s%n", (System.nanoTime() - starting) / 1e9);
      AckLedger ledger = new AckLedger();
      long start = System.nanoTime();
      List<SpanLoad> loads =
          List.of(
              SpanLoad.start(cluster.member("distributor-1").otlpHttp(), ledger, 3, 50, 0, 18),
              SpanLoad.start(cluster.member("distributor-2").otlpHttp(), ledger, 3, 50, 0, 19));
      try {
        Await.until(
            SPANS + " acknowledged spans",
            Duration.ofSeconds(150),
            () -> ledger.spans() >= SPANS,
            () -> ledger.spans() + " so far");
      } finally {
        loads.forEach(SpanLoad::close);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<AckLedger.Trace> traces = ledger.traces();
      long spans = ledger.spans();
      System.out.printf(
          "LocalClusterIT: %d spans in %d traces acknowledged through 2 distributors in %.1f s"
              + " (%.0f spans/s); %d uploaded to the bucket when the first reads began%n",
          spans, traces.size(), seconds, spans / seconds, ClusterChecks.uploadedSpans(cluster));

      ChildServer querier = cluster.member("querier-1");
      long reading = System.nanoTime();
      assertThat(ClusterChecks.readEveryTrace(querier, traces, "recent", Duration.ofSeconds(60)))
          .as("traces read back through the querier while blocks are being cut")
          .isEmpty();
      System.out.printf(
          "LocalClusterIT: %d traces read through 3 APIs in %.1f s%n",
          traces.size(), (System.nanoTime() - reading) / 1e9);

      Await.until(
          "the block-builders to upload every acknowledged span",
          Duration.ofSeconds(90),
          () -> ClusterChecks.uploadedSpans(cluster) >= spans,
          () -> ClusterChecks.uploadedSpans(cluster) + " of " + spans);
      for (String liveStore : List.of("live-store-1", "live-store-2")) {
        cluster.stop(liveStore);
        cluster.restart(liveStore);
      }
      long bytes = ClusterChecks.bucketBytes(cluster);
      System.out.printf(
          "LocalClusterIT: the bucket holds %d bytes in %d blocks: %.1f bytes per span%n",
          bytes, ClusterChecks.blocks(cluster).size(), (double) bytes / spans);
      try (ChildServer bucketOnly = cluster.startBucketOnlyQuerier("querier-bucket")) {
        assertThat(
                ClusterChecks.readEveryTrace(bucketOnly, traces, "bucket", Duration.ofSeconds(60)))
            .as("traces read back from the bucket alone")
            .isEmpty();
      }
    }
  }
}
