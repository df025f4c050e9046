package dev.hopscope.server.ingest;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * An amount per second per tenant (request bytes, or spans), as a token bucket with a burst: a
 * tenant over its rate gets 429 naming its tenant, the limit and the fix, and no other tenant
 * notices (each has its own bucket, and its own rate when the configuration gives it one). An
 * amount larger than the burst passes when the bucket is full (the bucket goes negative), so that
 * no legal request is refused forever.
 */
final class TenantRateLimiter {
  /** One tenant's rate; {@code perSecond} 0 is no limit, {@code burst} 0 one second's worth. */
  record Rate(long perSecond, long burst) {
    Rate {
      burst = burst > 0 ? burst : perSecond;
    }

    boolean unlimited() {
      return perSecond <= 0;
    }
  }

  private final Function<String, Rate> rates;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** Each tenant's rate from {@code rates}, asked once per tenant; time from {@code nanos}. */
  TenantRateLimiter(Function<String, Rate> rates, LongSupplier nanos) {
    this.rates = rates;
    this.nanos = nanos;
  }

  /** The same rate for every tenant. */
  TenantRateLimiter(long perSecond, long burst, LongSupplier nanos) {
    this(tenant -> new Rate(perSecond, burst), nanos);
  }

  /** Takes {@code amount} from the tenant's bucket; zero if allowed, else how long to wait. */
  Duration tryTake(String tenant, long amount) {
    Rate rate = rate(tenant);
    if (rate.unlimited()) {
      return Duration.ZERO;
    }
    Bucket bucket =
        buckets.computeIfAbsent(tenant, t -> new Bucket(rate.burst(), nanos.getAsLong()));
    synchronized (bucket) {
      long now = nanos.getAsLong();
      double refill = (now - bucket.updated) / 1e9 * rate.perSecond();
      bucket.tokens = Math.min(rate.burst(), bucket.tokens + refill);
      bucket.updated = now;
      if (bucket.tokens >= Math.min(amount, rate.burst())) {
        bucket.tokens -= amount;
        return Duration.ZERO;
      }
      double missing = Math.min(amount, rate.burst()) - bucket.tokens;
      return Duration.ofSeconds(Math.max(1, (long) Math.ceil(missing / rate.perSecond())));
    }
  }

  /** The rate {@code tenant} is held to. */
  Rate rate(String tenant) {
    return rates.apply(tenant);
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }
  }
}
