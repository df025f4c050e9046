package dev.hopscope.server.api;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.server.config.TenantLimits;
import dev.hopscope.server.metrics.ServerMetrics;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.cells.SpanCell;
import dev.hopscope.store.cells.SpanCells;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Max search window per tenant ({@code limits.maxSearchWindow}, Tempo's max_search_duration): a
 * search whose time range is longer than its tenant's limit is refused with 400 naming the window,
 * the limit and the fix, before the store reads anything. Every search-shaped API reaches the store
 * through {@link TraceStore#search} (native search, Tempo search, Jaeger v1 and v3 search, Zipkin's
 * read API, TraceQL metrics and Jaeger's Monitor tab), so one check here covers them all, including
 * APIs added later. Lists (services, tags) and analysis scans are not searches and are not limited.
 */
final class SearchWindowGuard implements TraceStore {
  private static final long SLACK_NANOS = 1_000_000_000L;

  private final TraceStore store;
  private final TenantLimits limits;
  private final ServerMetrics metrics;

  private SearchWindowGuard(TraceStore store, TenantLimits limits, ServerMetrics metrics) {
    this.store = store;
    this.limits = limits;
    this.metrics = metrics;
  }

  /** {@code store} itself when no tenant has a search window: nothing to check, nothing to pay. */
  static TraceStore wrap(TraceStore store, TenantLimits limits, ServerMetrics metrics) {
    return limits.limitsSearchWindows() ? new SearchWindowGuard(store, limits, metrics) : store;
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    checkWindow(tenant, request.range());
    return store.search(tenant, request);
  }

  /** Metrics answered from span cells read no search, so the same window applies here. */
  @Override
  public boolean spanCells(
      String tenant, long firstGrain, long endGrain, Consumer<SpanCell> visitor) {
    // Grains hold right-closed steps: (first, end] in time, as a search's [start, end + 1).
    long end = saturatedTimes(endGrain, SpanCells.GRAIN_NANOS);
    checkWindow(
        tenant,
        new TimeRange(
            saturatedTimes(firstGrain, SpanCells.GRAIN_NANOS),
            end == Long.MAX_VALUE ? end : end + 1));
    return store.spanCells(tenant, firstGrain, endGrain, visitor);
  }

  /** Digests feed analysis, which is not a search (see above). */
  @Override
  public boolean traceDigests(
      String tenant, String digest, TimeRange range, Consumer<byte[]> visitor) {
    return store.traceDigests(tenant, digest, range, visitor);
  }

  /** Metrics that judge spans alone read no search either. */
  @Override
  public boolean spans(
      String tenant, TimeRange range, List<SearchHint> hints, Consumer<Span> visitor) {
    checkWindow(tenant, range);
    return store.spans(tenant, range, hints, visitor);
  }

  private static long saturatedTimes(long a, long b) {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private void checkWindow(String tenant, TimeRange range) {
    Duration limit = limits.of(tenant).maxSearchWindow();
    long nanos;
    try {
      nanos = Math.subtractExact(range.endNanos(), range.startNanos());
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE; // unbounded
    }
    // One second of slack: APIs make the end inclusive (of its nanosecond, or its whole second for
    // Tempo), so a window of exactly the limit as the user typed it passes.
    if (!limit.isZero() && nanos > limit.toNanos() + SLACK_NANOS) {
      metrics.rejectedQuery("search_window_too_long");
      throw new ApiException(
          400,
          "the search covers "
              + human(Duration.ofNanos(nanos - 1)) // less the inclusive end
              + ", longer than tenant \""
              + tenant
              + "\"'s limit of "
              + human(limit)
              + " (limits.maxSearchWindow; per tenant overrides."
              + tenant
              + ".limits.maxSearchWindow); narrow the time range (start/end) to at most "
              + human(limit));
    }
  }

  private static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 86_400 == 0 && seconds > 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    return store.write(tenant, batch);
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    return store.trace(tenant, traceId);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return store.services(tenant, range);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    return store.operations(tenant, service, range);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return store.attributeNames(tenant, range);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    return store.attributeValues(tenant, scopedName, prefix, range, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    store.scan(tenant, range, consumer);
  }

  @Override
  public boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    return store.scan(tenant, range, limit, consumer);
  }

  @Override
  public HealthCheck check() {
    return store.check();
  }

  @Override
  public List<String> tenants() {
    return store.tenants();
  }

  @Override
  public void close() {
    store.close();
  }
}
