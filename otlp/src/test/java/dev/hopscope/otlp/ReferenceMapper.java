package dev.hopscope.otlp;

import com.google.protobuf.ByteString;
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
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The obviously-correct way to get spans out of a request: let protobuf-java parse it, then map the
 * object tree field by field, applying the validation rules of RATIONALE.md. The hand-written
 * decoders must agree with this on every input.
 */
final class ReferenceMapper {
  record Expected(List<Span> spans, int rejected) {}

  private ReferenceMapper() {}

  static Expected map(ExportTraceServiceRequest request, IngestLimits limits) {
    List<Span> spans = new ArrayList<>();
    int rejected = 0;
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Resource resource =
          new Resource(
              attributes(resourceSpans.getResource().getAttributesList()),
              resourceSpans.getSchemaUrl(),
              resourceSpans.getResource().getDroppedAttributesCount());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        var protoScope = scopeSpans.getScope();
        InstrumentationScope scope =
            new InstrumentationScope(
                protoScope.getName(),
                protoScope.getVersion(),
                attributes(protoScope.getAttributesList()),
                protoScope.getDroppedAttributesCount());
        for (var span : scopeSpans.getSpansList()) {
          Optional<Span> mapped = span(span, resource, scope, limits);
          if (mapped.isPresent()) {
            spans.add(mapped.get());
          } else {
            rejected++;
          }
        }
      }
    }
    return new Expected(spans, rejected);
  }

  private static Optional<Span> span(
      io.opentelemetry.proto.trace.v1.Span span,
      Resource resource,
      InstrumentationScope scope,
      IngestLimits limits) {
    if (!validId(span.getTraceId(), 16)
        || !validId(span.getSpanId(), 8)
        || !(span.getParentSpanId().isEmpty() || span.getParentSpanId().size() == 8)
        || span.getStartTimeUnixNano() == 0
        || Long.compareUnsigned(span.getEndTimeUnixNano(), span.getStartTimeUnixNano()) < 0
        || span.getKindValue() < 0
        || span.getKindValue() > 5
        || span.getStatus().getCodeValue() < 0
        || span.getStatus().getCodeValue() > 2
        || span.getAttributesCount() > limits.maxAttributesPerSpan()
        || span.getEventsCount() > limits.maxEventsPerSpan()
        || span.getLinksCount() > limits.maxLinksPerSpan()) {
      return Optional.empty();
    }
    List<Link> links = new ArrayList<>();
    for (var link : span.getLinksList()) {
      if (!validId(link.getTraceId(), 16) || !validId(link.getSpanId(), 8)) {
        return Optional.empty();
      }
      links.add(
          new Link(
              TraceId.fromBytes(link.getTraceId().toByteArray()),
              SpanId.fromBytes(link.getSpanId().toByteArray()),
              link.getTraceState(),
              attributes(link.getAttributesList()),
              link.getFlags(),
              link.getDroppedAttributesCount()));
    }
    List<Event> events = new ArrayList<>();
    for (var event : span.getEventsList()) {
      events.add(
          new Event(
              event.getTimeUnixNano(),
              event.getName(),
              attributes(event.getAttributesList()),
              event.getDroppedAttributesCount()));
    }
    ByteString parent = span.getParentSpanId();
    boolean root = parent.isEmpty() || parent.asReadOnlyByteBuffer().getLong() == 0;
    return Optional.of(
        Span.builder(
                TraceId.fromBytes(span.getTraceId().toByteArray()),
                SpanId.fromBytes(span.getSpanId().toByteArray()))
            .parentSpanId(root ? null : SpanId.fromBytes(parent.toByteArray()))
            .traceState(span.getTraceState())
            .name(span.getName())
            .kind(SpanKind.fromNumber(span.getKindValue()))
            .startNanos(span.getStartTimeUnixNano())
            .endNanos(span.getEndTimeUnixNano())
            .attributes(attributes(span.getAttributesList()))
            .events(events)
            .links(links)
            .status(
                new Status(
                    StatusCode.fromNumber(span.getStatus().getCodeValue()),
                    span.getStatus().getMessage()))
            .flags(span.getFlags())
            .resource(resource)
            .scope(scope)
            .droppedCounts(
                span.getDroppedAttributesCount(),
                span.getDroppedEventsCount(),
                span.getDroppedLinksCount())
            .build());
  }

  private static boolean validId(ByteString id, int length) {
    if (id.size() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (id.byteAt(i) != 0) {
        return true;
      }
    }
    return false;
  }

  static Attributes attributes(List<KeyValue> pairs) {
    Attributes.Builder out = Attributes.builder();
    for (KeyValue pair : pairs) {
      out.put(pair.getKey(), value(pair.getValue()));
    }
    return out.build();
  }

  static AttributeValue value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> AttributeValue.of(value.getStringValue());
      case BOOL_VALUE -> AttributeValue.of(value.getBoolValue());
      case INT_VALUE -> AttributeValue.of(value.getIntValue());
      case DOUBLE_VALUE -> AttributeValue.of(value.getDoubleValue());
      case BYTES_VALUE -> new AttributeValue.BytesValue(value.getBytesValue().toByteArray());
      case ARRAY_VALUE ->
          new AttributeValue.ArrayValue(
              value.getArrayValue().getValuesList().stream().map(ReferenceMapper::value).toList());
      case KVLIST_VALUE ->
          new AttributeValue.KeyValueListValue(attributes(value.getKvlistValue().getValuesList()));
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> AttributeValue.EmptyValue.INSTANCE;
    };
  }
}
