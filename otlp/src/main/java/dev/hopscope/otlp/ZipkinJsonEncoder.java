package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes spans as a Zipkin v2 JSON list, the inverse of {@link ZipkinJsonDecoder}: a span that came
 * in as Zipkin goes out as it was sent (see {@link ZipkinFields}); other spans follow the same
 * mapping, non-string attributes written by {@link AttributeText}. Times are truncated to
 * microseconds, Zipkin's resolution.
 */
public final class ZipkinJsonEncoder {
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
    // A 64-bit trace id (high half zero) goes out as 16 characters, as Zipkin writes it.
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
    // Zipkin reads a zero duration as absent and never writes one.
    long duration = span.durationNanos() / 1000;
    if (duration != 0) {
      json.writeNumberField("duration", duration);
    }
    Map<String, AttributeValue> attributes = span.attributes().asMap();
    Map<String, String> tags = new LinkedHashMap<>();
    AttributeValue service = span.resource().attributes().get(Resource.SERVICE_NAME);
    endpoint(
        json,
        "localEndpoint",
        service == null ? null : AttributeText.of(service),
        attributes,
        ZipkinFields.LOCAL_ADDRESS,
        ZipkinFields.LOCAL_IPV6,
        ZipkinFields.LOCAL_PORT,
        tags);
    AttributeValue peer = attributes.get(ZipkinFields.PEER_SERVICE);
    endpoint(
        json,
        "remoteEndpoint",
        peer == null ? null : AttributeText.of(peer),
        attributes,
        ZipkinFields.PEER_ADDRESS,
        ZipkinFields.REMOTE_IPV6,
        ZipkinFields.PEER_PORT,
        tags);
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
    for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
      String key = entry.getKey();
      if (key.startsWith(ZipkinFields.TAG_PREFIX)) {
        tags.put(
            key.substring(ZipkinFields.TAG_PREFIX.length()), AttributeText.of(entry.getValue()));
      } else if (!ZipkinFields.FIELD_KEYS.contains(key)) {
        tags.put(key, AttributeText.of(entry.getValue()));
      }
    }
    if (!ZipkinFields.keptAsSent(attributes, ZipkinFields.SCOPE_TAGS)) {
      tags.putAll(ZipkinFields.scopeTags(span.scope()));
    }
    if (!ZipkinFields.keptAsSent(attributes, ZipkinFields.STATUS_TAGS)) {
      tags.putAll(ZipkinFields.statusTags(span.status().code().number(), span.status().message()));
    }
    if (!tags.isEmpty()) {
      json.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        json.writeStringField(tag.getKey(), tag.getValue());
      }
      json.writeEndObject();
    }
    if (isTrue(attributes.get(ZipkinFields.DEBUG))) {
      json.writeBooleanField("debug", true);
    }
    if (isTrue(attributes.get(ZipkinFields.SHARED))) {
      json.writeBooleanField("shared", true);
    }
    json.writeEndObject();
  }

  /**
   * Writes one endpoint if it has anything to say. A port that is no TCP port is written as a tag
   * instead, so that nothing is dropped on the way out.
   */
  private static void endpoint(
      JsonGenerator json,
      String field,
      @Nullable String serviceName,
      Map<String, AttributeValue> attributes,
      String addressKey,
      String ipv6Key,
      String portKey,
      Map<String, String> tags)
      throws IOException {
    AttributeValue address = attributes.get(addressKey);
    AttributeValue extraIpv6 = attributes.get(ipv6Key);
    AttributeValue portValue = attributes.get(portKey);
    long port = portValue instanceof AttributeValue.LongValue number ? number.value() : 0;
    if (portValue != null && (port <= 0 || port > 0xFFFF)) {
      tags.put(portKey, AttributeText.of(portValue));
      port = 0;
    }
    boolean hasService = serviceName != null && !serviceName.isEmpty();
    if (!hasService && address == null && extraIpv6 == null && port == 0) {
      return;
    }
    json.writeObjectFieldStart(field);
    if (hasService) {
      json.writeStringField("serviceName", serviceName);
    }
    String ipv4 = null;
    String ipv6 = extraIpv6 == null ? null : AttributeText.of(extraIpv6);
    if (address != null) {
      String text = AttributeText.of(address);
      if (text.contains(":") && ipv6 == null) {
        ipv6 = text;
      } else {
        ipv4 = text;
      }
    }
    if (ipv4 != null) {
      json.writeStringField("ipv4", ipv4);
    }
    if (ipv6 != null) {
      json.writeStringField("ipv6", ipv6);
    }
    if (port != 0) {
      json.writeNumberField("port", port);
    }
    json.writeEndObject();
  }

  private static boolean isTrue(@Nullable AttributeValue value) {
    return value instanceof AttributeValue.BoolValue bool && bool.value();
  }

  private static @Nullable String kind(SpanKind kind) {
    return switch (kind) {
      case CLIENT -> "CLIENT";
      case SERVER -> "SERVER";
      case PRODUCER -> "PRODUCER";
      case CONSUMER -> "CONSUMER";
      default -> null;
    };
  }
}
