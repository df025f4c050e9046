package dev.hopscope.server.api.compat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.query.MatchedSpan;
import dev.hopscope.query.MatchedSpanset;
import dev.hopscope.query.TraceMatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;

/**
 * Tempo's search answer, written for Grafana's strict protobuf-JSON decoder: only fields of {@code
 * TraceSearchMetadata}, {@code SpanSet}, {@code Span} and {@code SearchMetrics}, 64-bit integers as
 * decimal strings, ids cased {@code traceID} / {@code spanID}.
 */
final class TempoSearchJson {
  /** Intrinsics that are fields of the span already, not attributes. */
  private static final Set<String> FIELDS =
      Set.of("name", "duration", "span:name", "span:duration");

  private TempoSearchJson() {}

  static JsonObject trace(TraceMatch match, int spansPerSpanset) {
    TraceStats stats = TraceStats.of(match.trace());
    JsonArray spanSets = new JsonArray();
    for (MatchedSpanset spanset : match.spansets()) {
      spanSets.add(spanSet(spanset, spansPerSpanset));
    }
    JsonObject out =
        new JsonObject()
            .put("traceID", withoutLeadingZeros(match.trace().traceId().toHex()))
            .put("rootServiceName", stats.hasRoot() ? stats.rootServiceName() : TraceStats.NO_ROOT)
            .put("rootTraceName", stats.hasRoot() ? stats.rootName() : TraceStats.NO_ROOT)
            .put("startTimeUnixNano", Long.toString(match.trace().startNanos()))
            .put("durationMs", match.trace().durationNanos() / 1_000_000);
    if (!spanSets.isEmpty()) {
      // Older Grafana releases read the deprecated single spanSet, newer ones spanSets.
      out.put("spanSet", spanSets.getJsonObject(0));
    }
    return out.put("spanSets", spanSets);
  }

  private static JsonObject spanSet(MatchedSpanset spanset, int limit) {
    JsonArray spans = new JsonArray();
    for (MatchedSpan span : spanset.spans()) {
      if (spans.size() == limit) {
        break;
      }
      JsonArray attributes = new JsonArray();
      attributes.add(keyValue("service.name", AttributeValue.of(span.span().serviceName())));
      for (Map.Entry<String, AttributeValue> entry : span.attributes().entrySet()) {
        String key = unscoped(entry.getKey());
        if (!FIELDS.contains(entry.getKey()) && !key.equals("service.name")) {
          attributes.add(keyValue(key, entry.getValue()));
        }
      }
      spans.add(
          new JsonObject()
              .put("spanID", span.span().spanId().toHex())
              .put("name", span.span().name())
              .put("startTimeUnixNano", Long.toString(span.span().startNanos()))
              .put("durationNanos", Long.toString(span.span().durationNanos()))
              .put("attributes", attributes));
    }
    JsonObject out = new JsonObject().put("spans", spans).put("matched", spanset.spans().size());
    if (!spanset.attributes().isEmpty()) {
      JsonArray attributes = new JsonArray();
      spanset.attributes().forEach((key, value) -> attributes.add(keyValue(key, value)));
      out.put("attributes", attributes);
    }
    return out;
  }

  /** {@code SearchMetrics}: only keys Grafana's decoder knows. */
  static JsonObject metrics(long inspectedTraces) {
    return new JsonObject()
        .put("inspectedTraces", inspectedTraces)
        .put("completedJobs", 1)
        .put("totalJobs", 1);
  }

  /** An OTLP {@code KeyValue} in protobuf JSON. */
  static JsonObject keyValue(String key, AttributeValue value) {
    JsonObject any =
        switch (value) {
          case AttributeValue.StringValue s -> new JsonObject().put("stringValue", s.value());
          case AttributeValue.BoolValue b -> new JsonObject().put("boolValue", b.value());
          case AttributeValue.LongValue l ->
              new JsonObject().put("intValue", Long.toString(l.value()));
          case AttributeValue.DoubleValue d ->
              Double.isFinite(d.value())
                  ? new JsonObject().put("doubleValue", d.value())
                  : new JsonObject().put("stringValue", Double.toString(d.value()));
          default -> new JsonObject().put("stringValue", value.asText());
        };
    return new JsonObject().put("key", key).put("value", any);
  }

  /**
   * {@code span.http.route} -> {@code http.route}, {@code .x} -> {@code x}, as Tempo lists them.
   */
  static String unscoped(String key) {
    for (String prefix : new String[] {"span.", "resource.", "."}) {
      if (key.startsWith(prefix)) {
        return key.substring(prefix.length());
      }
    }
    return key;
  }

  /** Tempo lists trace ids without leading zeros. */
  static String withoutLeadingZeros(String hex) {
    int i = 0;
    while (i < hex.length() - 1 && hex.charAt(i) == '0') {
      i++;
    }
    return hex.substring(i);
  }
}
