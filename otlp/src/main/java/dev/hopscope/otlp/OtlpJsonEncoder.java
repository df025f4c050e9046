package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.StatusCode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes spans as one OTLP JSON {@code ExportTraceServiceRequest} on one line (the OTel Collector's
 * file exporter format, which {@link OtlpJsonDecoder} reads back): lowerCamelCase names, hex ids,
 * enums as integers, 64-bit integers as strings, bytes as base64.
 */
public final class OtlpJsonEncoder {
  private OtlpJsonEncoder() {}

  public static String encode(List<Span> spans) {
    return encode(SpanBatch.of(spans));
  }

  public static String encode(SpanBatch batch) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JsonReader.FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("resourceSpans");
      for (Map.Entry<Integer, Map<InstrumentationScope, List<Integer>>> group :
          OtlpProtobufEncoder.group(batch).entrySet()) {
        Resource resource = batch.resources().get(group.getKey());
        json.writeStartObject();
        json.writeObjectFieldStart("resource");
        attributes(json, "attributes", resource.attributes());
        count(json, "droppedAttributesCount", resource.droppedAttributesCount());
        json.writeEndObject();
        json.writeArrayFieldStart("scopeSpans");
        for (Map.Entry<InstrumentationScope, List<Integer>> scoped : group.getValue().entrySet()) {
          json.writeStartObject();
          scope(json, scoped.getKey());
          json.writeArrayFieldStart("spans");
          for (int row : scoped.getValue()) {
            span(json, batch, row);
          }
          json.writeEndArray();
          json.writeEndObject();
        }
        json.writeEndArray();
        string(json, "schemaUrl", resource.schemaUrl());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void scope(JsonGenerator json, InstrumentationScope scope) throws IOException {
    json.writeObjectFieldStart("scope");
    string(json, "name", scope.name());
    string(json, "version", scope.version());
    attributes(json, "attributes", scope.attributes());
    count(json, "droppedAttributesCount", scope.droppedAttributesCount());
    json.writeEndObject();
  }

  private static void span(JsonGenerator json, SpanBatch batch, int row) throws IOException {
    json.writeStartObject();
    json.writeStringField("traceId", batch.traceId(row).toHex());
    json.writeStringField("spanId", Ids.hex(batch.spanId(row)));
    string(json, "traceState", batch.traceState(row));
    if (batch.parentSpanId(row) != 0) {
      json.writeStringField("parentSpanId", Ids.hex(batch.parentSpanId(row)));
    }
    if (batch.flags(row) != 0) {
      json.writeNumberField("flags", Integer.toUnsignedLong(batch.flags(row)));
    }
    string(json, "name", batch.name(row));
    count(json, "kind", batch.kind(row).number());
    json.writeStringField("startTimeUnixNano", Long.toUnsignedString(batch.startNanos(row)));
    json.writeStringField("endTimeUnixNano", Long.toUnsignedString(batch.endNanos(row)));
    if (batch.attributeCount(row) > 0) {
      json.writeArrayFieldStart("attributes");
      for (int i = 0; i < batch.attributeCount(row); i++) {
        keyValue(json, batch.attributeKey(row, i), batch.attributeValue(row, i));
      }
      json.writeEndArray();
    }
    count(json, "droppedAttributesCount", batch.droppedAttributesCount(row));
    List<Event> events = batch.events(row);
    if (!events.isEmpty()) {
      json.writeArrayFieldStart("events");
      for (Event event : events) {
        json.writeStartObject();
        json.writeStringField("timeUnixNano", Long.toUnsignedString(event.timeNanos()));
        string(json, "name", event.name());
        attributes(json, "attributes", event.attributes());
        count(json, "droppedAttributesCount", event.droppedAttributesCount());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    count(json, "droppedEventsCount", batch.droppedEventsCount(row));
    List<Link> links = batch.links(row);
    if (!links.isEmpty()) {
      json.writeArrayFieldStart("links");
      for (Link link : links) {
        json.writeStartObject();
        json.writeStringField("traceId", link.traceId().toHex());
        json.writeStringField("spanId", link.spanId().toHex());
        string(json, "traceState", link.traceState());
        attributes(json, "attributes", link.attributes());
        count(json, "droppedAttributesCount", link.droppedAttributesCount());
        if (link.flags() != 0) {
          json.writeNumberField("flags", Integer.toUnsignedLong(link.flags()));
        }
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    count(json, "droppedLinksCount", batch.droppedLinksCount(row));
    StatusCode code = batch.statusCode(row);
    if (code != StatusCode.UNSET || !batch.statusMessage(row).isEmpty()) {
      json.writeObjectFieldStart("status");
      string(json, "message", batch.statusMessage(row));
      count(json, "code", code.number());
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void attributes(JsonGenerator json, String field, Attributes attributes)
      throws IOException {
    if (attributes.isEmpty()) {
      return;
    }
    json.writeArrayFieldStart(field);
    for (Map.Entry<String, AttributeValue> entry : attributes.asMap().entrySet()) {
      keyValue(json, entry.getKey(), entry.getValue());
    }
    json.writeEndArray();
  }

  private static void keyValue(JsonGenerator json, String key, AttributeValue value)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("key", key);
    json.writeFieldName("value");
    anyValue(json, value);
    json.writeEndObject();
  }

  private static void anyValue(JsonGenerator json, AttributeValue value) throws IOException {
    json.writeStartObject();
    switch (value) {
      case AttributeValue.StringValue s -> json.writeStringField("stringValue", s.value());
      case AttributeValue.BoolValue b -> json.writeBooleanField("boolValue", b.value());
      case AttributeValue.LongValue l ->
          json.writeStringField("intValue", Long.toString(l.value()));
      case AttributeValue.DoubleValue d -> {
        double v = d.value();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
          // JSON has no literal for these; protobuf's mapping spells them as strings.
          json.writeStringField(
              "doubleValue", Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");
        } else {
          json.writeNumberField("doubleValue", v);
        }
      }
      case AttributeValue.BytesValue b ->
          json.writeStringField("bytesValue", Base64.getEncoder().encodeToString(b.value()));
      case AttributeValue.ArrayValue a -> {
        json.writeObjectFieldStart("arrayValue");
        json.writeArrayFieldStart("values");
        for (AttributeValue element : a.values()) {
          anyValue(json, element);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      case AttributeValue.KeyValueListValue kv -> {
        json.writeObjectFieldStart("kvlistValue");
        json.writeArrayFieldStart("values");
        for (Map.Entry<String, AttributeValue> entry : kv.values().asMap().entrySet()) {
          keyValue(json, entry.getKey(), entry.getValue());
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      case AttributeValue.EmptyValue e -> {}
    }
    json.writeEndObject();
  }

  private static void string(JsonGenerator json, String field, String value) throws IOException {
    if (!value.isEmpty()) {
      json.writeStringField(field, value);
    }
  }

  private static void count(JsonGenerator json, String field, int value) throws IOException {
    if (value != 0) {
      json.writeNumberField(field, Integer.toUnsignedLong(value));
    }
  }
}
