package dev.hopscope.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.cli.ServerJarUnderTest;
import dev.hopscope.process.ChildServer;
import dev.hopscope.store.testing.Await;
import dev.hopscope.testkit.AckLedger;
import dev.hopscope.testkit.SpanLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a block-builder process while spans keep arriving, then a restart: every
 * acknowledged span is in the bucket, none is answered twice, and no two blocks of a partition
 * cover the same offsets (a redo that cut a different range would store spans twice, which reads
 * would hide but the bucket would show).
 */
class BlockBuilderKillIT {
  private static final Pattern BLOCK = Pattern.compile("p(\\d+)-(\\d+)-(\\d+)");

  @TempDir Path directory;

  @Test
  void aBlockBuilderKilledMidCycleLosesNoAcknowledgedSpanAndStoresNoneTwice() throws Exception {
    LocalCluster.Spec spec =
        new LocalCluster.Spec(
            ServerJarUnderTest.locate(),
            directory,
            1,
            2,
            0,
            4,
            Duration.ofSeconds(3),
            LocalCluster.Ports.any(),
            ClusterChecks.TEST_JVM_OPTIONS);
    try (LocalCluster cluster = LocalCluster.start(spec)) {
      AckLedger ledger = new AckLedger();
      String otlp = cluster.member("distributor-1").otlpHttp();
      SpanLoad load = SpanLoad.start(otlp, ledger, 2, 10, 40, 23);
      try {
        Await.until(
            "the block-builders to upload their first blocks",
            Duration.ofSeconds(60),
            () -> ClusterChecks.uploadedSpans(cluster) > 0);
        // A 3 s cycle under steady ingest: whenever the kill lands, the builder holds records
        // it has not uploaded or whose offsets it has not committed.
        long before = ledger.spans();
        cluster.kill("block-builder-1");
        Await.until(
            "more spans acknowledged while block-builder-1 is down",
            Duration.ofSeconds(30),
            () -> ledger.spans() > before + 2_000);
        cluster.restart("block-builder-1");
        long restarted = ledger.spans();
        Await.until(
            "spans acknowledged after the restart",
            Duration.ofSeconds(30),
            () -> ledger.spans() > restarted + 2_000);
      } finally {
        load.close();
      }
      List<AckLedger.Trace> traces = ledger.traces();
      System.out.printf(
          "BlockBuilderKillIT: %d spans in %d traces acknowledged; %d blocks in the bucket%n",
          ledger.spans(), traces.size(), ClusterChecks.blocks(cluster).size());
      try (ChildServer bucketOnly = cluster.startBucketOnlyQuerier("querier-bucket")) {
        // Up to Kafka's session timeout (45 s) passes before the dead builder's partitions move.
        assertThat(
                ClusterChecks.readEveryTrace(bucketOnly, traces, "bucket", Duration.ofSeconds(120)))
            .as("%d acknowledged traces read back from the bucket", traces.size())
            .isEmpty();
      }
      assertThat(overlaps(ClusterChecks.blocks(cluster)))
          .as("blocks of one tenant and partition covering the same offsets")
          .isEmpty();
    }
  }

  /** Pairs of blocks of one tenant and partition whose offset ranges overlap. */
  private static List<String> overlaps(List<Path> blocks) {
    Map<String, List<long[]>> ranges = new HashMap<>();
    List<String> overlapping = new ArrayList<>();
    for (Path block : blocks) {
      Matcher id = BLOCK.matcher(block.getFileName().toString());
      assertThat(id.matches()).as("block id " + block).isTrue();
      String key = block.getParent().getParent().getFileName() + "/p" + id.group(1);
      long first = Long.parseLong(id.group(2));
      long last = Long.parseLong(id.group(3));
      for (long[] other : ranges.computeIfAbsent(key, k -> new ArrayList<>())) {
        if (first <= other[1] && other[0] <= last) {
          overlapping.add(key + " " + first + "-" + last + " and " + other[0] + "-" + other[1]);
        }
      }
      ranges.get(key).add(new long[] {first, last});
    }
    return overlapping;
  }
}
