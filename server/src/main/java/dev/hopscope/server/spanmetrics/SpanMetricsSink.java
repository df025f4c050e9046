package dev.hopscope.server.spanmetrics;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.SpanSink;
import java.util.concurrent.CompletableFuture;

/** A sink that counts each batch in the span metrics once the store has made it durable. */
public final class SpanMetricsSink implements SpanSink {
  private final SpanSink delegate;
  private final SpanMetricsGenerator generator;

  public SpanMetricsSink(SpanSink delegate, SpanMetricsGenerator generator) {
    this.delegate = delegate;
    this.generator = generator;
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    // Counting after durability: a refused batch (the client retries it) is not counted twice.
    return delegate.write(tenant, batch).thenRun(() -> generator.observe(tenant, batch));
  }
}
