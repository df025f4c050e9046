package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An attribute value as text for protocols whose tags are strings (Zipkin tags, Jaeger's string
 * tags), by the OpenTelemetry specification's "AnyValue representation for non-OTLP protocols",
 * which is what the Collector's Zipkin and Jaeger translators write: strings as they are, booleans
 * and numbers as JSON literals ({@code NaN}, {@code Infinity}), bytes as base64, empty as "", and
 * arrays and maps as JSON — {@code ["alpha","ü,ß"]}, {@code [1,-2,9007199254740993]} (integers
 * exact, never quoted), {@code {"a":true}} — with NaN and infinities inside them as JSON strings,
 * bytes as base64 strings and empty values as {@code null}.
 */
public final class AttributeText {
  private AttributeText() {}

  public static String of(AttributeValue value) {
    return switch (value) {
      case AttributeValue.StringValue s -> s.value();
      case AttributeValue.BoolValue b -> Boolean.toString(b.value());
      case AttributeValue.LongValue l -> Long.toString(l.value());
      case AttributeValue.DoubleValue d -> Double.toString(d.value());
      case AttributeValue.BytesValue b -> Base64.getEncoder().encodeToString(b.value());
      case AttributeValue.EmptyValue e -> "";
      case AttributeValue.ArrayValue a -> json(value);
      case AttributeValue.KeyValueListValue kv -> json(value);
    };
  }

  private static String json(AttributeValue value) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JsonReader.FACTORY.createGenerator(out)) {
      write(json, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator json, AttributeValue value) throws IOException {
    switch (value) {
      case AttributeValue.StringValue s -> json.writeString(s.value());
      case AttributeValue.BoolValue b -> json.writeBoolean(b.value());
      case AttributeValue.LongValue l -> json.writeNumber(l.value());
      case AttributeValue.DoubleValue d -> {
        if (Double.isFinite(d.value())) {
          json.writeNumber(d.value());
        } else {
          json.writeString(Double.toString(d.value()));
        }
      }
      case AttributeValue.BytesValue b ->
          json.writeString(Base64.getEncoder().encodeToString(b.value()));
      case AttributeValue.EmptyValue e -> json.writeNull();
      case AttributeValue.ArrayValue a -> writeArray(json, a.values());
      case AttributeValue.KeyValueListValue kv -> writeObject(json, kv.values());
    }
  }

  private static void writeArray(JsonGenerator json, List<AttributeValue> values)
      throws IOException {
    json.writeStartArray();
    for (AttributeValue element : values) {
      write(json, element);
    }
    json.writeEndArray();
  }

  private static void writeObject(JsonGenerator json, Attributes values) throws IOException {
    json.writeStartObject();
    for (Map.Entry<String, AttributeValue> entry : values.asMap().entrySet()) {
      json.writeFieldName(entry.getKey());
      write(json, entry.getValue());
    }
    json.writeEndObject();
  }
}
