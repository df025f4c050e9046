package dev.hopscope.cluster.compactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Trace;
import dev.hopscope.store.object.BlockCompactor;
import dev.hopscope.store.object.BucketLease;
import dev.hopscope.store.object.ObjectStorage;
import dev.hopscope.store.object.ObjectTraceStore;
import dev.hopscope.store.testing.MutableClock;
import dev.hopscope.store.testing.TraceFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One compactor at a time, by the lease in the bucket (real s3proxy): racing compactors leave one
 * holder, only the holder merges, a standby takes over once the holder's term ran out unrenewed,
 * and a released lease is taken at once. Time moves only by the test's clock.
 */
class CompactorLeaseIT extends S3ProxyTests {
  @TempDir Path work;
  private final MutableClock clock =
      MutableClock.atNanos(TraceFixtures.T0 + 7200 * TraceFixtures.SECOND);
  private BucketFixture bucket;

  @BeforeEach
  void newBucket() {
    bucket = new BucketFixture(s3proxy, "lease-" + buckets.incrementAndGet(), work, clock);
  }

  @Test
  void racingLeaseTakersLeaveExactlyOneHolderPerTerm() throws Exception {
    for (int round = 0; round < 5; round++) {
      try (ObjectStorage storage = s3proxy.newBucket("race-" + buckets.incrementAndGet())) {
        List<Callable<Boolean>> takers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          BucketLease lease =
              new BucketLease(storage, "compactor", "taker-" + i, Duration.ofMinutes(1), clock);
          takers.add(lease::tryHold);
        }
        int holders = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
          for (Future<Boolean> held : pool.invokeAll(takers)) {
            holders += held.get() ? 1 : 0;
          }
        }
        assertThat(holders).as("holders in round %d", round).isEqualTo(1);
      }
    }
  }

  @Test
  void twoCompactorsOnOneBucketOnlyTheLeaseHolderMerges() throws Exception {
    List<Trace> traces = new ArrayList<>();
    Compactor one = bucket.compactor("one");
    Compactor two = bucket.compactor("two");
    for (int cycle = 0; cycle < 6; cycle++) {
      List<Trace> arriving = BucketFixture.traces(cycle, 60, TraceFixtures.T0);
      traces.addAll(arriving);
      bucket.upload("acme", arriving, 4);
      clock.advance(Duration.ofSeconds(20));
      // The same cycle on both, in either order.
      Optional<BlockCompactor.Pass> first = cycle % 2 == 0 ? one.runOnce() : two.runOnce();
      Optional<BlockCompactor.Pass> second = cycle % 2 == 0 ? two.runOnce() : one.runOnce();
      assertThat(first.isPresent() ^ second.isPresent())
          .as("exactly one compactor worked in cycle %d", cycle)
          .isTrue();
    }
    assertThat(one.leaseHeld()).isTrue();
    assertThat(two.leaseHeld()).isFalse();
    assertThat(one.merges()).isPositive();
    assertThat(two.merges()).isZero();
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      BucketFixture.assertReadsExactly(querier, "acme", traces);
    }
  }

  @Test
  void aStandbyTakesOverOnceTheHoldersTermExpiresAndTheOldHolderStops() throws Exception {
    List<Trace> traces = BucketFixture.traces(7, 200, TraceFixtures.T0);
    Compactor holder = bucket.compactor("holder");
    Compactor standby = bucket.compactor("standby");
    assertThat(holder.runOnce()).isPresent();
    // While the holder renews every cycle, the standby waits however long it watches.
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(40));
      assertThat(standby.runOnce()).isEmpty();
      assertThat(holder.runOnce()).isPresent();
    }
    // The holder stalls (no more renewals); new blocks arrive.
    bucket.upload("acme", traces, 4);
    clock.advance(Duration.ofSeconds(10));
    assertThat(standby.runOnce()).isEmpty();
    clock.advance(Duration.ofSeconds(45));
    assertThat(standby.runOnce()).as("the term has not run out yet").isEmpty();
    clock.advance(Duration.ofSeconds(20));
    BlockCompactor.Pass pass = standby.runOnce().orElseThrow();
    assertThat(pass.merges()).isEqualTo(2);
    // The old holder wakes up: it finds a newer term than its own and does nothing.
    assertThat(holder.runOnce()).isEmpty();
    assertThat(holder.leaseHeld()).isFalse();
    assertThat(holder.merges()).isZero();
    // A clean shutdown hands over at once, without waiting for the term to run out.
    standby.close();
    assertThat(holder.runOnce()).isPresent();
    try (ObjectTraceStore querier = bucket.reader("querier")) {
      BucketFixture.assertReadsExactly(querier, "acme", traces);
    }
  }
}
