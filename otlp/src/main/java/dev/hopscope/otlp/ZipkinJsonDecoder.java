package dev.hopscope.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes a Zipkin v2 JSON span list ({@code POST /api/v2/spans}) into OpenTelemetry semantics; the
 * mapping table is in RATIONALE.md and mirrors the OpenTelemetry Collector's Zipkin receiver, and
 * {@link ZipkinFields} says how tags and endpoint fields share attribute names without loss.
 *
 * <p>Like the OTLP decoders this one drops invalid spans and reports them; the Zipkin receiver
 * turns any rejection into a 400 for the whole request, because Zipkin v2 has no partial success.
 */
public final class ZipkinJsonDecoder {
  static final String FORMAT = "Zipkin v2 JSON (an array of span objects)";

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
    DecodeResult fast = ZipkinJsonFastPath.decode(body, limits);
    return fast != null ? fast : decodeGeneral(body, limits);
  }

  /**
   * The general reader, through Jackson: every JSON spelling Zipkin v2 allows, and every message.
   * {@link ZipkinJsonFastPath} hands it every body that is not plain valid spans; on the others the
   * two give the same result ({@code ZipkinFastPathTest}).
   */
  static DecodeResult decodeGeneral(byte[] body, IngestLimits limits) {
    try (JsonParser parser = JsonReader.FACTORY.createParser(body)) {
      JsonReader in = new JsonReader(parser, FORMAT);
      Rejections rejections = new Rejections();
      SpanBatch.Builder batch = SpanBatch.builder();
      ZipkinIndexes indexes = new ZipkinIndexes(batch);
      in.next();
      if (in.array("the request")) {
        int index = 0;
        while (in.nextElement()) {
          if (index >= limits.maxSpansPerRequest()) {
            throw limits.tooManySpans(IngestLimits.ZIPKIN_SMALLER_BATCHES);
          }
          new SpanReader(in, index++, limits).read(batch, indexes, rejections);
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

  /**
   * The answer to a Zipkin request with invalid spans, naming them and why. Zipkin v2 has no
   * partial success: Zipkin's collector refuses the whole list when one span is invalid, and
   * reporters only log a 400's body, so nothing of such a request is stored.
   */
  public static String refusal(DecodeResult result) {
    int total = result.rejectedSpans() + result.accepted().size();
    return result.rejectedSpans()
        + " of "
        + total
        + (total == 1 ? " span is" : " spans are")
        + " invalid, so nothing of this request was stored (Zipkin v2 has no partial success;"
        + " fix or leave out the invalid spans and send the batch again): "
        + result.rejectionDetails();
  }

  /** One span object: its fields come in any order, so it is validated once it closes. */
  private static final class SpanReader {
    private final JsonReader in;
    private final String path;
    private final ZipkinPath at;
    private final IngestLimits limits;
    private final SpanDraft span = new SpanDraft();
    private String serviceName = "";
    private final Map<String, String> statusTags = new LinkedHashMap<>();
    private final Map<String, String> scopeTags = new LinkedHashMap<>();
    private String spanIdHex = "";
    private String parentIdHex = "";
    private long timestamp = -1;
    private long duration;

    SpanReader(JsonReader in, int index, IngestLimits limits) {
      this.in = in;
      this.path = "[" + index + "]";
      this.at = new ZipkinPath(index);
      this.limits = limits;
    }

    void read(SpanBatch.Builder batch, ZipkinIndexes indexes, Rejections rejections)
        throws IOException {
      if (!in.object(path)) {
        throw in.typeError(path, "a span object");
      }
      span.kind = -1;
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        at.field(field);
        switch (field) {
          case "traceId" -> span.traceId(in.string(at), "traceId", true);
          case "id" -> spanIdHex = in.string(at);
          case "parentId" -> parentIdHex = in.string(at);
          case "name" -> span.name = string(at, "name");
          case "kind" -> span.kind = kind(in.string(at));
          case "timestamp" -> timestamp = in.int64(at, false);
          case "duration" -> duration = in.int64(at, false);
          case "debug" -> flag(at, ZipkinFields.DEBUG);
          case "shared" -> flag(at, ZipkinFields.SHARED);
          case "localEndpoint" -> endpoint(at, "localEndpoint", true);
          case "remoteEndpoint" -> endpoint(at, "remoteEndpoint", false);
          case "annotations" -> annotations(at);
          case "tags" -> tags(at);
          default -> in.skip();
        }
      }
      span.spanId(spanIdHex, "id", true);
      span.parentSpanId(parentIdHex, "parentId", true);
      // Zipkin reads a parent equal to the span's own id as no parent ("circular dependency").
      if (span.parentSpanId == span.spanId) {
        span.parentSpanId = 0;
      }
      if (span.kind < 0) {
        span.kind = SpanKind.INTERNAL.number();
      }
      times();
      status();
      InstrumentationScope scope = scope();
      int resourceIndex = indexes.resource(serviceName);
      int scopeIndex = indexes.scope(scope);
      if (!span.appendTo(batch, resourceIndex, scopeIndex, limits)) {
        rejections.reject(
            span.problem.reason(),
            "span"
                + path
                + " (service "
                + MessageText.quote(serviceName.isEmpty() ? Resource.UNKNOWN_SERVICE : serviceName)
                + "): "
                + span.problem.detail());
      }
    }

    /** {@code what}: the value's name for a message, spelled only if the value is too long. */
    private String string(Object where, Object what) throws IOException {
      String text = in.string(where);
      int limit = limits.maxAttributeValueLength();
      if (mayExceed(text, limit)) {
        StringLimit.check(span.problem, what.toString(), text, limit);
      }
      return text;
    }

    /** Stores an attribute under the same length rules as OTLP applies to it. */
    private void put(String key, AttributeValue value, Object what) {
      int limit = limits.maxAttributeValueLength();
      if (mayExceed(key, limit)) {
        StringLimit.check(span.problem, what + " (stored as attribute key)", key, limit);
      }
      if (value instanceof AttributeValue.StringValue text && mayExceed(text.value(), limit)) {
        StringLimit.check(span.problem, what.toString(), text.value(), limit);
      }
      span.attribute(key, value);
    }

    /** A UTF-16 unit is at most 3 UTF-8 bytes: shorter text needs no measuring, nor a name. */
    private static boolean mayExceed(String text, int limit) {
      return (long) text.length() * 3 > limit;
    }

    private void flag(Object at, String key) {
      // false is Zipkin's default and is not written back, so it need not be stored.
      if (in.bool(at)) {
        span.attribute(key, AttributeValue.of(true));
      }
    }

    private int kind(String text) {
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
                  + MessageText.quote(text)
                  + " is not a Zipkin span kind; use CLIENT, SERVER, PRODUCER, CONSUMER or omit"
                  + " it");
          yield -1;
        }
      };
    }

    private void times() {
      // Zipkin reads a zero or negative timestamp as absent, like a missing one.
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
    }

    private void endpoint(ZipkinPath at, String name, boolean local) throws IOException {
      if (!in.object(at)) {
        return;
      }
      String ipv4 = "";
      String ipv6 = "";
      for (String field = in.nextField(); field != null; field = in.nextField()) {
        ZipkinPath fieldAt = this.at.inner(field);
        Object what = fieldAt.relative();
        switch (field) {
          case "serviceName" -> {
            String service = string(fieldAt, what);
            // Zipkin reads an empty service name as absent.
            if (!service.isEmpty()) {
              if (local) {
                serviceName = service;
              } else {
                put(ZipkinFields.PEER_SERVICE, AttributeValue.of(service), what);
              }
            }
          }
          case "ipv4" -> ipv4 = string(fieldAt, what);
          case "ipv6" -> ipv6 = string(fieldAt, what);
          case "port" -> {
            long port = in.int64(fieldAt, false);
            if (port > 0xFFFF) {
              // Zipkin refuses these too ("invalid port").
              span.problem.report(
                  RejectReason.INVALID_ENDPOINT,
                  what + " " + port + " is not a TCP port; send 1 to 65535, or leave it out");
            } else if (port > 0) {
              // Zipkin reads zero and negative ports as absent.
              put(
                  local ? ZipkinFields.LOCAL_PORT : ZipkinFields.PEER_PORT,
                  AttributeValue.of(port),
                  what);
            }
          }
          default -> in.skip();
        }
      }
      // OTel has one address per side; an IPv6 address next to an IPv4 one keeps a key of its own.
      String address = !ipv4.isEmpty() ? ipv4 : ipv6;
      if (!address.isEmpty()) {
        put(
            local ? ZipkinFields.LOCAL_ADDRESS : ZipkinFields.PEER_ADDRESS,
            AttributeValue.of(address),
            name + (!ipv4.isEmpty() ? ".ipv4" : ".ipv6"));
      }
      if (!ipv4.isEmpty() && !ipv6.isEmpty()) {
        put(
            local ? ZipkinFields.LOCAL_IPV6 : ZipkinFields.REMOTE_IPV6,
            AttributeValue.of(ipv6),
            name + ".ipv6");
      }
    }

    private void annotations(Object at) throws IOException {
      if (!in.array(at)) {
        return;
      }
      while (in.nextElement()) {
        String where = "annotations[" + span.eventCount + "]";
        String elementAt = path + "." + where;
        Long time = null;
        String value = null;
        if (in.object(elementAt)) {
          for (String field = in.nextField(); field != null; field = in.nextField()) {
            switch (field) {
              case "timestamp" -> {
                if (in.current() != JsonToken.VALUE_NULL) {
                  time = in.int64(elementAt + ".timestamp", false);
                }
              }
              case "value" -> {
                if (in.current() != JsonToken.VALUE_NULL) {
                  value = string(elementAt + ".value", where + ".value");
                }
              }
              default -> in.skip();
            }
          }
        }
        if (time == null || value == null) {
          // Zipkin refuses these too ("Incomplete annotation").
          span.problem.report(
              RejectReason.INCOMPLETE_ANNOTATION,
              where
                  + " has no "
                  + (time == null ? "timestamp" : "value")
                  + "; send {\"timestamp\": <epoch microseconds>, \"value\": \"<text>\"}");
        } else if (time < 0 || time > MAX_MICROS) {
          span.problem.report(
              RejectReason.MISSING_TIMESTAMP,
              where + ".timestamp " + time + " is out of range; send epoch microseconds");
        } else if (++span.eventCount <= limits.maxEventsPerSpan()) {
          span.events.add(Event.of(time * 1000L, value));
        }
      }
    }

    private void tags(ZipkinPath at) throws IOException {
      if (!in.object(at)) {
        return;
      }
      int limit = limits.maxAttributeValueLength();
      for (String key = in.nextKey(); key != null; key = in.nextKey()) {
        String value = tagValue(at.inner(key));
        Object what = at.tag();
        if (ZipkinFields.STATUS_TAGS.contains(key)) {
          if (mayExceed(value, limit)) {
            StringLimit.check(span.problem, what.toString(), value, limit);
          }
          statusTags.put(key, value);
        } else if (ZipkinFields.SCOPE_TAGS.contains(key)) {
          if (mayExceed(value, limit)) {
            StringLimit.check(span.problem, what.toString(), value, limit);
          }
          scopeTags.put(key, value);
        } else {
          put(ZipkinFields.attributeKey(key), AttributeValue.of(value), what);
        }
      }
    }

    /** A tag value: a string, or a number kept as its text (Zipkin's reader accepts both). */
    private String tagValue(Object at) throws IOException {
      return switch (in.current()) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> in.text();
        case VALUE_NULL -> throw in.typeError(at, "a string (Zipkin refuses null tag values)");
        default -> in.string(at);
      };
    }

    private void status() {
      if (ZipkinFields.applyStatus(span, statusTags)) {
        keepAsSent(statusTags);
      }
    }

    private InstrumentationScope scope() {
      InstrumentationScope scope = ZipkinFields.scope(scopeTags);
      if (ZipkinFields.keepScopeAsSent(scopeTags, scope)) {
        keepAsSent(scopeTags);
      }
      return scope;
    }

    private void keepAsSent(Map<String, String> tags) {
      tags.forEach(
          (key, value) ->
              put(
                  ZipkinFields.TAG_PREFIX + key,
                  AttributeValue.of(value),
                  "tags." + MessageText.quote(key)));
    }
  }
}
