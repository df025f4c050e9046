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
  void eachTenantIsHeldToItsOwnRate() {
    TenantRateLimiter perTenant =
        new TenantRateLimiter(
            tenant ->
                tenant.equals("big")
                    ? new TenantRateLimiter.Rate(10_000, 0)
                    : new TenantRateLimiter.Rate(100, 200),
            nanos::get);
    assertThat(perTenant.rate("big").burst()).as("0: one second's worth").isEqualTo(10_000);
    assertThat(perTenant.tryTake("big", 10_000)).isZero();
    assertThat(perTenant.tryTake("small", 200)).isZero();
    assertThat(perTenant.tryTake("small", 100)).isEqualTo(Duration.ofSeconds(1));
    nanos.addAndGet(100_000_000L); // 0.1 s: 1,000 back for big, 10 for small
    assertThat(perTenant.tryTake("big", 1000)).isZero();
    assertThat(perTenant.tryTake("small", 11)).isPositive();
    assertThat(perTenant.tryTake("small", 10)).isZero();
  }

  @Test
  void noRateMeansNoLimit() {
    TenantRateLimiter none = new TenantRateLimiter(0, 0, nanos::get);
    assertThat(none.tryTake("a", Long.MAX_VALUE)).isZero();
  }
}
