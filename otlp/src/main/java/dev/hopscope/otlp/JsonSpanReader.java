package dev.hopscope.otlp;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.TraceId;
import java.io.IOException;
import java.util.Map;

/** Reads one OTLP JSON {@code Span} object into a {@link SpanDraft}. */
final class JsonSpanReader {
  static final Map<String, Integer> KINDS =
      Map.of(
          "SPAN_KIND_UNSPECIFIED", 0,
          "SPAN_KIND_INTERNAL", 1,
          "SPAN_KIND_SERVER", 2,
          "SPAN_KIND_CLIENT", 3,
          "SPAN_KIND_PRODUCER", 4,
          "SPAN_KIND_CONSUMER", 5);
  static final Map<String, Integer> STATUS_CODES =
      Map.of("STATUS_CODE_UNSET", 0, "STATUS_CODE_OK", 1, "STATUS_CODE_ERROR", 2);

  private final JsonReader in;
  private final JsonAttributeReader attributes;
  private final IngestLimits limits;

  JsonSpanReader(JsonReader in, JsonAttributeReader attributes, IngestLimits limits) {
    this.in = in;
    this.attributes = attributes;
    this.limits = limits;
  }

  SpanDraft span(String path) throws IOException {
    SpanDraft span = new SpanDraft();
    if (!in.object(path)) {
      return span;
    }
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      String at = path + "." + field;
      switch (field) {
        case "traceId" -> span.traceId(in.string(at), "traceId", false);
        case "spanId" -> span.spanId(in.string(at), "spanId", false);
        case "parentSpanId" -> span.parentSpanId(in.string(at), "parentSpanId", false);
        case "traceState" -> span.traceState = attributes.string(at, "traceState", span.problem);
        case "name" -> span.name = attributes.string(at, "name", span.problem);
        case "kind" -> {
          span.kind = in.enumValue(at, KINDS);
          if (span.kind == Integer.MIN_VALUE) {
            span.problem.report(
                RejectReason.UNKNOWN_ENUM,
                "kind "
                    + MessageText.quote(in.text())
                    + " is not a SpanKind; use 0..5 or SPAN_KIND_*");
          }
        }
        case "startTimeUnixNano" -> span.startNanos = in.int64(at, true);
        case "endTimeUnixNano" -> span.endNanos = in.int64(at, true);
        case "attributes" -> attributes.keyValues(at, span.problem, span::attribute);
        case "droppedAttributesCount" -> span.droppedAttributes = in.uint32(at);
        case "events" -> events(at, span);
        case "droppedEventsCount" -> span.droppedEvents = in.uint32(at);
        case "links" -> links(at, span);
        case "droppedLinksCount" -> span.droppedLinks = in.uint32(at);
        case "status" -> status(at, span);
        case "flags" -> span.flags = in.uint32(at);
        default -> in.skip();
      }
    }
    return span;
  }

  private void status(String path, SpanDraft span) throws IOException {
    if (!in.object(path)) {
      return;
    }
    for (String field = in.nextField(); field != null; field = in.nextField()) {
      switch (field) {
        case "message" ->
            span.statusMessage =
                attributes.string(path + ".message", "status.message", span.problem);
        case "code" -> {
          span.statusCode = in.enumValue(path + ".code", STATUS_CODES);
          if (span.statusCode == Integer.MIN_VALUE) {
            span.problem.report(
                RejectReason.UNKNOWN_ENUM,
                "status.code "
                    + MessageText.quote(in.text())
                    + " is not a StatusCode; use 0, 1, 2 or STATUS_CODE_*");
          }
        }
        default -> in.skip();
      }
    }
  }

  private void events(String path, SpanDraft span) throws IOException {
    if (!in.array(path)) {
      return;
    }
    while (in.nextElement()) {
      String where = "events[" + span.eventCount + "]";
      String at = path + "[" + span.eventCount + "]";
      long time = 0;
      String name = "";
      Attributes eventAttributes = Attributes.empty();
      int[] count = new int[1];
      int dropped = 0;
      if (in.object(at)) {
        for (String field = in.nextField(); field != null; field = in.nextField()) {
          switch (field) {
            case "timeUnixNano" -> time = in.int64(at + ".timeUnixNano", true);
            case "name" -> name = attributes.string(at + ".name", where + ".name", span.problem);
            case "attributes" ->
                eventAttributes = attributes.attributes(at + ".attributes", span.problem, count);
            case "droppedAttributesCount" -> dropped = in.uint32(at + ".droppedAttributesCount");
            default -> in.skip();
          }
        }
      }
      span.problem.reportCount(
          at, count[0], limits.maxAttributesPerSpan(), RejectReason.TOO_MANY_ATTRIBUTES);
      if (++span.eventCount <= limits.maxEventsPerSpan()) {
        span.events.add(new Event(time, name, eventAttributes, dropped));
      }
    }
  }

  private void links(String path, SpanDraft span) throws IOException {
    if (!in.array(path)) {
      return;
    }
    while (in.nextElement()) {
      String where = "links[" + span.linkCount + "]";
      String at = path + "[" + span.linkCount + "]";
      SpanDraft ids = new SpanDraft();
      String traceState = "";
      Attributes linkAttributes = Attributes.empty();
      int[] count = new int[1];
      int dropped = 0;
      int flags = 0;
      if (in.object(at)) {
        for (String field = in.nextField(); field != null; field = in.nextField()) {
          switch (field) {
            case "traceId" -> ids.traceId(in.string(at + ".traceId"), at + ".traceId", false);
            case "spanId" -> ids.spanId(in.string(at + ".spanId"), at + ".spanId", false);
            case "traceState" ->
                traceState =
                    attributes.string(at + ".traceState", where + ".traceState", span.problem);
            case "attributes" ->
                linkAttributes = attributes.attributes(at + ".attributes", span.problem, count);
            case "droppedAttributesCount" -> dropped = in.uint32(at + ".droppedAttributesCount");
            case "flags" -> flags = in.uint32(at + ".flags");
            default -> in.skip();
          }
        }
      }
      span.problem.reportCount(
          at, count[0], limits.maxAttributesPerSpan(), RejectReason.TOO_MANY_ATTRIBUTES);
      span.linkCount++;
      if (ids.problem.found()) {
        span.problem.report(RejectReason.INVALID_LINK, ids.problem.detail());
      } else if ((ids.traceIdHigh == 0 && ids.traceIdLow == 0) || ids.spanId == 0) {
        span.problem.report(
            RejectReason.INVALID_LINK,
            at + " needs a non-zero traceId and spanId; send the linked span's ids, or no link");
      } else if (span.linkCount <= limits.maxLinksPerSpan()) {
        span.links.add(
            new Link(
                new TraceId(ids.traceIdHigh, ids.traceIdLow),
                new SpanId(ids.spanId),
                traceState,
                linkAttributes,
                flags,
                dropped));
      }
    }
  }
}
