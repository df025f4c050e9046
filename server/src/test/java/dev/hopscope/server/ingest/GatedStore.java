package dev.hopscope.server.ingest;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.store.TraceStore;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;

/**
 * A real store whose write futures complete only once {@code durable} completes: holds a write
 * "awaiting fsync" for as long as a test needs, without timing.
 */
final class GatedStore {
  private GatedStore() {}

  static TraceStore wrap(TraceStore store, CompletableFuture<Void> durable) {
    return (TraceStore)
        Proxy.newProxyInstance(
            TraceStore.class.getClassLoader(),
            new Class<?>[] {TraceStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("write")) {
                CompletableFuture<Void> written =
                    store.write((String) args[0], (SpanBatch) args[1]);
                return written.thenCombine(durable, (done, open) -> done);
              }
              return method.invoke(store, args);
            });
  }
}
