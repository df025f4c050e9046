package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.internal.BigEndian;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch as an OTLP {@code ExportTraceServiceRequest}, rows grouped by resource and scope
 * in first-seen order. Fields go out in field-number order with proto3 defaults omitted, the way
 * protobuf-java serialises, so the bytes equal protobuf-java's for the same content.
 */
public final class OtlpProtobufEncoder {
  private OtlpProtobufEncoder() {}

  public static byte[] encode(SpanBatch batch) {
    ProtoWriter request = new ProtoWriter();
    for (Map.Entry<Integer, Map<InstrumentationScope, List<Integer>>> group :
        group(batch).entrySet()) {
      Resource resource = batch.resources().get(group.getKey());
      ProtoWriter resourceSpans = new ProtoWriter();
      ProtoWriter resourceMessage = new ProtoWriter();
      attributes(resourceMessage, 1, resource.attributes());
      resourceMessage.varintField(2, resource.droppedAttributesCount());
      resourceSpans.messageField(1, resourceMessage);
      for (Map.Entry<InstrumentationScope, List<Integer>> scoped : group.getValue().entrySet()) {
        ProtoWriter scopeSpans = new ProtoWriter();
        scopeSpans.messageField(1, scope(scoped.getKey()));
        for (int row : scoped.getValue()) {
          scopeSpans.messageField(2, span(batch, row));
        }
        resourceSpans.messageField(2, scopeSpans);
      }
      resourceSpans.stringField(3, resource.schemaUrl());
      request.messageField(1, resourceSpans);
    }
    return request.toByteArray();
  }

  /** Rows by resource index, then by scope, both in first-seen order. */
  static Map<Integer, Map<InstrumentationScope, List<Integer>>> group(SpanBatch batch) {
    Map<Integer, Map<InstrumentationScope, List<Integer>>> groups = new LinkedHashMap<>();
    for (int row = 0; row < batch.size(); row++) {
      groups
          .computeIfAbsent(batch.resourceIndex(row), key -> new LinkedHashMap<>())
          .computeIfAbsent(batch.scope(row), key -> new ArrayList<>())
          .add(row);
    }
    return groups;
  }

  private static ProtoWriter scope(InstrumentationScope scope) {
    ProtoWriter out = new ProtoWriter();
    out.stringField(1, scope.name());
    out.stringField(2, scope.version());
    attributes(out, 3, scope.attributes());
    out.varintField(4, scope.droppedAttributesCount());
    return out;
  }

  private static ProtoWriter span(SpanBatch batch, int row) {
    ProtoWriter out = new ProtoWriter();
    byte[] traceId = new byte[16];
    BigEndian.writeLong(batch.traceIdHigh(row), traceId, 0);
    BigEndian.writeLong(batch.traceIdLow(row), traceId, 8);
    out.bytesField(1, traceId);
    out.bytesField(2, spanId(batch.spanId(row)));
    out.stringField(3, batch.traceState(row));
    if (batch.parentSpanId(row) != 0) {
      out.bytesField(4, spanId(batch.parentSpanId(row)));
    }
    out.stringField(5, batch.name(row));
    out.varintField(6, batch.kind(row).number());
    out.fixed64Field(7, batch.startNanos(row));
    out.fixed64Field(8, batch.endNanos(row));
    for (int i = 0; i < batch.attributeCount(row); i++) {
      out.messageField(9, keyValue(batch.attributeKey(row, i), batch.attributeValue(row, i)));
    }
    out.varintField(10, batch.droppedAttributesCount(row));
    for (Event event : batch.events(row)) {
      ProtoWriter message = new ProtoWriter();
      message.fixed64Field(1, event.timeNanos());
      message.stringField(2, event.name());
      attributes(message, 3, event.attributes());
      message.varintField(4, event.droppedAttributesCount());
      out.messageField(11, message);
    }
    out.varintField(12, batch.droppedEventsCount(row));
    for (Link link : batch.links(row)) {
      ProtoWriter message = new ProtoWriter();
      message.bytesField(1, link.traceId().toBytes());
      message.bytesField(2, link.spanId().toBytes());
      message.stringField(3, link.traceState());
      attributes(message, 4, link.attributes());
      message.varintField(5, link.droppedAttributesCount());
      message.fixed32Field(6, link.flags());
      out.messageField(13, message);
    }
    out.varintField(14, batch.droppedLinksCount(row));
    StatusCode code = batch.statusCode(row);
    String message = batch.statusMessage(row);
    if (code != StatusCode.UNSET || !message.isEmpty()) {
      ProtoWriter status = new ProtoWriter();
      status.stringField(2, message);
      status.varintField(3, code.number());
      out.messageField(15, status);
    }
    out.fixed32Field(16, batch.flags(row));
    return out;
  }

  private static byte[] spanId(long value) {
    byte[] out = new byte[8];
    BigEndian.writeLong(value, out, 0);
    return out;
  }

  private static void attributes(ProtoWriter out, int field, Attributes attributes) {
    attributes.forEach((key, value) -> out.messageField(field, keyValue(key, value)));
  }

  private static ProtoWriter keyValue(String key, AttributeValue value) {
    ProtoWriter out = new ProtoWriter();
    out.stringField(1, key);
    out.messageField(2, anyValue(value));
    return out;
  }

  private static ProtoWriter anyValue(AttributeValue value) {
    ProtoWriter out = new ProtoWriter();
    // Oneof members are written even at their default value: presence is the type.
    switch (value) {
      case AttributeValue.StringValue s ->
          out.presentBytesField(1, s.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      case AttributeValue.BoolValue b -> out.presentVarintField(2, b.value() ? 1 : 0);
      case AttributeValue.LongValue l -> out.presentVarintField(3, l.value());
      case AttributeValue.DoubleValue d -> out.doubleField(4, d.value());
      case AttributeValue.ArrayValue a -> {
        ProtoWriter array = new ProtoWriter();
        for (AttributeValue element : a.values()) {
          array.messageField(1, anyValue(element));
        }
        out.messageField(5, array);
      }
      case AttributeValue.KeyValueListValue kv -> {
        ProtoWriter list = new ProtoWriter();
        attributes(list, 1, kv.values());
        out.messageField(6, list);
      }
      case AttributeValue.BytesValue b -> out.presentBytesField(7, b.value());
      case AttributeValue.EmptyValue e -> {}
    }
    return out;
  }
}
