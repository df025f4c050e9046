package dev.hopscope.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final TenantRateLimiter limiter = new TenantRateLimiter(1000, 2000, nanos::get);

  @Test
  void eachTenantHasItsOwnBucketRefilledAtTheRate() {
    assertThat(limiter.tryTake("a", 2000)).isZero();
    assertThat(limiter.tryTake("a", 500)).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.tryTake("b", 2000)).as("b is not a's bucket").isZero();
    nanos.addAndGet(500_000_000L);
    assertThat(limiter.tryTake("a", 500)).isZero();
    assertThat(limiter.tryTake("a", 1500)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aRequestLargerThanTheBurstPassesWhenTheBucketIsFullAndOnlyThen() {
    assertThat(limiter.tryTake("a", 5000)).isZero();
    assertThat(limiter.tryTake("a", 1)).isPositive();
    nanos.addAndGet(4_000_000_000L); // back to -3000 + 4000 = 1000: not full yet
    assertThat(limiter.tryTake("a", 5000)).isPositive();
    nanos.addAndGet(1_000_000_000L);
    assertThat(limiter.tryTake("a", 5000)).isZero();
  }

  @Test
  void noRateMeansNoLimit() {
    TenantRateLimiter none = new TenantRateLimiter(0, 0, nanos::get);
    assertThat(none.tryTake("a", Long.MAX_VALUE)).isZero();
  }
}
