package dev.hopscope.server.api.compat;

import dev.hopscope.model.Span;
import dev.hopscope.otlp.OtlpJsonEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Tempo's JSON trace answers. Tempo writes them with protobuf's JSON mapping, where ids are {@code
 * bytes} and so base64 — not OTLP/JSON's hex — and a client decoding them as protobuf JSON reads
 * hex as the wrong bytes without complaint (32 hex digits are 24 base64-decoded bytes). v1 keeps
 * the old {@code batches} key, which Tempo kept for JSON when it renamed the field.
 */
final class TempoTraceJson {
  private static final String[] SPAN_IDS = {"traceId", "spanId", "parentSpanId"};

  private TempoTraceJson() {}

  /** {@code TraceByIDResponse}: {@code {"trace":{"resourceSpans":[...]}}}. */
  static JsonObject v2(List<Span> spans) {
    return new JsonObject().put("trace", resourceSpans(spans));
  }

  /** {@code tempopb.Trace} as v1 answers it: {@code {"batches":[...]}}. */
  static JsonObject v1(List<Span> spans) {
    return new JsonObject().put("batches", resourceSpans(spans).getJsonArray("resourceSpans"));
  }

  private static JsonObject resourceSpans(List<Span> spans) {
    JsonObject trace = new JsonObject(OtlpJsonEncoder.encode(spans));
    for (JsonObject resource : objects(trace.getJsonArray("resourceSpans"))) {
      for (JsonObject scope : objects(resource.getJsonArray("scopeSpans"))) {
        for (JsonObject span : objects(scope.getJsonArray("spans"))) {
          toBase64(span, SPAN_IDS);
          for (JsonObject link : objects(span.getJsonArray("links"))) {
            toBase64(link, SPAN_IDS);
          }
        }
      }
    }
    return trace;
  }

  private static void toBase64(JsonObject object, String[] keys) {
    for (String key : keys) {
      String hex = object.getString(key);
      if (hex != null && !hex.isEmpty()) {
        object.put(key, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
      }
    }
  }

  private static List<JsonObject> objects(JsonArray array) {
    return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
  }
}
