package dev.hopscope.server.ingest;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Request bytes per second per tenant, as a token bucket with a burst: a tenant over its rate gets
 * 429 naming its tenant, the limit and the fix, and no other tenant notices (each has its own
 * bucket). Bytes as sent, so the check costs nothing and comes before decoding. A request larger
 * than the burst passes when the bucket is full (the bucket goes negative), so that no legal
 * request is refused forever.
 */
final class TenantRateLimiter {
  private final long bytesPerSecond;
  private final long burstBytes;
  private final LongSupplier nanos;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** {@code bytesPerSecond} 0: no limit. {@code burstBytes} 0: one second's worth. */
  TenantRateLimiter(long bytesPerSecond, long burstBytes, LongSupplier nanos) {
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = burstBytes > 0 ? burstBytes : bytesPerSecond;
    this.nanos = nanos;
  }

  /** Takes {@code bytes} from the tenant's bucket; empty if allowed, else how long to wait. */
  Duration tryTake(String tenant, long bytes) {
    if (bytesPerSecond <= 0) {
      return Duration.ZERO;
    }
    Bucket bucket = buckets.computeIfAbsent(tenant, t -> new Bucket(burstBytes, nanos.getAsLong()));
    synchronized (bucket) {
      long now = nanos.getAsLong();
      double refill = (now - bucket.updated) / 1e9 * bytesPerSecond;
      bucket.tokens = Math.min(burstBytes, bucket.tokens + refill);
      bucket.updated = now;
      if (bucket.tokens >= Math.min(bytes, burstBytes)) {
        bucket.tokens -= bytes;
        return Duration.ZERO;
      }
      double missing = Math.min(bytes, burstBytes) - bucket.tokens;
      return Duration.ofSeconds(Math.max(1, (long) Math.ceil(missing / bytesPerSecond)));
    }
  }

  long bytesPerSecond() {
    return bytesPerSecond;
  }

  long burstBytes() {
    return burstBytes;
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
