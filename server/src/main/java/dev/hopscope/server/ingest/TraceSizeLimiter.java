package dev.hopscope.server.ingest;

import dev.hopscope.model.SpanBatch;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Max bytes per trace, per tenant: the bytes of every trace still being written (its spans' {@link
 * SpanSize}), so a span that would take its trace past the tenant's limit is refused with a message
 * naming the trace, and the trace's other spans, already accepted, stay. The check is two probes of
 * a primitive hash table per span, on the request's own thread.
 *
 * <p>Memory is bounded: a tenant's sizes live in two generations; the current one becomes the
 * previous (and the previous is forgotten) every {@code generationNanos} or once it holds {@code
 * maxTraces} traces. A trace is thus followed for at least one generation after its last span — as
 * Tempo follows a trace while it is in the ingester's head — and a trace whose spans trickle in
 * over longer than that can grow past the limit. A generation is a {@link TraceBytes} table (24
 * bytes a slot, at most half full): about 13 MB per generation per tenant at 200,000 traces.
 */
final class TraceSizeLimiter {
  private final ToLongFunction<String> maxBytes;
  private final LongSupplier nanos;
  private final long generationNanos;
  private final int maxTraces;
  private final ConcurrentHashMap<String, Sizes> tenants = new ConcurrentHashMap<>();

  /** {@code maxBytes} gives each tenant's limit, 0 for none. */
  TraceSizeLimiter(
      ToLongFunction<String> maxBytes, LongSupplier nanos, long generationNanos, int maxTraces) {
    this.maxBytes = maxBytes;
    this.nanos = nanos;
    this.generationNanos = generationNanos;
    this.maxTraces = maxTraces;
  }

  /**
   * The spans that fit, and an account of those that do not.
   *
   * @param counted the request before refusals and each of its rows' bytes counted to its trace (0
   *     for a refused row), to take back if the write fails
   */
  record Admission(
      SpanBatch accepted,
      int refusedSpans,
      Optional<String> firstRefusal,
      SpanBatch counted,
      long[] rowBytes) {
    static Admission all(SpanBatch batch) {
      return new Admission(batch, 0, Optional.empty(), batch, new long[0]);
    }
  }

  long maxBytes(String tenant) {
    return maxBytes.applyAsLong(tenant);
  }

  /**
   * Counts {@code batch}'s spans to their traces, refusing each span that would take its trace past
   * the tenant's limit (in request order: a trace's first spans fit, the rest are refused).
   */
  Admission admit(String tenant, SpanBatch batch) {
    long limit = maxBytes(tenant);
    if (limit <= 0) {
      return Admission.all(batch);
    }
    Sizes sizes = tenants.computeIfAbsent(tenant, t -> new Sizes(nanos.getAsLong()));
    long[] rowBytes = new long[batch.size()];
    boolean[] refused = null;
    int refusedCount = 0;
    String first = null;
    synchronized (sizes) {
      sizes.rotateIfDue(nanos.getAsLong(), generationNanos, maxTraces);
      for (int row = 0; row < batch.size(); row++) {
        long high = batch.traceIdHigh(row);
        long low = batch.traceIdLow(row);
        long span = SpanSize.of(batch, row);
        long before = sizes.bytes(high, low);
        if (before + span <= limit) {
          sizes.current.add(high, low, span);
          rowBytes[row] = span;
          continue;
        }
        if (refused == null) {
          refused = new boolean[batch.size()];
          first =
              "trace "
                  + batch.traceId(row).toHex()
                  + " holds "
                  + before
                  + " bytes and a span of "
                  + span
                  + " bytes would take it past its tenant's limit of "
                  + limit
                  + " bytes per trace";
        }
        refused[row] = true;
        refusedCount++;
      }
    }
    if (refused == null) {
      return new Admission(batch, 0, Optional.empty(), batch, rowBytes);
    }
    SpanBatch.Builder kept = SpanBatch.builder();
    for (int row = 0; row < batch.size(); row++) {
      if (!refused[row]) {
        kept.add(batch, row);
      }
    }
    return new Admission(kept.build(), refusedCount, Optional.ofNullable(first), batch, rowBytes);
  }

  /** Takes back what {@link #admit} counted for a write that did not become durable. */
  void release(String tenant, Admission admission) {
    Sizes sizes = tenants.get(tenant);
    if (sizes == null) {
      return;
    }
    SpanBatch counted = admission.counted();
    synchronized (sizes) {
      for (int row = 0; row < admission.rowBytes().length; row++) {
        if (admission.rowBytes()[row] > 0) {
          sizes.current.add(
              counted.traceIdHigh(row), counted.traceIdLow(row), -admission.rowBytes()[row]);
        }
      }
    }
  }

  /** Traces followed for a tenant now (tests). */
  int tracked(String tenant) {
    Sizes sizes = tenants.get(tenant);
    if (sizes == null) {
      return 0;
    }
    synchronized (sizes) {
      return sizes.current.size() + sizes.previous.size();
    }
  }

  /** One tenant's two generations; guarded by its own monitor. */
  private static final class Sizes {
    private TraceBytes current = new TraceBytes();
    private TraceBytes previous = new TraceBytes();
    private long started;

    Sizes(long now) {
      started = now;
    }

    void rotateIfDue(long now, long generationNanos, int maxTraces) {
      if (now - started >= generationNanos || current.size() >= maxTraces) {
        previous = current;
        current = new TraceBytes();
        started = now;
      }
    }

    long bytes(long high, long low) {
      return current.get(high, low) + previous.get(high, low);
    }
  }
}
