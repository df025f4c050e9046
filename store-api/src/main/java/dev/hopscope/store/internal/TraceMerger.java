package dev.hopscope.store.internal;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Joins the parts of one trace found in different places (head, blocks, late arrivals). An exact
 * duplicate span (a client retrying a batch it already sent) is kept once.
 */
public final class TraceMerger {
  private final TraceId traceId;
  private final Set<Span> spans = new LinkedHashSet<>();

  public TraceMerger(TraceId traceId) {
    this.traceId = traceId;
  }

  public void add(Span span) {
    spans.add(span);
  }

  public void addAll(Collection<Span> more) {
    spans.addAll(more);
  }

  public boolean isEmpty() {
    return spans.isEmpty();
  }

  public Optional<Trace> build() {
    return spans.isEmpty()
        ? Optional.empty()
        : Optional.of(new Trace(traceId, spans.stream().toList()));
  }
}
