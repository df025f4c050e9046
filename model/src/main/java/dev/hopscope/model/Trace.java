package dev.hopscope.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * All spans known for one trace id, ordered by start time then span id so that every reader sees
 * the same order.
 */
public record Trace(TraceId traceId, List<Span> spans) {
  private static final Comparator<Span> ORDER =
      Comparator.comparingLong(Span::startNanos).thenComparing(Span::spanId);

  public Trace {
    Objects.requireNonNull(traceId, "traceId");
    List<Span> sorted = new ArrayList<>(spans);
    for (Span span : sorted) {
      if (!span.traceId().equals(traceId)) {
        throw new IllegalArgumentException(
            "span " + span.spanId() + " belongs to trace " + span.traceId() + ", not " + traceId);
      }
    }
    sorted.sort(ORDER);
    spans = List.copyOf(sorted);
  }

  /**
   * The root span: the earliest span without a parent, or when the root has not arrived (yet), the
   * earliest span whose parent is missing.
   */
  public Optional<Span> root() {
    for (Span span : spans) {
      if (span.isRoot()) {
        return Optional.of(span);
      }
    }
    Set<SpanId> ids = new HashSet<>();
    for (Span span : spans) {
      ids.add(span.spanId());
    }
    for (Span span : spans) {
      if (!ids.contains(span.parentSpanId().orElseThrow())) {
        return Optional.of(span);
      }
    }
    return Optional.empty();
  }

  public long startNanos() {
    long start = Long.MAX_VALUE;
    for (Span span : spans) {
      start = Math.min(start, span.startNanos());
    }
    return spans.isEmpty() ? 0 : start;
  }

  public long endNanos() {
    long end = Long.MIN_VALUE;
    for (Span span : spans) {
      end = Math.max(end, span.endNanos());
    }
    return spans.isEmpty() ? 0 : end;
  }

  public long durationNanos() {
    return endNanos() - startNanos();
  }
}
