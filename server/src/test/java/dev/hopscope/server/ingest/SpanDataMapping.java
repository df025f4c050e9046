package dev.hopscope.server.ingest;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/** What the OpenTelemetry SDK exported, in our model: the expected side of ingest tests. */
final class SpanDataMapping {
  private SpanDataMapping() {}

  static Span toSpan(SpanData data) {
    String parent = data.getParentSpanId();
    boolean root = !data.getParentSpanContext().isValid();
    List<Event> events = new ArrayList<>();
    for (EventData event : data.getEvents()) {
      events.add(
          new Event(
              event.getEpochNanos(),
              event.getName(),
              attributes(event.getAttributes()),
              event.getTotalAttributeCount() - event.getAttributes().size()));
    }
    List<Link> links = new ArrayList<>();
    for (LinkData link : data.getLinks()) {
      links.add(
          new Link(
              TraceId.fromHex(link.getSpanContext().getTraceId()),
              SpanId.fromHex(link.getSpanContext().getSpanId()),
              "",
              attributes(link.getAttributes()),
              flags(link.getSpanContext()),
              link.getTotalAttributeCount() - link.getAttributes().size()));
    }
    return Span.builder(TraceId.fromHex(data.getTraceId()), SpanId.fromHex(data.getSpanId()))
        .parentSpanId(root ? null : SpanId.fromHex(parent))
        .name(data.getName())
        .kind(SpanKind.valueOf(data.getKind().name()))
        .startNanos(data.getStartEpochNanos())
        .endNanos(data.getEndEpochNanos())
        .attributes(attributes(data.getAttributes()))
        .events(events)
        .links(links)
        .status(
            new Status(
                StatusCode.valueOf(data.getStatus().getStatusCode().name()),
                data.getStatus().getDescription()))
        .flags(flags(data.getSpanContext()) | (data.getParentSpanContext().isRemote() ? 0x200 : 0))
        .resource(
            new Resource(
                attributes(data.getResource().getAttributes()),
                data.getResource().getSchemaUrl() == null ? "" : data.getResource().getSchemaUrl(),
                0))
        .scope(
            new InstrumentationScope(
                data.getInstrumentationScopeInfo().getName(),
                data.getInstrumentationScopeInfo().getVersion() == null
                    ? ""
                    : data.getInstrumentationScopeInfo().getVersion(),
                attributes(data.getInstrumentationScopeInfo().getAttributes()),
                0))
        .build();
  }

  /**
   * The OTLP span flags the exporter writes: W3C trace flags, plus bit 8 ("is-remote is known") and
   * bit 9 (the parent or linked context is remote).
   */
  private static int flags(SpanContext context) {
    return (context.getTraceFlags().asByte() & 0xFF) | 0x100 | (context.isRemote() ? 0x200 : 0);
  }

  static Attributes attributes(io.opentelemetry.api.common.Attributes attributes) {
    Attributes.Builder out = Attributes.builder();
    attributes.forEach((key, value) -> out.put(key.getKey(), value(key, value)));
    return out.build();
  }

  private static AttributeValue value(AttributeKey<?> key, Object value) {
    return switch (key.getType()) {
      case STRING -> AttributeValue.of((String) value);
      case BOOLEAN -> AttributeValue.of((Boolean) value);
      case LONG -> AttributeValue.of((Long) value);
      case DOUBLE -> AttributeValue.of((Double) value);
      case STRING_ARRAY, BOOLEAN_ARRAY, LONG_ARRAY, DOUBLE_ARRAY -> {
        List<AttributeValue> values = new ArrayList<>();
        for (Object element : (List<?>) value) {
          values.add(scalar(element));
        }
        yield new AttributeValue.ArrayValue(values);
      }
      default -> AttributeValue.of(String.valueOf(value));
    };
  }

  private static AttributeValue scalar(Object value) {
    return switch (value) {
      case String s -> AttributeValue.of(s);
      case Boolean b -> AttributeValue.of(b);
      case Long l -> AttributeValue.of(l);
      case Double d -> AttributeValue.of(d);
      default -> AttributeValue.of(String.valueOf(value));
    };
  }
}
