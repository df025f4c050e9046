package dev.hopscope.server.api;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** The native API's JSON form of spans and traces (docs/api.md). */
public final class SpanJson {
  /** Integers beyond this lose precision in JavaScript, so they are written as strings. */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private SpanJson() {}

  public static JsonObject trace(Trace trace) {
    JsonArray spans = new JsonArray();
    for (Span span : trace.spans()) {
      spans.add(span(span));
    }
    return new JsonObject().put("traceId", trace.traceId().toHex()).put("spans", spans);
  }

  public static JsonObject span(Span span) {
    return new JsonObject()
        .put("traceId", span.traceId().toHex())
        .put("spanId", span.spanId().toHex())
        .put("parentSpanId", span.parentSpanId().map(id -> id.toHex()).orElse(""))
        .put("name", span.name())
        .put("kind", lower(span.kind().name()))
        .put("startTimeUnixNano", Long.toString(span.startNanos()))
        .put("endTimeUnixNano", Long.toString(span.endNanos()))
        .put("durationNanos", span.durationNanos())
        .put(
            "status",
            new JsonObject()
                .put("code", lower(span.status().code().name()))
                .put("message", span.status().message()))
        .put("serviceName", span.serviceName())
        .put("attributes", attributes(span.attributes()))
        .put(
            "resource",
            new JsonObject().put("attributes", attributes(span.resource().attributes())))
        .put(
            "scope",
            new JsonObject()
                .put("name", span.scope().name())
                .put("version", span.scope().version()))
        .put("events", events(span))
        .put("links", links(span));
  }

  private static JsonArray events(Span span) {
    JsonArray out = new JsonArray();
    for (Event event : span.events()) {
      out.add(
          new JsonObject()
              .put("timeUnixNano", Long.toString(event.timeNanos()))
              .put("name", event.name())
              .put("attributes", attributes(event.attributes())));
    }
    return out;
  }

  private static JsonArray links(Span span) {
    JsonArray out = new JsonArray();
    for (Link link : span.links()) {
      out.add(
          new JsonObject()
              .put("traceId", link.traceId().toHex())
              .put("spanId", link.spanId().toHex())
              .put("attributes", attributes(link.attributes())));
    }
    return out;
  }

  public static JsonArray attributes(Attributes attributes) {
    JsonArray out = new JsonArray();
    for (Map.Entry<String, AttributeValue> entry : attributes.asMap().entrySet()) {
      out.add(typed(entry.getValue()).put("key", entry.getKey()));
    }
    return out;
  }

  /** {@code {"type": ..., "value": ...}} for one value. */
  public static JsonObject typed(AttributeValue value) {
    JsonObject out = new JsonObject().put("type", value.typeName());
    return switch (value) {
      case AttributeValue.StringValue s -> out.put("value", s.value());
      case AttributeValue.BoolValue b -> out.put("value", b.value());
      case AttributeValue.LongValue l ->
          Math.abs(l.value()) <= MAX_SAFE_INTEGER
              ? out.put("value", l.value())
              : out.put("value", Long.toString(l.value()));
      case AttributeValue.DoubleValue d ->
          Double.isFinite(d.value())
              ? out.put("value", d.value())
              : out.put("value", Double.toString(d.value()));
      case AttributeValue.BytesValue b ->
          out.put("value", Base64.getEncoder().encodeToString(b.value()));
      case AttributeValue.ArrayValue a -> {
        JsonArray values = new JsonArray();
        a.values().forEach(element -> values.add(typed(element)));
        yield out.put("value", values);
      }
      case AttributeValue.KeyValueListValue kv -> out.put("value", attributes(kv.values()));
      case AttributeValue.EmptyValue e -> out.putNull("value");
    };
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
