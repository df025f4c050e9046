package dev.hopscope.cluster.remote;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchCursor;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.codec.AttributeCodec;
import dev.hopscope.store.embedded.internal.codec.ByteSink;
import dev.hopscope.store.embedded.internal.codec.ByteSource;
import dev.hopscope.store.embedded.internal.codec.MalformedDataException;
import dev.hopscope.store.embedded.internal.codec.Tables;
import dev.hopscope.store.embedded.internal.wal.WalRecordCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The binary encoding of the live stores' internal read API (querier to live store). Every message
 * starts with a version; traces travel as one batch in the engine's column encoding (the WAL record
 * payload, the same bytes Kafka carries) and hint values in the block's attribute encoding, so
 * nothing a span or a hint holds is lost or rounded on the way. Enum values travel by name, so a
 * reordered enum on one side is an error, not a different meaning.
 */
public final class StoreWire {
  /** Bumped when any message changes; a mismatch is refused with both versions named. */
  public static final int VERSION = 1;

  private static final int SERVICE_NAME = 1;
  private static final int SPAN_NAME = 2;
  private static final int STATUS = 3;
  private static final int MIN_DURATION = 4;
  private static final int MAX_DURATION = 5;
  private static final int ATTRIBUTE_EQUALS = 6;

  private StoreWire() {}

  /** Starts a request: the version, then the tenant it reads (always explicit, never a default). */
  public static ByteSink request(String tenant) {
    return new ByteSink(256).writeVarInt(VERSION).writeString(tenant);
  }

  /** Reads a request's version and returns its tenant. */
  public static String readRequest(ByteSource in) {
    readVersion(in, "request");
    return in.readString();
  }

  /** Starts a reply. */
  public static ByteSink reply() {
    return new ByteSink(256).writeVarInt(VERSION);
  }

  public static ByteSource readReply(byte[] body) {
    ByteSource in = new ByteSource(body);
    readVersion(in, "reply");
    return in;
  }

  private static void readVersion(ByteSource in, String what) {
    int version = in.readVarInt();
    if (version != VERSION) {
      throw new MalformedDataException(
          "store read "
              + what
              + " has wire version "
              + version
              + ", this Hopscope speaks "
              + VERSION
              + "; run the same Hopscope version on queriers and live stores");
    }
  }

  public static void writeTraceId(ByteSink out, TraceId id) {
    out.writeLong(id.high()).writeLong(id.low());
  }

  public static TraceId readTraceId(ByteSource in) {
    return new TraceId(in.readLong(), in.readLong());
  }

  public static void writeRange(ByteSink out, TimeRange range) {
    out.writeLong(range.startNanos()).writeLong(range.endNanos());
  }

  public static TimeRange readRange(ByteSource in) {
    return new TimeRange(in.readLong(), in.readLong());
  }

  public static void writeSearch(ByteSink out, SearchRequest request) {
    writeRange(out, request.range());
    out.writeString(request.order().name());
    if (request.after().isPresent()) {
      out.writeByte(1).writeLong(request.after().get().sortKey());
      writeTraceId(out, request.after().get().traceId());
    } else {
      out.writeByte(0);
    }
    // Trace hints stay home: a live store of the release before them would refuse the tag, and
    // hints only save work, so a rolling upgrade keeps answering.
    List<SearchHint> spanHints =
        request.hints().stream().filter(h -> !(h instanceof SearchHint.MinTraceDuration)).toList();
    out.writeVarInt(spanHints.size());
    for (SearchHint hint : spanHints) {
      writeHint(out, hint);
    }
  }

  public static SearchRequest readSearch(ByteSource in) {
    TimeRange range = readRange(in);
    SearchOrder order = SearchOrder.valueOf(in.readString());
    Optional<SearchCursor> after =
        in.readByte() == 1
            ? Optional.of(new SearchCursor(in.readLong(), readTraceId(in)))
            : Optional.empty();
    int count = in.readCount();
    List<SearchHint> hints = new ArrayList<>(Math.min(count, 64));
    for (int i = 0; i < count; i++) {
      hints.add(readHint(in));
    }
    return new SearchRequest(range, hints, order, after);
  }

  private static void writeHint(ByteSink out, SearchHint hint) {
    switch (hint) {
      case SearchHint.ServiceName service ->
          out.writeByte(SERVICE_NAME).writeString(service.name());
      case SearchHint.SpanName name -> out.writeByte(SPAN_NAME).writeString(name.name());
      case SearchHint.Status status -> out.writeByte(STATUS).writeString(status.code().name());
      case SearchHint.MinSpanDuration min -> out.writeByte(MIN_DURATION).writeLong(min.nanos());
      case SearchHint.MaxSpanDuration max -> out.writeByte(MAX_DURATION).writeLong(max.nanos());
      case SearchHint.AttributeEquals equals -> {
        out.writeByte(ATTRIBUTE_EQUALS).writeString(equals.scope().name());
        out.writeString(equals.key());
        // The value in the block's own attribute encoding, with its own small dictionary.
        Tables tables = new Tables();
        ByteSink value = new ByteSink(32);
        AttributeCodec.writeValue(equals.value(), tables, value);
        tables.writeTo(out);
        out.writeLengthPrefixed(value.toByteArray());
      }
      case SearchHint.MinTraceDuration trace ->
          throw new IllegalArgumentException("trace hints are not sent: " + trace);
    }
  }

  private static SearchHint readHint(ByteSource in) {
    int tag = in.readByte();
    return switch (tag) {
      case SERVICE_NAME -> new SearchHint.ServiceName(in.readString());
      case SPAN_NAME -> new SearchHint.SpanName(in.readString());
      case STATUS -> new SearchHint.Status(StatusCode.valueOf(in.readString()));
      case MIN_DURATION -> new SearchHint.MinSpanDuration(in.readLong());
      case MAX_DURATION -> new SearchHint.MaxSpanDuration(in.readLong());
      case ATTRIBUTE_EQUALS -> {
        SearchHint.Scope scope = SearchHint.Scope.valueOf(in.readString());
        String key = in.readString();
        Tables tables = Tables.readFrom(in);
        ByteSource value = new ByteSource(in.readLengthPrefixed());
        yield new SearchHint.AttributeEquals(scope, key, AttributeCodec.readValue(tables, value));
      }
      default -> throw new MalformedDataException("unknown search hint tag " + tag);
    };
  }

  public static void writeStrings(ByteSink out, List<String> values) {
    out.writeVarInt(values.size());
    values.forEach(out::writeString);
  }

  public static List<String> readStrings(ByteSource in) {
    int count = in.readCount();
    List<String> values = new ArrayList<>(Math.min(count, 4096));
    for (int i = 0; i < count; i++) {
      values.add(in.readString());
    }
    return values;
  }

  /**
   * Traces in the order given: each one's id and span count, then all their spans as one batch in
   * the engine's column encoding (one dictionary for the whole page).
   */
  public static void writeTraces(ByteSink out, List<Trace> traces) {
    out.writeVarInt(traces.size());
    List<Span> spans = new ArrayList<>();
    for (Trace trace : traces) {
      writeTraceId(out, trace.traceId());
      out.writeVarInt(trace.spans().size());
      spans.addAll(trace.spans());
    }
    out.writeLengthPrefixed(WalRecordCodec.encode(SpanBatch.of(spans)));
  }

  public static List<Trace> readTraces(ByteSource in) {
    int count = in.readCount();
    // Each trace takes at least 17 bytes (id and count): a flipped bit cannot ask for gigabytes.
    if (count > in.remaining() / 17) {
      throw new MalformedDataException(count + " traces announced in " + in.remaining() + " bytes");
    }
    List<TraceId> ids = new ArrayList<>(count);
    int[] sizes = new int[count];
    long total = 0;
    for (int i = 0; i < count; i++) {
      ids.add(readTraceId(in));
      sizes[i] = in.readCount();
      total += sizes[i];
    }
    List<Span> spans = WalRecordCodec.decode(in.readLengthPrefixed()).toSpans();
    if (spans.size() != total) {
      throw new MalformedDataException(
          "trace page announces " + total + " spans but carries " + spans.size());
    }
    List<Trace> traces = new ArrayList<>(count);
    int from = 0;
    for (int i = 0; i < count; i++) {
      traces.add(new Trace(ids.get(i), spans.subList(from, from + sizes[i])));
      from += sizes[i];
    }
    return traces;
  }
}
