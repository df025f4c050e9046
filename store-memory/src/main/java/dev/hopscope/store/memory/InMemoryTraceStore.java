package dev.hopscope.store.memory;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.HealthCheck;
import dev.hopscope.store.SearchHints;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.StoreException;
import dev.hopscope.store.TenantNames;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceStore;
import dev.hopscope.store.internal.Catalog;
import dev.hopscope.store.internal.SearchResults;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A store that keeps everything in memory, for tests and small demos: nothing survives a restart.
 * Bounded by span count (oldest traces go first) and by age, like the embedded store. Thread-safe:
 * each tenant has its own lock, so tenants never wait for each other.
 */
public final class InMemoryTraceStore implements TraceStore {
  private final InstantSource clock;
  private final long retentionNanos;
  private final long maxSpans;
  private final Map<String, TenantTraces> tenants = new ConcurrentHashMap<>();
  private static final long SWEEP_INTERVAL_NANOS = 60_000_000_000L;

  private volatile boolean closed;
  // Racy on purpose: two writers sweeping at once is harmless.
  private volatile long nextSweepNanos;

  private InMemoryTraceStore(Builder builder) {
    this.clock = builder.clock;
    this.retentionNanos = builder.retention.toNanos();
    this.maxSpans = builder.maxSpans;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A store with the defaults: system clock, 7 days retention, at most 1,000,000 spans. */
  public static InMemoryTraceStore create() {
    return builder().build();
  }

  @Override
  public CompletableFuture<Void> write(String tenant, SpanBatch batch) {
    Objects.requireNonNull(batch, "batch");
    TenantNames.requireValid(tenant);
    if (closed) {
      return CompletableFuture.failedFuture(new StoreException("the store is closed"));
    }
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    tenants.computeIfAbsent(tenant, name -> new TenantTraces()).add(batch.toSpans(), maxSpans);
    long now = nowNanos();
    // Retention is swept at most once a minute so that writes stay cheap.
    if (now >= nextSweepNanos) {
      nextSweepNanos = now + SWEEP_INTERVAL_NANOS;
      evictExpired();
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Drops traces whose newest span ended before the retention window; returns traces dropped. */
  public int evictExpired() {
    int dropped = 0;
    for (TenantTraces traces : tenants.values()) {
      dropped += traces.evictExpired(cutoff());
    }
    return dropped;
  }

  private long cutoff() {
    return nowNanos() - retentionNanos;
  }

  private long nowNanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    Objects.requireNonNull(traceId, "traceId");
    return traces(tenant).trace(traceId);
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    Objects.requireNonNull(request, "request");
    List<Trace> candidates = new ArrayList<>();
    traces(tenant)
        .forEach(
            trace -> {
              if (SearchHints.overlaps(trace, request.range())
                  && SearchHints.mayMatch(trace, request.hints())) {
                candidates.add(trace);
              }
            });
    return SearchResults.ordered(candidates, request);
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    SortedSet<String> out = Catalog.newSet();
    spansIn(tenant, range, span -> Catalog.addService(span, out));
    return List.copyOf(out);
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    Objects.requireNonNull(service, "service");
    SortedSet<String> out = Catalog.newSet();
    spansIn(tenant, range, span -> Catalog.addOperation(span, service, out));
    return List.copyOf(out);
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    SortedSet<String> out = Catalog.newSet();
    spansIn(tenant, range, span -> Catalog.addAttributeNames(span, out));
    return List.copyOf(out);
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    Catalog.requirePositiveLimit(limit);
    Catalog.ScopedName name = Catalog.parse(scopedName);
    SortedSet<String> out = Catalog.newSet();
    spansIn(tenant, range, span -> Catalog.addAttributeValues(span, name, prefix, out));
    return Catalog.firstN(out, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    Objects.requireNonNull(range, "range");
    List<Trace> matches = new ArrayList<>();
    traces(tenant)
        .forEach(
            trace -> {
              for (Span span : trace.spans()) {
                if (range.contains(span.startNanos())) {
                  matches.add(trace);
                  return;
                }
              }
            });
    // Called outside the tenant's lock so that a slow consumer never stalls ingest.
    matches.forEach(consumer);
  }

  private void spansIn(String tenant, TimeRange range, Consumer<Span> consumer) {
    Objects.requireNonNull(range, "range");
    traces(tenant)
        .forEach(
            trace -> {
              for (Span span : trace.spans()) {
                if (range.overlaps(span.startNanos(), span.endNanos())) {
                  consumer.accept(span);
                }
              }
            });
  }

  private TenantTraces traces(String tenant) {
    TenantNames.requireValid(tenant);
    if (closed) {
      throw new StoreException("the store is closed");
    }
    TenantTraces traces = tenants.get(tenant);
    return traces == null ? TenantTraces.EMPTY : traces;
  }

  @Override
  public HealthCheck check() {
    return closed ? new HealthCheck(List.of("the store is closed")) : HealthCheck.healthy();
  }

  @Override
  public List<String> tenants() {
    List<String> out = new ArrayList<>();
    tenants.forEach(
        (name, traces) -> {
          if (traces.spanCount() > 0) {
            out.add(name);
          }
        });
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Configures an {@link InMemoryTraceStore}. */
  public static final class Builder {
    private InstantSource clock = InstantSource.system();
    private Duration retention = Duration.ofDays(7);
    private long maxSpans = 1_000_000;

    private Builder() {}

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder retention(Duration retention) {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive; received " + retention);
      }
      this.retention = retention;
      return this;
    }

    /** The most spans kept; beyond it the traces that started first are dropped. */
    public Builder maxSpans(long maxSpans) {
      if (maxSpans <= 0) {
        throw new IllegalArgumentException("maxSpans must be positive; received " + maxSpans);
      }
      this.maxSpans = maxSpans;
      return this;
    }

    public InMemoryTraceStore build() {
      return new InMemoryTraceStore(this);
    }
  }
}
