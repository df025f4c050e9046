package dev.hopscope.otlp;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.Link;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.internal.BigEndian;
import org.jspecify.annotations.Nullable;

/**
 * Reads one {@code Span} message into an open {@link SpanBatch} row, validates it and commits or
 * discards the row. Scalar fields are written to the row as they arrive (last one wins, as in
 * protobuf); ids are kept as offsets into the body until the end, when they are checked.
 */
final class ProtobufSpanReader {
  private static final long SPAN_FIELDS = 0x1FFFEL;
  private static final String[] SPAN_NAMES = {
    "",
    "trace_id",
    "span_id",
    "trace_state",
    "parent_span_id",
    "name",
    "kind",
    "start_time_unix_nano",
    "end_time_unix_nano",
    "attributes",
    "dropped_attributes_count",
    "events",
    "dropped_events_count",
    "links",
    "dropped_links_count",
    "status",
    "flags"
  };
  private static final long EVENT_FIELDS = 0b11110;
  private static final String[] EVENT_NAMES = {
    "", "time_unix_nano", "name", "attributes", "dropped_attributes_count"
  };
  private static final long LINK_FIELDS = 0b1111110;
  private static final String[] LINK_NAMES = {
    "", "trace_id", "span_id", "trace_state", "attributes", "dropped_attributes_count", "flags"
  };
  private static final long STATUS_FIELDS = 0b1100;
  private static final String[] STATUS_NAMES = {"", "", "message", "code"};
  private static final String[] EVENT_PATHS = paths("events");
  private static final String[] LINK_PATHS = paths("links");

  private final ProtoReader in;
  private final ProtobufAttributeReader attributes;
  private final Problem problem;
  private final IngestLimits limits;
  private final SpanBatch.Builder batch;

  ProtobufSpanReader(
      ProtoReader in,
      ProtobufAttributeReader attributes,
      Problem problem,
      IngestLimits limits,
      SpanBatch.Builder batch) {
    this.in = in;
    this.attributes = attributes;
    this.problem = problem;
    this.limits = limits;
    this.batch = batch;
  }

  /** Reads the span ending at {@code end}; false (with {@link #problem} set) if it was dropped. */
  boolean span(int end, int resourceIndex, int scopeIndex) {
    problem.reset();
    batch.beginSpan(resourceIndex, scopeIndex);
    byte[] buf = in.buf;
    int traceIdAt = 0;
    int traceIdLength = 0;
    int spanIdAt = 0;
    int spanIdLength = 0;
    int parentAt = 0;
    int parentLength = 0;
    long start = 0;
    long finish = 0;
    int kind = 0;
    int statusCode = 0;
    String statusMessage = "";
    int attributeCount = 0;
    int eventCount = 0;
    int linkCount = 0;
    int droppedAttributes = 0;
    int droppedEvents = 0;
    int droppedLinks = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      switch (tag) {
        case 1 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          traceIdAt = in.pos;
          traceIdLength = valueEnd - in.pos;
          in.pos = valueEnd;
        }
        case 2 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          spanIdAt = in.pos;
          spanIdLength = valueEnd - in.pos;
          in.pos = valueEnd;
        }
        case 3 << 3 | ProtoReader.LEN ->
            batch.traceState(attributes.string(in.lengthEnd(end), "trace_state"));
        case 4 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          parentAt = in.pos;
          parentLength = valueEnd - in.pos;
          in.pos = valueEnd;
        }
        case 5 << 3 | ProtoReader.LEN -> batch.name(attributes.string(in.lengthEnd(end), "name"));
        case 6 << 3 | ProtoReader.VARINT ->
            kind = (int) in.varint(end); // int32, as protobuf reads enums
        case 7 << 3 | ProtoReader.FIXED64 -> start = in.fixed64(end);
        case 8 << 3 | ProtoReader.FIXED64 -> finish = in.fixed64(end);
        case 9 << 3 | ProtoReader.LEN -> {
          attributes.keyValue(in.lengthEnd(end), "span", 0);
          if (++attributeCount <= limits.maxAttributesPerSpan()) {
            batch.attribute(attributes.key, attributes.value);
          }
        }
        case 10 << 3 | ProtoReader.VARINT -> droppedAttributes = (int) in.varint(end);
        case 11 << 3 | ProtoReader.LEN -> {
          Event event = event(in.lengthEnd(end), eventCount);
          if (++eventCount <= limits.maxEventsPerSpan()) {
            batch.event(event);
          }
        }
        case 12 << 3 | ProtoReader.VARINT -> droppedEvents = (int) in.varint(end);
        case 13 << 3 | ProtoReader.LEN -> {
          Link link = link(in.lengthEnd(end), linkCount);
          if (++linkCount <= limits.maxLinksPerSpan() && link != null) {
            batch.link(link);
          }
        }
        case 14 << 3 | ProtoReader.VARINT -> droppedLinks = (int) in.varint(end);
        case 15 << 3 | ProtoReader.LEN -> {
          // Status is a singular message: a repeated occurrence merges field by field.
          int statusEnd = in.lengthEnd(end);
          while (in.pos < statusEnd) {
            int field = in.tag(statusEnd);
            switch (field) {
              case 2 << 3 | ProtoReader.LEN ->
                  statusMessage = attributes.string(in.lengthEnd(statusEnd), "status.message");
              case 3 << 3 | ProtoReader.VARINT -> statusCode = (int) in.varint(statusEnd);
              default -> in.skip(field, statusEnd, STATUS_FIELDS, STATUS_NAMES, "Status");
            }
          }
        }
        case 16 << 3 | ProtoReader.FIXED32 -> batch.flags(in.fixed32(end));
        default -> in.skip(tag, end, SPAN_FIELDS, SPAN_NAMES, "Span");
      }
    }
    problem.reportCount(
        "", attributeCount, limits.maxAttributesPerSpan(), RejectReason.TOO_MANY_ATTRIBUTES);
    problem.reportCount("", eventCount, limits.maxEventsPerSpan(), RejectReason.TOO_MANY_EVENTS);
    problem.reportCount("", linkCount, limits.maxLinksPerSpan(), RejectReason.TOO_MANY_LINKS);
    checkTraceId(buf, traceIdAt, traceIdLength, "trace_id");
    long spanId = checkSpanId(buf, spanIdAt, spanIdLength, "span_id");
    long parent = 0;
    if (parentLength == SpanId.BYTES) {
      parent = BigEndian.readLong(buf, parentAt);
    } else if (parentLength != 0) {
      problem.report(
          RejectReason.INVALID_PARENT_SPAN_ID,
          "parent_span_id must be empty (root span) or 8 bytes, received "
              + parentLength
              + " ("
              + Ids.preview(buf, parentAt, parentLength)
              + "); send the parent's 8-byte span id, or nothing for a root span");
    }
    problem.reportTimes(start, finish, "start_time_unix_nano", "end_time_unix_nano");
    if (kind < 0 || kind > SpanKind.CONSUMER.number()) {
      problem.report(
          RejectReason.UNKNOWN_ENUM,
          "kind "
              + kind
              + " is not a SpanKind; use 0 (SPAN_KIND_UNSPECIFIED) to 5 (SPAN_KIND_CONSUMER)");
    }
    if (statusCode < 0 || statusCode > StatusCode.ERROR.number()) {
      problem.report(
          RejectReason.UNKNOWN_ENUM,
          "status.code "
              + statusCode
              + " is not a StatusCode; use 0 (STATUS_CODE_UNSET), 1 (STATUS_CODE_OK) or 2"
              + " (STATUS_CODE_ERROR)");
    }
    if (problem.found()) {
      batch.discardSpan();
      return false;
    }
    batch
        .traceId(BigEndian.readLong(buf, traceIdAt), BigEndian.readLong(buf, traceIdAt + 8))
        .spanId(spanId)
        .parentSpanId(parent)
        .kind(SpanKind.fromNumber(kind))
        .startNanos(start)
        .endNanos(finish)
        .status(StatusCode.fromNumber(statusCode), statusMessage)
        .droppedCounts(droppedAttributes, droppedEvents, droppedLinks)
        .commitSpan();
    return true;
  }

  private Event event(int end, int index) {
    String where = where("events", index);
    long time = 0;
    String name = "";
    Attributes.Builder eventAttributes = Attributes.builder();
    int count = 0;
    int dropped = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      switch (tag) {
        case 1 << 3 | ProtoReader.FIXED64 -> time = in.fixed64(end);
        case 2 << 3 | ProtoReader.LEN ->
            name = attributes.string(in.lengthEnd(end), where, ".name", "");
        case 3 << 3 | ProtoReader.LEN -> {
          attributes.keyValueInto(in.lengthEnd(end), where, eventAttributes);
          count++;
        }
        case 4 << 3 | ProtoReader.VARINT -> dropped = (int) in.varint(end);
        default -> in.skip(tag, end, EVENT_FIELDS, EVENT_NAMES, "Span.Event");
      }
    }
    problem.reportCount(
        where, count, limits.maxAttributesPerSpan(), RejectReason.TOO_MANY_ATTRIBUTES);
    return new Event(time, name, eventAttributes.build(), dropped);
  }

  /** The link, or null if its ids are invalid (then {@link #problem} says why). */
  private @Nullable Link link(int end, int index) {
    String where = where("links", index);
    byte[] buf = in.buf;
    int traceIdAt = 0;
    int traceIdLength = 0;
    int spanIdAt = 0;
    int spanIdLength = 0;
    String traceState = "";
    Attributes.Builder linkAttributes = Attributes.builder();
    int count = 0;
    int dropped = 0;
    int flags = 0;
    while (in.pos < end) {
      int tag = in.tag(end);
      switch (tag) {
        case 1 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          traceIdAt = in.pos;
          traceIdLength = valueEnd - in.pos;
          in.pos = valueEnd;
        }
        case 2 << 3 | ProtoReader.LEN -> {
          int valueEnd = in.lengthEnd(end);
          spanIdAt = in.pos;
          spanIdLength = valueEnd - in.pos;
          in.pos = valueEnd;
        }
        case 3 << 3 | ProtoReader.LEN ->
            traceState = attributes.string(in.lengthEnd(end), where, ".trace_state", "");
        case 4 << 3 | ProtoReader.LEN -> {
          attributes.keyValueInto(in.lengthEnd(end), where, linkAttributes);
          count++;
        }
        case 5 << 3 | ProtoReader.VARINT -> dropped = (int) in.varint(end);
        case 6 << 3 | ProtoReader.FIXED32 -> flags = in.fixed32(end);
        default -> in.skip(tag, end, LINK_FIELDS, LINK_NAMES, "Span.Link");
      }
    }
    problem.reportCount(
        where, count, limits.maxAttributesPerSpan(), RejectReason.TOO_MANY_ATTRIBUTES);
    boolean valid =
        checkLinkId(traceIdLength, TraceId.BYTES, traceIdAt, where, ".trace_id")
            & checkLinkId(spanIdLength, SpanId.BYTES, spanIdAt, where, ".span_id");
    if (!valid) {
      return null;
    }
    TraceId traceId =
        new TraceId(BigEndian.readLong(buf, traceIdAt), BigEndian.readLong(buf, traceIdAt + 8));
    return new Link(
        traceId,
        new SpanId(BigEndian.readLong(buf, spanIdAt)),
        traceState,
        linkAttributes.build(),
        flags,
        dropped);
  }

  private boolean checkLinkId(int length, int expected, int at, String where, String field) {
    if (length == expected && !allZero(in.buf, at, length)) {
      return true;
    }
    problem.report(
        RejectReason.INVALID_LINK,
        where
            + field
            + " must be "
            + expected
            + " non-zero bytes, received "
            + length
            + " ("
            + Ids.preview(in.buf, at, length)
            + "); send the linked span's ids, or no link");
    return false;
  }

  private void checkTraceId(byte[] buf, int at, int length, String field) {
    if (length != TraceId.BYTES) {
      problem.report(
          RejectReason.INVALID_TRACE_ID,
          field
              + " must be 16 bytes, received "
              + length
              + " ("
              + Ids.preview(buf, at, length)
              + "); send a 128-bit trace id (pad a 64-bit id with 8 leading zero bytes)");
    } else if (allZero(buf, at, length)) {
      problem.report(
          RejectReason.INVALID_TRACE_ID,
          field + " is all zeros, which W3C trace context forbids; send a random 128-bit trace id");
    }
  }

  private long checkSpanId(byte[] buf, int at, int length, String field) {
    if (length != SpanId.BYTES) {
      problem.report(
          RejectReason.INVALID_SPAN_ID,
          field
              + " must be 8 bytes, received "
              + length
              + " ("
              + Ids.preview(buf, at, length)
              + "); send a random 64-bit span id");
      return 0;
    }
    long value = BigEndian.readLong(buf, at);
    if (value == 0) {
      problem.report(
          RejectReason.INVALID_SPAN_ID,
          field + " is all zeros, which W3C trace context forbids; send a random 64-bit span id");
    }
    return value;
  }

  /** "events[3]", built once per index: event and link parsing runs for every span. */
  private static String where(String list, int index) {
    String[] cached = list.equals("events") ? EVENT_PATHS : LINK_PATHS;
    return index < cached.length ? cached[index] : list + "[" + index + "]";
  }

  private static String[] paths(String list) {
    String[] out = new String[128];
    for (int i = 0; i < out.length; i++) {
      out[i] = list + "[" + i + "]";
    }
    return out;
  }

  private static boolean allZero(byte[] buf, int at, int length) {
    for (int i = at; i < at + length; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
