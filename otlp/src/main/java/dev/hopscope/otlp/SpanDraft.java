package dev.hopscope.otlp;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.util.ArrayList;
import java.util.List;

/**
 * One span read from JSON, held until its enclosing resource is known (JSON fields come in any
 * order) and then validated into a {@link SpanBatch} row. Shared by the OTLP JSON and Zipkin
 * decoders, so both apply the same rules with the same messages.
 */
final class SpanDraft {
  final Problem problem = new Problem();
  long traceIdHigh;
  long traceIdLow;
  long spanId;
  long parentSpanId;
  String traceState = "";
  String name = "";
  int kind;
  long startNanos;
  long endNanos;
  int statusCode;
  String statusMessage = "";
  int flags;
  int droppedAttributes;
  int droppedEvents;
  int droppedLinks;
  final List<String> keys = new ArrayList<>();
  final List<AttributeValue> values = new ArrayList<>();
  final List<Event> events = new ArrayList<>();
  final List<Link> links = new ArrayList<>();
  int eventCount;
  int linkCount;
  private boolean traceIdSeen;
  private boolean spanIdSeen;

  /** Empties the draft for the next span, so a reader can keep one (and its lists) per request. */
  void clear() {
    problem.reset();
    traceIdHigh = 0;
    traceIdLow = 0;
    spanId = 0;
    parentSpanId = 0;
    traceState = "";
    name = "";
    kind = 0;
    startNanos = 0;
    endNanos = 0;
    statusCode = 0;
    statusMessage = "";
    flags = 0;
    droppedAttributes = 0;
    droppedEvents = 0;
    droppedLinks = 0;
    keys.clear();
    values.clear();
    events.clear();
    links.clear();
    eventCount = 0;
    linkCount = 0;
    traceIdSeen = false;
    spanIdSeen = false;
  }

  /** A trace id already parsed, by a reader that read its hex from the bytes. */
  void traceId(long high, long low) {
    traceIdSeen = true;
    traceIdHigh = high;
    traceIdLow = low;
  }

  /** A span id already parsed, as {@link #traceId(long, long)}. */
  void spanId(long id) {
    spanIdSeen = true;
    spanId = id;
  }

  /** Parses a hex trace id; Zipkin's 64-bit (or shorter) ids are left-padded with zeros. */
  void traceId(String hex, String field, boolean zipkin) {
    if (hex.isEmpty()) {
      return;
    }
    traceIdSeen = true;
    int length = hex.length();
    boolean validLength = zipkin ? length <= 32 : length == 32;
    if (!validLength || !Ids.isHex(hex)) {
      problem.report(
          RejectReason.INVALID_TRACE_ID,
          field
              + " "
              + MessageText.quote(hex)
              + " must be 32 hex characters (16 bytes)"
              + (zipkin ? " or 16 for a 64-bit id" : "")
              + ", received "
              + length
              + " characters"
              + (Ids.isHex(hex) ? "" : " that are not all hex")
              + "; send a 128-bit trace id as lower-case hex"
              + (zipkin ? "" : " (OTLP JSON encodes ids as hex, not base64)"));
      return;
    }
    int split = Math.max(0, length - 16);
    traceIdHigh = split == 0 ? 0 : Ids.parseHex(hex, 0, split);
    traceIdLow = Ids.parseHex(hex, split, length);
  }

  void spanId(String hex, String field, boolean zipkin) {
    if (hex.isEmpty()) {
      return;
    }
    spanIdSeen = true;
    spanId = parseSpanId(hex, field, zipkin, RejectReason.INVALID_SPAN_ID);
  }

  void parentSpanId(String hex, String field, boolean zipkin) {
    if (!hex.isEmpty()) {
      parentSpanId = parseSpanId(hex, field, zipkin, RejectReason.INVALID_PARENT_SPAN_ID);
    }
  }

  private long parseSpanId(String hex, String field, boolean zipkin, RejectReason reason) {
    int length = hex.length();
    if (!(zipkin ? length <= 16 : length == 16) || !Ids.isHex(hex)) {
      problem.report(
          reason,
          field
              + " "
              + MessageText.quote(hex)
              + " must be 16 hex characters (8 bytes), received "
              + length
              + " characters"
              + (Ids.isHex(hex) ? "" : " that are not all hex")
              + "; send a 64-bit span id as lower-case hex");
      return 0;
    }
    return Ids.parseHex(hex, 0, length);
  }

  void attribute(String key, AttributeValue value) {
    keys.add(key);
    values.add(value);
  }

  /** Validates and appends the span; false (with {@link #problem} set) if it was dropped. */
  boolean appendTo(SpanBatch.Builder batch, int resource, int scope, IngestLimits limits) {
    if (problem.found()) {
      return false;
    }
    String idFix = "; send a random non-zero id";
    if (!traceIdSeen || (traceIdHigh == 0 && traceIdLow == 0)) {
      problem.report(
          RejectReason.INVALID_TRACE_ID,
          (traceIdSeen ? "traceId is all zeros" : "traceId is missing") + idFix + " of 16 bytes");
    }
    if (!spanIdSeen || spanId == 0) {
      problem.report(
          RejectReason.INVALID_SPAN_ID,
          (spanIdSeen ? "span id is all zeros" : "span id is missing") + idFix + " of 8 bytes");
    }
    // Absent in JSON means 0, as in protobuf.
    problem.reportTimes(startNanos, endNanos, "startTimeUnixNano", "endTimeUnixNano");
    if (kind < 0 || kind > SpanKind.CONSUMER.number()) {
      problem.report(
          RejectReason.UNKNOWN_ENUM,
          "kind is not a SpanKind; use 0..5 or SPAN_KIND_UNSPECIFIED .. SPAN_KIND_CONSUMER");
    }
    if (statusCode < 0 || statusCode > StatusCode.ERROR.number()) {
      problem.report(
          RejectReason.UNKNOWN_ENUM,
          "status.code is not a StatusCode; use 0, 1, 2 or STATUS_CODE_UNSET, STATUS_CODE_OK,"
              + " STATUS_CODE_ERROR");
    }
    problem.reportCount(
        "", keys.size(), limits.maxAttributesPerSpan(), RejectReason.TOO_MANY_ATTRIBUTES);
    problem.reportCount("", eventCount, limits.maxEventsPerSpan(), RejectReason.TOO_MANY_EVENTS);
    problem.reportCount("", linkCount, limits.maxLinksPerSpan(), RejectReason.TOO_MANY_LINKS);
    if (problem.found()) {
      return false;
    }
    batch
        .beginSpan(resource, scope)
        .traceId(traceIdHigh, traceIdLow)
        .spanId(spanId)
        .parentSpanId(parentSpanId)
        .name(name)
        .kind(SpanKind.fromNumber(kind))
        .startNanos(startNanos)
        .endNanos(endNanos)
        .status(StatusCode.fromNumber(statusCode), statusMessage)
        .flags(flags)
        .droppedCounts(droppedAttributes, droppedEvents, droppedLinks);
    if (!traceState.isEmpty()) {
      // beginSpan opened the row with OTLP's defaults, "" among them; most spans have none.
      batch.traceState(traceState);
    }
    for (int i = 0; i < keys.size(); i++) {
      batch.attribute(keys.get(i), values.get(i));
    }
    events.forEach(batch::event);
    links.forEach(batch::link);
    batch.commitSpan();
    return true;
  }
}
