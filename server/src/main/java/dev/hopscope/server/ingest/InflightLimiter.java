package dev.hopscope.server.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of requests being decoded or waiting for durability, so that memory stays
 * bounded under any offered load: past the limit, receivers answer 429 / RESOURCE_EXHAUSTED with a
 * Retry-After instead of queueing.
 */
public final class InflightLimiter {
  private final long maxBytes;
  private final AtomicLong inflight = new AtomicLong();

  public InflightLimiter(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxInflightBytes must be positive, got " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Takes {@code bytes} if they fit. A single request larger than the whole budget is let through
   * when nothing else is in flight, so a limit below the body-size limit cannot starve it forever.
   */
  public boolean tryAcquire(long bytes) {
    while (true) {
      long current = inflight.get();
      long next = current + bytes;
      if (next > maxBytes && current > 0) {
        return false;
      }
      if (inflight.compareAndSet(current, next)) {
        return true;
      }
    }
  }

  public void release(long bytes) {
    inflight.addAndGet(-bytes);
  }

  public long inflightBytes() {
    return inflight.get();
  }

  public long maxBytes() {
    return maxBytes;
  }
}
