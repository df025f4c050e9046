package dev.hopscope.server.api;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Typed attribute values as the APIs write them (docs/api.md); whole traces are streamed by {@link
 * TraceJsonWriter}.
 */
public final class SpanJson {
  /** Integers beyond this lose precision in JavaScript, so they are written as strings. */
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private SpanJson() {}

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
