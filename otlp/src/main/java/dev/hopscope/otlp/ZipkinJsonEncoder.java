package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes spans as a Zipkin v2 JSON list, the inverse of {@link ZipkinJsonDecoder}: attributes that
 * the decoder derives from Zipkin fields go back to those fields, the rest become tags. Times are
 * truncated to microseconds, Zipkin's resolution.
 */
public final class ZipkinJsonEncoder {
  private static final Set<String> MAPPED =
      Set.of(
          ZipkinJsonDecoder.SHARED,
          ZipkinJsonDecoder.DEBUG,
          ZipkinJsonDecoder.PEER_ADDRESS,
          ZipkinJsonDecoder.PEER_PORT,
          ZipkinJsonDecoder.PEER_SERVICE,
          ZipkinJsonDecoder.LOCAL_ADDRESS,
          ZipkinJsonDecoder.LOCAL_PORT);

  private ZipkinJsonEncoder() {}

  public static String encode(List<Span> spans) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JsonReader.FACTORY.createGenerator(out)) {
      json.writeStartArray();
      for (Span span : spans) {
        span(json, span);
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void span(JsonGenerator json, Span span) throws IOException {
    json.writeStartObject();
    // A 64-bit trace id (high half zero) goes out as 16 characters, as Zipkin wrote it.
    String traceId = span.traceId().toHex();
    json.writeStringField("traceId", span.traceId().high() == 0 ? traceId.substring(16) : traceId);
    if (span.parentSpanId().isPresent()) {
      json.writeStringField("parentId", span.parentSpanId().get().toHex());
    }
    json.writeStringField("id", span.spanId().toHex());
    String kind = kind(span.kind());
    if (kind != null) {
      json.writeStringField("kind", kind);
    }
    if (!span.name().isEmpty()) {
      json.writeStringField("name", span.name());
    }
    json.writeNumberField("timestamp", span.startNanos() / 1000);
    json.writeNumberField("duration", span.durationNanos() / 1000);
    Map<String, AttributeValue> attributes = span.attributes().asMap();
    json.writeObjectFieldStart("localEndpoint");
    json.writeStringField("serviceName", span.serviceName());
    endpointAddress(
        json, attributes, ZipkinJsonDecoder.LOCAL_ADDRESS, ZipkinJsonDecoder.LOCAL_PORT);
    json.writeEndObject();
    if (attributes.containsKey(ZipkinJsonDecoder.PEER_SERVICE)
        || attributes.containsKey(ZipkinJsonDecoder.PEER_ADDRESS)) {
      json.writeObjectFieldStart("remoteEndpoint");
      AttributeValue peer = attributes.get(ZipkinJsonDecoder.PEER_SERVICE);
      if (peer != null) {
        json.writeStringField("serviceName", peer.asText());
      }
      endpointAddress(
          json, attributes, ZipkinJsonDecoder.PEER_ADDRESS, ZipkinJsonDecoder.PEER_PORT);
      json.writeEndObject();
    }
    if (!span.events().isEmpty()) {
      json.writeArrayFieldStart("annotations");
      for (Event event : span.events()) {
        json.writeStartObject();
        json.writeNumberField("timestamp", event.timeNanos() / 1000);
        json.writeStringField("value", event.name());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeObjectFieldStart("tags");
    for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
      if (!MAPPED.contains(entry.getKey())) {
        json.writeStringField(entry.getKey(), entry.getValue().asText());
      }
    }
    if (!span.scope().name().isEmpty()) {
      json.writeStringField(ZipkinJsonDecoder.SCOPE_NAME, span.scope().name());
    }
    if (!span.scope().version().isEmpty()) {
      json.writeStringField(ZipkinJsonDecoder.SCOPE_VERSION, span.scope().version());
    }
    if (span.status().code() == StatusCode.ERROR) {
      // Zipkin's convention: the error tag holds the message, or "true" when there is none.
      String message = span.status().message();
      json.writeStringField("error", message.isEmpty() ? "true" : message);
    } else if (span.status().code() == StatusCode.OK) {
      json.writeStringField(ZipkinJsonDecoder.STATUS_CODE, "OK");
    }
    json.writeEndObject();
    if (isTrue(attributes.get(ZipkinJsonDecoder.DEBUG))) {
      json.writeBooleanField("debug", true);
    }
    if (isTrue(attributes.get(ZipkinJsonDecoder.SHARED))) {
      json.writeBooleanField("shared", true);
    }
    json.writeEndObject();
  }

  private static void endpointAddress(
      JsonGenerator json, Map<String, AttributeValue> attributes, String address, String port)
      throws IOException {
    AttributeValue ip = attributes.get(address);
    if (ip != null) {
      json.writeStringField(ip.asText().contains(":") ? "ipv6" : "ipv4", ip.asText());
    }
    if (attributes.get(port) instanceof AttributeValue.LongValue number) {
      json.writeNumberField("port", number.value());
    }
  }

  private static boolean isTrue(AttributeValue value) {
    return value instanceof AttributeValue.BoolValue bool && bool.value();
  }

  private static String kind(SpanKind kind) {
    return switch (kind) {
      case CLIENT -> "CLIENT";
      case SERVER -> "SERVER";
      case PRODUCER -> "PRODUCER";
      case CONSUMER -> "CONSUMER";
      default -> null;
    };
  }
}
