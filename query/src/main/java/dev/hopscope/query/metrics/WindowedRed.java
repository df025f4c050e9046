package dev.hopscope.query.metrics;

import dev.hopscope.analysis.sketch.LatencySketch;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.SpanPipeline;
import dev.hopscope.query.compat.TraceQlBuilder;
import dev.hopscope.query.traceql.TraceQlQuery;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * RED per service (and operation) as Jaeger's metrics API reports it from Prometheus: a point every
 * {@code step} from {@code end - lookback} to {@code end}, each over the trailing {@code window}
 * ({@code ratePer}), as {@code rate(...[window])} would give. Calls per second, the fraction of
 * calls that failed, and a latency quantile in milliseconds, from the spans of the given kinds. The
 * window is rounded to whole steps (at least one).
 */
public final class WindowedRed {
  private WindowedRed() {}

  /** What is reported. */
  public enum Measure {
    CALLS,
    ERRORS,
    LATENCIES
  }

  /** Which spans, grouped how, on which grid; times and durations in nanoseconds. */
  public record Request(
      List<String> services,
      Set<SpanKind> kinds,
      boolean byOperation,
      long endNanos,
      long lookbackNanos,
      long stepNanos,
      long windowNanos) {
    public Request {
      services = List.copyOf(services);
      kinds = Set.copyOf(kinds);
      if (stepNanos <= 0 || lookbackNanos < 0 || windowNanos <= 0) {
        throw new IllegalArgumentException(
            "step and ratePer must be positive and lookback not negative (milliseconds)");
      }
      if (lookbackNanos / stepNanos > MetricsRequest.MAX_STEPS) {
        throw new IllegalArgumentException(
            "lookback / step gives "
                + lookbackNanos / stepNanos
                + " points, more than the limit of "
                + MetricsRequest.MAX_STEPS
                + "; raise step or shorten lookback");
      }
    }

    int points() {
      return (int) (lookbackNanos / stepNanos) + 1;
    }

    long timestamp(int point) {
      return endNanos - lookbackNanos + point * stepNanos;
    }

    int windowSteps() {
      return (int) Math.max(1, Math.round((double) windowNanos / stepNanos));
    }
  }

  public record Point(long timestampNanos, double value) {}

  /** One series: its service, its operation when grouped by operation, its points. */
  public record Series(String service, Optional<String> operation, List<Point> points) {
    public Series {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(operation, "operation");
      points = List.copyOf(points);
    }
  }

  public static List<Series> evaluate(
      TraceSource source,
      String tenant,
      Request request,
      Measure measure,
      double quantile,
      SearchLimits limits) {
    if (measure == Measure.LATENCIES && !(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException(
          "quantile " + quantile + " must be above 0 and at most 1, e.g. quantile=0.95");
    }
    int points = request.points();
    int steps = request.windowSteps();
    // bucket b covers (timestamp(b - steps + 1) - step, timestamp(b - steps + 1)]; a point's
    // window is the `steps` buckets ending at its own.
    int buckets = points + steps - 1;
    long firstBucketEnd = request.timestamp(0) - (long) (steps - 1) * request.stepNanos();
    long rangeStart = firstBucketEnd - request.stepNanos();
    Map<List<String>, Buckets> groups = new LinkedHashMap<>();
    for (String service : request.services()) {
      TraceQlQuery query = TraceQlQuery.parse(TraceQlBuilder.create().serviceName(service).build());
      SpanPipeline pipeline = SpanPipeline.of(query.pipeline());
      SearchRequest search =
          new SearchRequest(
              new TimeRange(rangeStart, request.endNanos() + 1),
              pipeline.storeHints(),
              SearchOrder.NEWEST_FIRST,
              Optional.empty());
      long inspected = 0;
      try (Stream<Trace> traces = source.search(tenant, search)) {
        Iterator<Trace> iterator = traces.iterator();
        while (iterator.hasNext() && inspected++ < limits.maxInspectedTraces()) {
          pipeline.forEachMatch(
              iterator.next(),
              match -> {
                Span span = match.span();
                if (!request.kinds().contains(span.kind())
                    || span.startNanos() <= rangeStart
                    || span.startNanos() > request.endNanos()) {
                  return;
                }
                long bucket = (span.startNanos() - rangeStart - 1) / request.stepNanos();
                if (bucket >= buckets) {
                  return; // after the last point
                }
                List<String> key =
                    request.byOperation() ? List.of(service, span.name()) : List.of(service);
                groups
                    .computeIfAbsent(key, k -> new Buckets(buckets, measure))
                    .add((int) bucket, span);
              });
        }
      }
    }
    List<Series> out = new ArrayList<>();
    double windowSeconds = steps * request.stepNanos() / 1e9;
    groups.forEach(
        (key, group) -> {
          List<Point> series = new ArrayList<>();
          for (int p = 0; p < points; p++) {
            long calls = 0;
            long errors = 0;
            LatencySketch merged = measure == Measure.LATENCIES ? LatencySketch.create() : null;
            for (int b = p; b < p + steps; b++) {
              calls += group.calls[b];
              errors += group.errors[b];
              if (merged != null && group.sketches[b] != null) {
                merged.merge(group.sketches[b]);
              }
            }
            double value =
                switch (measure) {
                  case CALLS -> calls / windowSeconds;
                  case ERRORS -> calls == 0 ? Double.NaN : (double) errors / calls;
                  case LATENCIES ->
                      calls == 0
                          ? Double.NaN
                          // Made above for LATENCIES.
                          : Objects.requireNonNull(merged).valueAtQuantile(quantile) / 1e6;
                };
            if (!Double.isNaN(value)) {
              series.add(new Point(request.timestamp(p), value));
            }
          }
          out.add(
              new Series(
                  key.get(0), key.size() > 1 ? Optional.of(key.get(1)) : Optional.empty(), series));
        });
    return out;
  }

  /** Calls, errors and (for latencies) a sketch per step-sized bucket. */
  private static final class Buckets {
    final long[] calls;
    final long[] errors;
    final LatencySketch[] sketches;

    Buckets(int size, Measure measure) {
      calls = new long[size];
      errors = new long[size];
      sketches = new LatencySketch[measure == Measure.LATENCIES ? size : 0];
    }

    void add(int bucket, Span span) {
      calls[bucket]++;
      if (span.status().code() == StatusCode.ERROR) {
        errors[bucket]++;
      }
      if (sketches.length > 0) {
        if (sketches[bucket] == null) {
          sketches[bucket] = LatencySketch.create();
        }
        sketches[bucket].record(span.durationNanos());
      }
    }
  }
}
