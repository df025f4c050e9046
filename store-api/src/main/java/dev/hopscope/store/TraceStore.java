package dev.hopscope.store;

import java.util.List;

/** A complete store: the write path, the read path and its own health. */
public interface TraceStore extends SpanSink, TraceSource, AutoCloseable {

  /** Checks the store's health; problems are described in words an operator can act on. */
  HealthCheck check();

  /** Tenants that have data. */
  List<String> tenants();

  /** Flushes and releases files. Writes after close fail. */
  @Override
  void close();
}
