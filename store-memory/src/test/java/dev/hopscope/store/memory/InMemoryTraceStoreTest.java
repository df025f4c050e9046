package dev.hopscope.store.memory;

import dev.hopscope.store.TraceStore;
import dev.hopscope.store.testing.StoreFixture;
import dev.hopscope.store.testing.TraceStoreConformance;

class InMemoryTraceStoreTest extends TraceStoreConformance {
  @Override
  protected TraceStore open(StoreFixture fixture) {
    return InMemoryTraceStore.builder()
        .clock(fixture.clock())
        .retention(fixture.retention())
        .build();
  }

  @Override
  protected void enforceRetention(TraceStore store) {
    ((InMemoryTraceStore) store).evictExpired();
  }
}
