package dev.hopscope.bench.e2e;

import dev.hopscope.model.SpanBatch;

/** One load connection: encodes a batch in the target's format and sends it, blocking. */
interface Sender extends AutoCloseable {
  enum Outcome {
    /** Every span acknowledged. */
    ACKNOWLEDGED,
    /** Answered, but some spans were refused (OTLP partial success). */
    PARTIAL,
    /** 429/503 or RESOURCE_EXHAUSTED/UNAVAILABLE: overload, nothing acknowledged. */
    THROTTLED,
    /** Any other answer or a transport failure. */
    FAILED
  }

  /** Encoding happens here, outside the timed part. */
  byte[] encode(SpanBatch batch);

  Outcome send(byte[] body) throws InterruptedException;

  /**
   * After {@link Outcome#THROTTLED}: how long the server asked the client to wait (Retry-After), or
   * 0 when it did not say.
   */
  default long retryAfterNanos() {
    return 0;
  }

  @Override
  void close();
}
