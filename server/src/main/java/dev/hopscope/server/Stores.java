package dev.hopscope.server;

import dev.hopscope.server.config.ServerConfig;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.memory.InMemoryTraceStore;

/** Opens the store a configuration names and exports its state as metrics. */
final class Stores {
  private Stores() {}

  static TraceStore open(ServerConfig config) {
    return switch (config.store()) {
      case MEMORY -> InMemoryTraceStore.builder().retention(config.retention()).build();
      case EMBEDDED -> InMemoryTraceStore.builder().retention(config.retention()).build();
    };
  }

  static void registerMetrics(TraceStore store, ServerMetrics metrics) {
    metrics.gauge(
        "hopscope_store_tenants", "Tenants with data in the store.", () -> store.tenants().size());
  }
}
