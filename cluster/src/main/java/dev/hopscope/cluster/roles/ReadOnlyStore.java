package dev.hopscope.cluster.roles;

import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.NotServedHereException;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.TraceStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A role that serves reads from a store it owns and refuses client writes with where to send them
 * (a live store, a querier): the reads are the owned store's, unchanged.
 */
abstract class ReadOnlyStore implements TraceStore {
  private final TraceSource reads;
  private final String role;

  ReadOnlyStore(TraceSource reads, String role) {
    this.reads = reads;
    this.role = role;
  }

  @Override
  public final CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return CompletableFuture.failedFuture(
        new NotServedHereException(
            "this Hopscope runs the "
                + role
                + " role, which does not take spans from clients; send spans to a distributor"
                + " instead"));
  }

  @Override
  public final Optional<Trace> trace(String tenant, TraceId traceId) {
    return reads.trace(tenant, traceId);
  }

  @Override
  public final Stream<Trace> search(String tenant, SearchRequest request) {
    return reads.search(tenant, request);
  }

  @Override
  public final List<String> services(String tenant, TimeRange range) {
    return reads.services(tenant, range);
  }

  @Override
  public final List<String> operations(String tenant, String service, TimeRange range) {
    return reads.operations(tenant, service, range);
  }

  @Override
  public final List<String> attributeNames(String tenant, TimeRange range) {
    return reads.attributeNames(tenant, range);
  }

  @Override
  public final List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    return reads.attributeValues(tenant, scopedName, prefix, range, limit);
  }

  @Override
  public final void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    reads.scan(tenant, range, consumer);
  }

  @Override
  public final boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    return reads.scan(tenant, range, limit, consumer);
  }
}
