package dev.hopscope.model;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Between a batch's row and a {@link Span} object, both ways. */
final class SpanObjects {
  private SpanObjects() {}

  /** A row's attributes as a map, in the order they came. */
  static Attributes attributes(SpanBatch batch, int row) {
    int count = batch.attributeCount(row);
    if (count == 0) {
      return Attributes.empty();
    }
    Attributes.Builder out = Attributes.builder();
    for (int i = 0; i < count; i++) {
      out.put(batch.attributeKey(row, i), batch.attributeValue(row, i));
    }
    return out.build();
  }

  /** The last of a row's attributes under {@code key}, as the map keeps it; null if none. */
  static @Nullable AttributeValue attributeValue(SpanBatch batch, int row, String key) {
    for (int i = batch.attributeCount(row) - 1; i >= 0; i--) {
      if (batch.attributeKey(row, i).equals(key)) {
        return batch.attributeValue(row, i);
      }
    }
    return null;
  }

  /** A row's attributes, built only if something reads them whole; keys answered from the row. */
  static Attributes deferredAttributes(SpanBatch batch, int row) {
    return batch.attributeCount(row) == 0
        ? Attributes.empty()
        : Attributes.deferred(() -> attributes(batch, row), key -> attributeValue(batch, row, key));
  }

  /** The object form of {@code batch}'s row {@code row}, with the attributes given. */
  static Span span(SpanBatch batch, int row, Attributes attributes) {
    RowColumns rows = batch.rows;
    long parent = rows.parentSpanId[row];
    return new Span(
        batch.traceId(row),
        new SpanId(rows.spanId[row]),
        parent == 0 ? Optional.empty() : Optional.of(new SpanId(parent)),
        batch.traceState(row),
        batch.name(row),
        batch.kind(row),
        rows.startNanos[row],
        rows.endNanos[row],
        attributes,
        batch.events(row),
        batch.links(row),
        new Status(batch.statusCode(row), batch.statusMessage(row)),
        rows.flags[row],
        batch.resource(row),
        batch.scope(row),
        rows.droppedAttributes[row],
        rows.droppedEvents[row],
        rows.droppedLinks[row]);
  }

  /** Appends {@code span} as a row whose resource and scope {@code into} already registered. */
  static SpanBatch.Builder append(
      SpanBatch.Builder into, Span span, int resourceIndex, int scopeIndex) {
    into.beginSpan(resourceIndex, scopeIndex)
        .traceId(span.traceId().high(), span.traceId().low())
        .spanId(span.spanId().value())
        .parentSpanId(span.parentSpanId().map(SpanId::value).orElse(0L))
        .traceState(span.traceState())
        .name(span.name())
        .kind(span.kind())
        .startNanos(span.startNanos())
        .endNanos(span.endNanos())
        .status(span.status().code(), span.status().message())
        .flags(span.flags())
        .droppedCounts(
            span.droppedAttributesCount(), span.droppedEventsCount(), span.droppedLinksCount());
    span.attributes().forEach(into::attribute);
    span.events().forEach(into::event);
    span.links().forEach(into::link);
    return into.commitSpan();
  }
}
