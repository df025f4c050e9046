package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Decodes a Zipkin v2 JSON span list ({@code POST /api/v2/spans}) into OpenTelemetry semantics; the
 * mapping table is in RATIONALE.md and mirrors the OpenTelemetry Collector's Zipkin receiver.
 */
public final class ZipkinJsonDecoder {
  static final String FORMAT = "Zipkin v2 JSON (an array of span objects)";
  static final String SHARED = "zipkin.shared";
  static final String DEBUG = "zipkin.debug";
  static final String PEER_ADDRESS = "network.peer.address";
  static final String PEER_PORT = "network.peer.port";
  static final String PEER_SERVICE = "peer.service";
  static final String LOCAL_ADDRESS = "network.local.address";
  static final String LOCAL_PORT = "network.local.port";
  static final String SCOPE_NAME = "otel.scope.name";
  static final String SCOPE_VERSION = "otel.scope.version";
  static final String STATUS_CODE = "otel.status_code";
  static final String STATUS_DESCRIPTION = "otel.status_description";

  /** Microseconds whose nanosecond value still fits a long (year 2262). */
  private static final long MAX_MICROS = Long.MAX_VALUE / 1000;

  private ZipkinJsonDecoder() {}

  /**
   * @throws MalformedRequestException if the body is not a Zipkin v2 JSON list or breaks a
   *     request-wide limit
   */
  public static DecodeResult decode(byte[] body, IngestLimits limits) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(limits, "limits");
    Decompression.checkDecompressedSize(body.length, limits.maxDecompressedBytes());
    try (JsonParser parser = JsonReader.FACTORY.createParser(body)) {
      JsonReader in = new JsonReader(parser, FORMAT);
      Rejections rejections = new Rejections();
      SpanBatch.Builder batch = SpanBatch.builder();
      in.next();
      if (in.array("the request")) {
        int index = 0;
        while (in.nextElement()) {
          if (index >= limits.maxSpansPerRequest()) {
            throw new MalformedRequestException(
                RejectReason.TOO_MANY_SPANS,
                "request holds more than "
                    + limits.maxSpansPerRequest()
                    + " spans (limits.maxSpansPerRequest); send smaller batches (zipkin-reporter:"
                    + " messageMaxBytes) or raise the limit");
          }
          span(in, "[" + index++ + "]", batch, rejections, limits);
        }
      }
      if (parser.nextToken() != null) {
        throw in.malformed("content after the span list", "send one JSON array per body");
      }
      return rejections.result(batch.build());
    } catch (JsonProcessingException e) {
      throw JsonReader.notJson(e, FORMAT);
    } catch (java.io.CharConversionException e) {
      throw JsonReader.notText(e, FORMAT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void span(
      JsonReader in,
      String path,
      SpanBatch.Builder batch,
      Rejections rejections,
      IngestLimits limits)
      throws IOException {
    SpanDraft span = new SpanDraft();
    span.kind = -1;
    Attributes.Builder resource = Attributes.builder();
    String scopeName = "";
    String scopeVersion = "";
    long timestamp = -1;
    long duration = 0;
    String error = null;
    String statusCode = null;
    String statusDescription = "";
    if (!in.object(path)) {
      throw in.typeError(path, "a span object");
    }
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      String at = path + "." + field;
      switch (field) {
        case "traceId" -> span.traceId(in.string(at), "traceId", true);
        case "id" -> span.spanId(in.string(at), "id", true);
        case "parentId" -> span.parentSpanId(in.string(at), "parentId", true);
        case "name" -> span.name = in.string(at);
        case "kind" -> span.kind = kind(in.string(at), span);
        case "timestamp" -> timestamp = in.int64(at, false);
        case "duration" -> duration = in.int64(at, false);
        case "debug" -> {
          if (in.bool(at)) {
            span.attribute(DEBUG, AttributeValue.of(true));
          }
        }
        case "shared" -> {
          if (in.bool(at)) {
            span.attribute(SHARED, AttributeValue.of(true));
          }
        }
        case "localEndpoint" -> endpoint(in, at, span, resource, true);
        case "remoteEndpoint" -> endpoint(in, at, span, resource, false);
        case "annotations" -> annotations(in, at, span, limits);
        case "tags" -> {
          if (in.object(at)) {
            for (String key = in.nextKey(); key != null; key = in.nextKey()) {
              String value = in.string(at + "." + key);
              switch (key) {
                case "error" -> error = value;
                case SCOPE_NAME, "otel.library.name" -> scopeName = value;
                case SCOPE_VERSION, "otel.library.version" -> scopeVersion = value;
                case STATUS_CODE -> statusCode = value;
                case STATUS_DESCRIPTION -> statusDescription = value;
                default -> {
                  checkLength(value, key, span, limits);
                  span.attribute(key, AttributeValue.of(value));
                }
              }
            }
          }
        }
        default -> in.skip();
      }
    }
    if (span.kind < 0) {
      span.kind = SpanKind.INTERNAL.number();
    }
    // Zipkin reads a zero timestamp as absent, like a missing one.
    if (timestamp <= 0 || timestamp > MAX_MICROS) {
      span.problem.report(
          RejectReason.MISSING_TIMESTAMP,
          "timestamp is missing or out of range; send the span's start in epoch microseconds");
    } else if (duration < 0 || duration > MAX_MICROS - timestamp) {
      span.problem.report(
          RejectReason.END_BEFORE_START,
          "duration "
              + duration
              + " is negative or out of range; send the span's duration in microseconds");
    } else {
      span.startNanos = timestamp * 1000L;
      span.endNanos = span.startNanos + duration * 1000L;
    }
    if (error != null) {
      span.statusCode = StatusCode.ERROR.number();
      span.statusMessage = error.equals("true") || error.isEmpty() ? statusDescription : error;
    } else if ("ERROR".equals(statusCode)) {
      span.statusCode = StatusCode.ERROR.number();
      span.statusMessage = statusDescription;
    } else if ("OK".equals(statusCode)) {
      span.statusCode = StatusCode.OK.number();
    }
    int resourceIndex = batch.resourceIndex(Resource.of(resource.build()));
    int scopeIndex = batch.scopeIndex(InstrumentationScope.of(scopeName, scopeVersion));
    if (!span.appendTo(batch, resourceIndex, scopeIndex, limits)) {
      String service = Resource.of(resource.build()).serviceName();
      rejections.reject(
          span.problem.reason(),
          "span" + path + " (service " + Ids.quote(service) + "): " + span.problem.detail());
    }
  }

  private static int kind(String text, SpanDraft span) {
    return switch (text) {
      case "CLIENT" -> SpanKind.CLIENT.number();
      case "SERVER" -> SpanKind.SERVER.number();
      case "PRODUCER" -> SpanKind.PRODUCER.number();
      case "CONSUMER" -> SpanKind.CONSUMER.number();
      case "" -> -1;
      default -> {
        span.problem.report(
            RejectReason.UNKNOWN_ENUM,
            "kind "
                + Ids.quote(text)
                + " is not a Zipkin span kind; use CLIENT, SERVER, PRODUCER, CONSUMER or omit it");
        yield -1;
      }
    };
  }

  private static void endpoint(
      JsonReader in, String path, SpanDraft span, Attributes.Builder resource, boolean local)
      throws IOException {
    if (!in.object(path)) {
      return;
    }
    String ipv4 = "";
    String ipv6 = "";
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      String at = path + "." + field;
      switch (field) {
        case "serviceName" -> {
          String service = in.string(at);
          if (!service.isEmpty()) {
            if (local) {
              resource.put(Resource.SERVICE_NAME, service);
            } else {
              span.attribute(PEER_SERVICE, AttributeValue.of(service));
            }
          }
        }
        case "ipv4" -> ipv4 = in.string(at);
        case "ipv6" -> ipv6 = in.string(at);
        case "port" -> {
          long port = in.int64(at, false);
          if (port > 0) {
            span.attribute(local ? LOCAL_PORT : PEER_PORT, AttributeValue.of(port));
          }
        }
        default -> in.skip();
      }
    }
    // Zipkin endpoints may carry both; OTel has one address attribute, and IPv4 is the one
    // Zipkin's own UI shows first.
    String address = !ipv4.isEmpty() ? ipv4 : ipv6;
    if (!address.isEmpty()) {
      span.attribute(local ? LOCAL_ADDRESS : PEER_ADDRESS, AttributeValue.of(address));
    }
  }

  private static void annotations(JsonReader in, String path, SpanDraft span, IngestLimits limits)
      throws IOException {
    if (!in.array(path)) {
      return;
    }
    while (in.nextElement()) {
      String at = path + "[" + span.eventCount + "]";
      long timestamp = 0;
      String value = "";
      if (in.object(at)) {
        for (String field = in.nextField(); field != null; field = in.nextField()) {
          switch (field) {
            case "timestamp" -> timestamp = in.int64(at + ".timestamp", false);
            case "value" -> value = in.string(at + ".value");
            default -> in.skip();
          }
        }
      }
      if (++span.eventCount <= limits.maxEventsPerSpan()) {
        if (timestamp < 0 || timestamp > MAX_MICROS) {
          span.problem.report(
              RejectReason.MISSING_TIMESTAMP,
              at + ".timestamp " + timestamp + " is out of range; send epoch microseconds");
          timestamp = 0;
        }
        span.events.add(Event.of(timestamp * 1000L, value));
      }
    }
  }

  private static void checkLength(String value, String key, SpanDraft span, IngestLimits limits) {
    int length = Utf8.length(value);
    if (length > limits.maxAttributeValueLength()) {
      span.problem.report(
          RejectReason.ATTRIBUTE_VALUE_TOO_LONG,
          "tag "
              + Ids.quote(key)
              + " is "
              + length
              + " bytes, over the limit of "
              + limits.maxAttributeValueLength()
              + " (limits.maxAttributeValueLength); shorten the tag or raise the limit");
    }
  }
}
