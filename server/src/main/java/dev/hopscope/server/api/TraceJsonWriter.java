package dev.hopscope.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes the native trace JSON (docs/api.md) with Jackson's streaming generator: a trace of 100,000
 * spans is tens of megabytes, and building a JSON object tree first cost seconds.
 */
final class TraceJsonWriter {
  private static final JsonFactory JSON = new JsonFactory();

  /** Integers beyond this lose precision in JavaScript, so they are written as strings. */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private TraceJsonWriter() {}

  static byte[] trace(Trace trace) {
    return trace(trace, false);
  }

  /**
   * @param sharedResources list each distinct resource once under {@code resources} and give spans
   *     a {@code resourceIndex} instead of a copy: a large trace repeats a few resources over and
   *     over
   */
  static byte[] trace(Trace trace, boolean sharedResources) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(Math.max(1024, trace.spans().size() * 512));
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.writeStartObject();
      json.writeStringField("traceId", trace.traceId().toHex());
      @Nullable Map<Resource, Integer> resources = null;
      if (sharedResources) {
        resources = new LinkedHashMap<>();
        for (Span span : trace.spans()) {
          resources.putIfAbsent(span.resource(), resources.size());
        }
        json.writeArrayFieldStart("resources");
        for (Resource resource : resources.keySet()) {
          json.writeStartObject();
          json.writeFieldName("attributes");
          attributes(json, resource.attributes());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeArrayFieldStart("spans");
      for (Span span : trace.spans()) {
        span(json, span, resources);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void span(
      JsonGenerator json, Span span, @Nullable Map<Resource, Integer> resources)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("traceId", span.traceId().toHex());
    json.writeStringField("spanId", span.spanId().toHex());
    json.writeStringField("parentSpanId", span.parentSpanId().map(id -> id.toHex()).orElse(""));
    json.writeStringField("name", span.name());
    json.writeStringField("kind", SpanJson.lower(span.kind().name()));
    json.writeStringField("startTimeUnixNano", Long.toString(span.startNanos()));
    json.writeStringField("endTimeUnixNano", Long.toString(span.endNanos()));
    json.writeNumberField("durationNanos", span.durationNanos());
    json.writeObjectFieldStart("status");
    json.writeStringField("code", SpanJson.lower(span.status().code().name()));
    json.writeStringField("message", span.status().message());
    json.writeEndObject();
    json.writeStringField("serviceName", span.serviceName());
    json.writeFieldName("attributes");
    attributes(json, span.attributes());
    if (resources != null) {
      // trace() indexed the resource of every span before writing any.
      json.writeNumberField(
          "resourceIndex",
          Objects.requireNonNull(resources.get(span.resource()), "an indexed resource"));
    } else {
      json.writeObjectFieldStart("resource");
      json.writeFieldName("attributes");
      attributes(json, span.resource().attributes());
      json.writeEndObject();
    }
    json.writeObjectFieldStart("scope");
    json.writeStringField("name", span.scope().name());
    json.writeStringField("version", span.scope().version());
    json.writeEndObject();
    json.writeArrayFieldStart("events");
    for (Event event : span.events()) {
      json.writeStartObject();
      json.writeStringField("timeUnixNano", Long.toString(event.timeNanos()));
      json.writeStringField("name", event.name());
      json.writeFieldName("attributes");
      attributes(json, event.attributes());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("links");
    for (Link link : span.links()) {
      json.writeStartObject();
      json.writeStringField("traceId", link.traceId().toHex());
      json.writeStringField("spanId", link.spanId().toHex());
      json.writeFieldName("attributes");
      attributes(json, link.attributes());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void attributes(JsonGenerator json, Attributes attributes) throws IOException {
    json.writeStartArray();
    for (Map.Entry<String, AttributeValue> entry : attributes.asMap().entrySet()) {
      json.writeStartObject();
      json.writeStringField("key", entry.getKey());
      typedFields(json, entry.getValue());
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * The {@code type} and {@code value} fields of one value, as {@link SpanJson#typed} shapes them.
   */
  private static void typedFields(JsonGenerator json, AttributeValue value) throws IOException {
    json.writeStringField("type", value.typeName());
    json.writeFieldName("value");
    switch (value) {
      case AttributeValue.StringValue s -> json.writeString(s.value());
      case AttributeValue.BoolValue b -> json.writeBoolean(b.value());
      case AttributeValue.LongValue l -> {
        if (Math.abs(l.value()) <= MAX_SAFE_INTEGER) {
          json.writeNumber(l.value());
        } else {
          json.writeString(Long.toString(l.value()));
        }
      }
      case AttributeValue.DoubleValue d -> {
        if (Double.isFinite(d.value())) {
          json.writeNumber(d.value());
        } else {
          json.writeString(Double.toString(d.value()));
        }
      }
      case AttributeValue.BytesValue b ->
          json.writeString(Base64.getEncoder().encodeToString(b.value()));
      case AttributeValue.ArrayValue a -> {
        json.writeStartArray();
        for (AttributeValue element : a.values()) {
          json.writeStartObject();
          typedFields(json, element);
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      case AttributeValue.KeyValueListValue kv -> attributes(json, kv.values());
      case AttributeValue.EmptyValue e -> json.writeNull();
    }
  }
}
