package dev.hopscope.query;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The same store, but it never sees a hint: the reference answer for pushdown tests. */
record HintDroppingSource(TraceSource delegate) implements TraceSource {
  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    return delegate.trace(tenant, traceId);
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    return delegate.search(
        tenant, new SearchRequest(request.range(), List.of(), request.order(), request.after()));
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return delegate.services(tenant, range);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    return delegate.operations(tenant, service, range);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return delegate.attributeNames(tenant, range);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    return delegate.attributeValues(tenant, scopedName, prefix, range, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    delegate.scan(tenant, range, consumer);
  }
}
