package dev.hopscope.cluster.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Trace;
import dev.hopscope.store.object.BlockCompactor;
import dev.hopscope.store.object.BlockKeys;
import dev.hopscope.store.object.ObjectTraceStore;
import dev.hopscope.store.object.RetentionPolicy;
import dev.hopscope.store.testing.MutableClock;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compactor against a real S3 API (s3proxy): merging keeps every trace readable exactly once at
 * every step, a crash at any step converges on redo, retention is per tenant, and the block count
 * stays flat while blocks keep arriving. Time moves only by the test's clock.
 */
class CompactorIT extends S3ProxyTests {
  private static final long HOUR = 3600 * TraceFixtures.SECOND;

  @TempDir Path work;
  // Two hours after the spans: their window has closed, so merges are full.
  private final MutableClock clock = MutableClock.atNanos(TraceFixtures.T0 + 2 * HOUR);
  private BucketFixture bucket;

  @BeforeEach
  void newBucket() {
    bucket = new BucketFixture(s3proxy, "compactor-" + buckets.incrementAndGet(), work, clock);
  }

  @Test
  void manySmallBlocksOfTwoTenantsBecomeFewAndEveryTraceReadsBackOnce() throws Exception {
    List<Trace> acme = BucketFixture.traces(1, 600, TraceFixtures.T0);
    List<Trace> globex = BucketFixture.traces(2, 400, TraceFixtures.T0);
    assertThat(bucket.upload("acme", acme, 12)).hasSize(24);
    assertThat(bucket.upload("globex", globex, 12)).hasSize(24);
    clock.advance(Duration.ofMinutes(2));
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      BucketFixture.assertReadsExactly(querier, "acme", acme);

      BlockCompactor.Pass merged = bucket.compactor("c1").runOnce().orElseThrow();
      // One block per tenant and partition; the inputs stay, hidden, for the grace.
      assertThat(merged.merges()).isEqualTo(4);
      assertThat(merged.blocksMerged()).isEqualTo(48);
      assertThat(merged.visibleBlocks()).isEqualTo(4);
      assertThat(bucket.listedBlocks("acme")).hasSize(26);
      BucketFixture.assertReadsExactly(querier, "acme", acme);
      BucketFixture.assertReadsExactly(querier, "globex", globex);

      clock.advance(Duration.ofMinutes(6));
      Compactor next = bucket.compactor("c2");
      next.runOnce();
      clock.advance(Duration.ofMinutes(1));
      BlockCompactor.Pass deleted = next.runOnce().orElseThrow();
      assertThat(deleted.replacedDeleted()).isEqualTo(48);
      assertThat(bucket.listedBlocks("acme")).hasSize(2).allMatch(id -> id.startsWith("c-p000"));
      assertThat(bucket.objects("acme")).isEqualTo(4);
      assertThat(bucket.objects("globex")).isEqualTo(4);
      BucketFixture.assertReadsExactly(querier, "acme", acme);
      BucketFixture.assertReadsExactly(querier, "globex", globex);
    }
    try (ObjectTraceStore fresh = bucket.reader("fresh")) {
      BucketFixture.assertReadsExactly(fresh, "acme", acme);
      BucketFixture.assertReadsExactly(fresh, "globex", globex);
    }
  }

  @Test
  void aCrashAtAnyStepLeavesReadsExactAndTheRedoFinishes() throws Exception {
    List<Trace> traces = BucketFixture.traces(3, 300, TraceFixtures.T0);
    List<String> small = bucket.upload("acme", traces, 6);
    clock.advance(Duration.ofMinutes(2));
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      // Crash 1: the merged data is uploaded, its meta is not.
      Compactor first = bucket.compactor("first");
      BlockCompactor.Pass stopped =
          first.runOnce((step, tenant, id) -> step != BlockCompactor.Step.PUBLISH_MERGED).get();
      assertThat(stopped.stopped()).isTrue();
      assertThat(bucket.listedBlocks("acme")).containsExactlyElementsOf(new TreeSet<>(small));
      assertThat(bucket.objects("acme")).isEqualTo(2 * small.size() + 1);
      BucketFixture.assertReadsExactly(querier, "acme", traces);

      // Its successor (the first one's term runs out unrenewed) redoes the same merge.
      Compactor second = bucket.compactor("second");
      assertThat(second.runOnce()).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      BlockCompactor.Pass redone = second.runOnce().orElseThrow();
      assertThat(redone.merges()).isEqualTo(2);
      // Same inputs, same id: the orphan's keys were completed, not a second copy written.
      assertThat(bucket.objects("acme")).isEqualTo(2 * small.size() + 4);
      BucketFixture.assertReadsExactly(querier, "acme", traces);

      // Crash 2: during the deletions after the grace, after the first one.
      clock.advance(Duration.ofMinutes(6));
      AtomicInteger deletions = new AtomicInteger();
      BlockCompactor.Pass partly =
          second
              .runOnce(
                  (step, tenant, id) ->
                      step != BlockCompactor.Step.DELETE_REPLACED
                          || deletions.incrementAndGet() <= 1)
              .orElseThrow();
      assertThat(partly.stopped()).isTrue();
      assertThat(partly.replacedDeleted()).isEqualTo(1);
      BucketFixture.assertReadsExactly(querier, "acme", traces);

      BlockCompactor.Pass finished = second.runOnce().orElseThrow();
      assertThat(finished.replacedDeleted()).isEqualTo(small.size() - 1);
      assertThat(bucket.listedBlocks("acme")).hasSize(2);
      assertThat(bucket.objects("acme")).isEqualTo(4);
      BucketFixture.assertReadsExactly(querier, "acme", traces);
    }
  }

  @Test
  void retentionDeletesOnlyTheBlocksOfTheTenantWhoseRetentionPassed() throws Exception {
    long threeDaysLater = TraceFixtures.T0 + 72 * HOUR;
    List<Trace> shortOld = BucketFixture.traces(4, 100, TraceFixtures.T0);
    List<Trace> shortNew = BucketFixture.traces(5, 100, threeDaysLater);
    List<Trace> longOld = BucketFixture.traces(6, 100, TraceFixtures.T0);
    List<String> oldIds = bucket.upload("short", shortOld, 3);
    bucket.upload("short", shortNew, 3);
    bucket.upload("long", longOld, 3);
    clock.set(Instant.ofEpochSecond(0, threeDaysLater + 2 * HOUR));
    RetentionPolicy retention =
        new RetentionPolicy(Duration.ofDays(30), Map.of("short", Duration.ofDays(1)));
    Compactor compactor = bucket.compactor("c", bucket.settings("c", retention));
    BlockCompactor.Pass pass = compactor.runOnce().orElseThrow();
    assertThat(pass.expiredDeleted()).isEqualTo(6);
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      for (Trace trace : shortOld) {
        assertThat(querier.trace("short", trace.traceId())).isEmpty();
      }
      BucketFixture.assertReadsExactly(querier, "short", shortNew);
      BucketFixture.assertReadsExactly(querier, "long", longOld);
    }
    // Meta and data both gone: only short's merged new blocks (and their hidden inputs) remain.
    assertThat(bucket.listedBlocks("short")).doesNotContainAnyElementsOf(oldIds).hasSize(8);
    assertThat(bucket.objects("short")).isEqualTo(16);
    assertThat(bucket.objects("long")).isEqualTo(2 * bucket.listedBlocks("long").size());
    assertThat(bucket.listedBlocks("long")).hasSize(8);
  }

  @Test
  void dataThatNoMetaNamesIsCollectedAfterTheGraceAndNothingElse() throws Exception {
    List<Trace> traces = BucketFixture.traces(8, 100, TraceFixtures.T0);
    bucket.upload("acme", traces, 1);
    // An upload that crashed before its meta, never redone to the same id.
    String orphan = "c-p0000-00000000000000000000000000000000";
    bucket.storage.put(BlockKeys.dataKey("acme", orphan), new byte[100], "x/y");
    Compactor compactor = bucket.compactor("c");
    assertThat(compactor.runOnce().orElseThrow().orphansDeleted()).isZero();
    clock.advance(Duration.ofMinutes(4));
    assertThat(compactor.runOnce().orElseThrow().orphansDeleted()).isZero();
    clock.advance(Duration.ofMinutes(2));
    assertThat(compactor.runOnce().orElseThrow().orphansDeleted()).isEqualTo(1);
    assertThat(bucket.objects("acme")).isEqualTo(2 * bucket.listedBlocks("acme").size());
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      BucketFixture.assertReadsExactly(querier, "acme", traces);
    }
  }

  /**
   * A bounded run of 40 one-minute cycles, four new blocks each (two per partition, spans of the
   * minute just past): the block count readers see levels off instead of growing with the 160
   * uploads, and every trace still reads back once. Prints the counts.
   */
  @Test
  void theBlockCountStaysFlatWhileNewBlocksKeepArriving() throws Exception {
    Compactor compactor = bucket.compactor("flat");
    List<Trace> all = new ArrayList<>();
    List<Integer> visible = new ArrayList<>();
    List<Integer> objects = new ArrayList<>();
    for (int cycle = 0; cycle < 40; cycle++) {
      long start = nanos(clock.instant()) - 60 * TraceFixtures.SECOND;
      List<Trace> arriving = BucketFixture.traces(100 + cycle, 80, start);
      all.addAll(arriving);
      bucket.upload("acme", arriving, 2);
      clock.advance(Duration.ofMinutes(1));
      visible.add(compactor.runOnce().orElseThrow().visibleBlocks());
      objects.add(bucket.objects("acme"));
    }
    System.out.println("compactor, visible blocks after each of 40 cycles: " + visible);
    System.out.println("compactor, objects in the bucket after each cycle: " + objects);
    System.out.println(
        "compactor: "
            + compactor.merges()
            + " merges of "
            + compactor.blocksMerged()
            + " blocks, "
            + compactor.replacedDeleted()
            + " deleted after the grace, 160 uploaded");
    assertThat(visible.subList(20, 40)).allMatch(count -> count <= 24);
    assertThat(objects.subList(20, 40)).allMatch(count -> count <= 120);
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      BucketFixture.assertReadsExactly(querier, "acme", all);
    }
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
