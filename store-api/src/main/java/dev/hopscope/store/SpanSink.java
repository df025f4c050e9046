package dev.hopscope.store;

import dev.hopscope.model.SpanBatch;
import java.util.concurrent.CompletableFuture;

/** Where accepted spans go. The only write path of every store. */
public interface SpanSink {

  /**
   * Writes a batch for a tenant. The future completes only once the batch is durable (for the
   * embedded store: fsynced in the write-ahead log), and fails with {@link StoreException} when it
   * cannot be made durable; receivers answer the client from it.
   */
  CompletableFuture<Void> write(String tenant, SpanBatch batch);
}
