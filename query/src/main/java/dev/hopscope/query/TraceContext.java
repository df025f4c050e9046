package dev.hopscope.query;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.Trace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A trace prepared for evaluation: spans by index, each span's parent index, the root. */
final class TraceContext {
  final Trace trace;
  final List<Span> spans;

  /** Index of each span's parent in {@link #spans}, or -1 when it has none in this trace. */
  final int[] parents;

  /** Number of spans in this trace naming each span as parent. */
  final int[] childCounts;

  final Optional<Span> root;
  final long traceDurationNanos;

  TraceContext(Trace trace) {
    this.trace = trace;
    this.spans = trace.spans();
    Map<SpanId, Integer> byId = new HashMap<>();
    for (int i = 0; i < spans.size(); i++) {
      byId.putIfAbsent(spans.get(i).spanId(), i);
    }
    this.parents = new int[spans.size()];
    for (int i = 0; i < spans.size(); i++) {
      Optional<SpanId> parent = spans.get(i).parentSpanId();
      Integer index = parent.isPresent() ? byId.get(parent.get()) : null;
      parents[i] = index == null || index == i ? -1 : index;
    }
    this.childCounts = new int[spans.size()];
    for (int parent : parents) {
      if (parent >= 0) {
        childCounts[parent]++;
      }
    }
    this.root = trace.root();
    this.traceDurationNanos = trace.durationNanos();
  }

  private @Nullable NestedSets nestedSets;

  /** Computed on first use: most queries never ask for nested-set numbers. */
  NestedSets nestedSets() {
    NestedSets sets = nestedSets;
    if (sets == null) {
      sets = NestedSets.of(this);
      nestedSets = sets;
    }
    return sets;
  }

  int size() {
    return spans.size();
  }

  Span span(int index) {
    return spans.get(index);
  }
}
