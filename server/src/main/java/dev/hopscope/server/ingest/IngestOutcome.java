package dev.hopscope.server.ingest;

import dev.hopscope.otlp.DecodeResult;
import java.time.Duration;

/** What a receiver answers; each transport maps the cases to its own status codes. */
public sealed interface IngestOutcome {

  /** Durable (possibly with some spans rejected: OTLP partial success). */
  record Accepted(DecodeResult result) implements IngestOutcome {}

  /**
   * The request cannot be used: 400 / INVALID_ARGUMENT; a body over a size limit is 413 on HTTP and
   * RESOURCE_EXHAUSTED on gRPC.
   */
  record Rejected(String reason, String message, boolean tooLarge) implements IngestOutcome {}

  /** Over the in-flight limit: 429 / RESOURCE_EXHAUSTED, retry after a pause. */
  record Overloaded(String message, Duration retryAfter) implements IngestOutcome {}

  /** The store cannot take writes now (disk full, closing): 503 / UNAVAILABLE. */
  record Unavailable(String message, Duration retryAfter) implements IngestOutcome {}
}
