package dev.hopscope.server.api.compat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.otlp.AttributeText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Jaeger's internal JSON model (the v1 API Jaeger UI's trace page and Grafana's Jaeger data source
 * read), written from OTel spans the way Jaeger's own OTLP translator does: kind, status and scope
 * become tags, events become logs, parents and links become references, times are microseconds.
 */
final class JaegerJson {
  private JaegerJson() {}

  /** The v1 envelope every answer of the internal API is wrapped in. */
  static JsonObject envelope(Object data, int total) {
    return new JsonObject()
        .put("data", data)
        .put("total", total)
        .put("limit", 0)
        .put("offset", 0)
        .putNull("errors");
  }

  /** Jaeger writes a 64-bit trace id (high half zero) as 16 hex digits. */
  static String traceId(TraceId id) {
    String hex = id.toHex();
    return id.high() == 0 ? hex.substring(16) : hex;
  }

  static JsonObject trace(Trace trace) {
    // One process per distinct resource, numbered in span order as Jaeger does (p1, p2, ...).
    Map<Resource, String> processIds = new LinkedHashMap<>();
    JsonObject processes = new JsonObject();
    JsonArray spans = new JsonArray();
    for (Span span : trace.spans()) {
      String processId =
          processIds.computeIfAbsent(
              span.resource(),
              resource -> {
                String id = "p" + (processIds.size() + 1);
                processes.put(id, process(resource));
                return id;
              });
      spans.add(span(span, processId));
    }
    return new JsonObject()
        .put("traceID", traceId(trace.traceId()))
        .put("spans", spans)
        .put("processes", processes)
        .putNull("warnings");
  }

  private static JsonObject process(Resource resource) {
    JsonArray tags = new JsonArray();
    resource
        .attributes()
        .forEach(
            (key, value) -> {
              if (!key.equals(Resource.SERVICE_NAME)) {
                tags.add(tag(key, value));
              }
            });
    return new JsonObject().put("serviceName", resource.serviceName()).put("tags", tags);
  }

  private static JsonObject span(Span span, String processId) {
    String traceId = traceId(span.traceId());
    JsonArray references = new JsonArray();
    span.parentSpanId()
        .ifPresent(
            parent ->
                references.add(
                    new JsonObject()
                        .put("refType", "CHILD_OF")
                        .put("traceID", traceId)
                        .put("spanID", parent.toHex())));
    for (Link link : span.links()) {
      references.add(
          new JsonObject()
              .put("refType", "FOLLOWS_FROM")
              .put("traceID", traceId(link.traceId()))
              .put("spanID", link.spanId().toHex()));
    }
    JsonArray logs = new JsonArray();
    for (Event event : span.events()) {
      JsonArray fields = new JsonArray().add(tag("event", AttributeValue.of(event.name())));
      event.attributes().forEach((key, value) -> fields.add(tag(key, value)));
      logs.add(new JsonObject().put("timestamp", event.timeNanos() / 1000).put("fields", fields));
    }
    return new JsonObject()
        .put("traceID", traceId)
        .put("spanID", span.spanId().toHex())
        .put("flags", span.flags())
        .put("operationName", span.name())
        .put("references", references)
        .put("startTime", span.startNanos() / 1000)
        .put("duration", span.durationNanos() / 1000)
        .put("tags", tags(span))
        .put("logs", logs)
        .put("processID", processId)
        .putNull("warnings");
  }

  /** Span attributes plus the tags Jaeger UI derives OTel meaning from. */
  private static JsonArray tags(Span span) {
    JsonArray tags = new JsonArray();
    span.attributes().forEach((key, value) -> tags.add(tag(key, value)));
    if (!span.scope().name().isEmpty()) {
      tags.add(tag("otel.scope.name", AttributeValue.of(span.scope().name())));
    }
    if (!span.scope().version().isEmpty()) {
      tags.add(tag("otel.scope.version", AttributeValue.of(span.scope().version())));
    }
    if (span.kind() != SpanKind.UNSPECIFIED) {
      tags.add(tag("span.kind", AttributeValue.of(kind(span.kind()))));
    }
    if (span.status().code() == StatusCode.ERROR) {
      // The UI marks a span red only for a boolean error tag.
      tags.add(tag("error", AttributeValue.of(true)));
      tags.add(tag("otel.status_code", AttributeValue.of("ERROR")));
      if (!span.status().message().isEmpty()) {
        tags.add(tag("otel.status_description", AttributeValue.of(span.status().message())));
      }
    } else if (span.status().code() == StatusCode.OK) {
      tags.add(tag("otel.status_code", AttributeValue.of("OK")));
    }
    if (!span.traceState().isEmpty()) {
      tags.add(tag("w3c.tracestate", AttributeValue.of(span.traceState())));
    }
    return tags;
  }

  static String kind(SpanKind kind) {
    return kind == SpanKind.UNSPECIFIED ? "internal" : kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * A typed Jaeger key-value. Arrays and maps are string tags holding their JSON text, as the
   * OpenTelemetry Collector's Jaeger translator writes them ({@link AttributeText}: strings quoted,
   * integers exact and unquoted, maps as objects).
   */
  static JsonObject tag(String key, AttributeValue value) {
    JsonObject tag = new JsonObject().put("key", key);
    return switch (value) {
      case AttributeValue.StringValue s -> tag.put("type", "string").put("value", s.value());
      case AttributeValue.BoolValue b -> tag.put("type", "bool").put("value", b.value());
      case AttributeValue.LongValue l -> tag.put("type", "int64").put("value", l.value());
      case AttributeValue.DoubleValue d ->
          Double.isFinite(d.value())
              ? tag.put("type", "float64").put("value", d.value())
              : tag.put("type", "string").put("value", Double.toString(d.value()));
      case AttributeValue.BytesValue b ->
          tag.put("type", "binary").put("value", Base64.getEncoder().encodeToString(b.value()));
      case AttributeValue.ArrayValue a ->
          tag.put("type", "string").put("value", AttributeText.of(a));
      case AttributeValue.KeyValueListValue kv ->
          tag.put("type", "string").put("value", AttributeText.of(kv));
      case AttributeValue.EmptyValue e -> tag.put("type", "string").put("value", "");
    };
  }
}
