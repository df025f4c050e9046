package dev.hopscope.server.api.compat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tempo's binary trace answers: {@code tempopb.Trace} (field 1: OTLP ResourceSpans, the same wire
 * form as an OTLP export request) and {@code TraceByIDResponse} (1 trace, 3 status, 4 message).
 * Unlike a minimal OTLP encoder, Resource, Scope and Status are written even when empty, because
 * Grafana dereferences them without nil checks; a root span has no parent id field at all.
 */
final class TempoProtobuf {
  private TempoProtobuf() {}

  /** {@code tempopb.Trace}: what {@code /api/traces/{id}} answers for protobuf. */
  static byte[] trace(List<Span> spans) {
    return traceMessage(spans).toByteArray();
  }

  /** {@code TraceByIDResponse} with status COMPLETE (0, so absent) and no message. */
  static byte[] traceByIdResponse(List<Span> spans) {
    return new ProtoBytes().message(1, traceMessage(spans)).toByteArray();
  }

  private static ProtoBytes traceMessage(List<Span> spans) {
    Map<Resource, Map<InstrumentationScope, List<Span>>> groups = new LinkedHashMap<>();
    for (Span span : spans) {
      groups
          .computeIfAbsent(span.resource(), r -> new LinkedHashMap<>())
          .computeIfAbsent(span.scope(), s -> new ArrayList<>())
          .add(span);
    }
    ProtoBytes trace = new ProtoBytes();
    groups.forEach(
        (resource, byScope) -> {
          ProtoBytes resourceSpans = new ProtoBytes();
          ProtoBytes resourceMessage = new ProtoBytes();
          attributes(resourceMessage, 1, resource.attributes());
          resourceMessage.varint(2, resource.droppedAttributesCount(), false);
          resourceSpans.message(1, resourceMessage);
          byScope.forEach(
              (scope, scoped) -> {
                ProtoBytes scopeSpans = new ProtoBytes();
                ProtoBytes scopeMessage = new ProtoBytes();
                scopeMessage.string(1, scope.name());
                scopeMessage.string(2, scope.version());
                attributes(scopeMessage, 3, scope.attributes());
                scopeMessage.varint(4, scope.droppedAttributesCount(), false);
                scopeSpans.message(1, scopeMessage);
                for (Span span : scoped) {
                  scopeSpans.message(2, span(span));
                }
                resourceSpans.message(2, scopeSpans);
              });
          resourceSpans.string(3, resource.schemaUrl());
          trace.message(1, resourceSpans);
        });
    return trace;
  }

  private static ProtoBytes span(Span span) {
    ProtoBytes out = new ProtoBytes();
    out.bytes(1, span.traceId().toBytes(), true);
    out.bytes(2, span.spanId().toBytes(), true);
    out.string(3, span.traceState());
    span.parentSpanId().ifPresent(parent -> out.bytes(4, parent.toBytes(), true));
    out.string(5, span.name());
    out.varint(6, span.kind().number(), false);
    out.fixed64(7, span.startNanos(), false);
    out.fixed64(8, span.endNanos(), false);
    attributes(out, 9, span.attributes());
    out.varint(10, span.droppedAttributesCount(), false);
    for (Event event : span.events()) {
      ProtoBytes message = new ProtoBytes();
      message.fixed64(1, event.timeNanos(), false);
      message.string(2, event.name());
      attributes(message, 3, event.attributes());
      message.varint(4, event.droppedAttributesCount(), false);
      out.message(11, message);
    }
    out.varint(12, span.droppedEventsCount(), false);
    for (Link link : span.links()) {
      ProtoBytes message = new ProtoBytes();
      message.bytes(1, link.traceId().toBytes(), true);
      message.bytes(2, link.spanId().toBytes(), true);
      message.string(3, link.traceState());
      attributes(message, 4, link.attributes());
      message.varint(5, link.droppedAttributesCount(), false);
      message.fixed32(6, link.flags());
      out.message(13, message);
    }
    out.varint(14, span.droppedLinksCount(), false);
    ProtoBytes status = new ProtoBytes();
    status.string(2, span.status().message());
    status.varint(3, span.status().code().number(), false);
    out.message(15, status);
    out.fixed32(16, span.flags());
    return out;
  }

  private static void attributes(ProtoBytes out, int field, Attributes attributes) {
    attributes.forEach((key, value) -> out.message(field, keyValue(key, value)));
  }

  private static ProtoBytes keyValue(String key, AttributeValue value) {
    return new ProtoBytes().string(1, key).message(2, anyValue(value));
  }

  private static ProtoBytes anyValue(AttributeValue value) {
    ProtoBytes out = new ProtoBytes();
    // Oneof members are written even at their default value: presence is the type.
    switch (value) {
      case AttributeValue.StringValue s ->
          out.bytes(1, s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
      case AttributeValue.BoolValue b -> out.varint(2, b.value() ? 1 : 0, true);
      case AttributeValue.LongValue l -> out.varint(3, l.value(), true);
      case AttributeValue.DoubleValue d ->
          out.fixed64(4, Double.doubleToRawLongBits(d.value()), true);
      case AttributeValue.ArrayValue a -> {
        ProtoBytes array = new ProtoBytes();
        for (AttributeValue element : a.values()) {
          array.message(1, anyValue(element));
        }
        out.message(5, array);
      }
      case AttributeValue.KeyValueListValue kv -> {
        ProtoBytes list = new ProtoBytes();
        attributes(list, 1, kv.values());
        out.message(6, list);
      }
      case AttributeValue.BytesValue b -> out.bytes(7, b.value(), true);
      case AttributeValue.EmptyValue e -> {}
    }
    return out;
  }
}
