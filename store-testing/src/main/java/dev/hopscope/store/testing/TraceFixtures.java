package dev.hopscope.store.testing;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.RandomSpans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Data sets for the conformance suite: seeded, with every field and attribute type present. */
public final class TraceFixtures {
  /** Where {@link RandomSpans} puts its spans: 2023-11-14T22:13:20Z. */
  public static final long T0 = 1_700_000_000_000_000_000L;

  public static final long SECOND = 1_000_000_000L;

  private TraceFixtures() {}

  /** {@code traces} random traces of 1..6 spans each. */
  public static List<Trace> randomTraces(long seed, int traces) {
    RandomSpans random = new RandomSpans(seed);
    Random sizes = new Random(seed);
    List<Trace> out = new ArrayList<>(traces);
    for (int i = 0; i < traces; i++) {
      TraceId id = random.traceId();
      List<Span> spans = new ArrayList<>();
      for (int s = 1 + sizes.nextInt(6); s > 0; s--) {
        spans.add(random.span(id));
      }
      out.add(new Trace(id, spans));
    }
    return out;
  }

  /** Every span of the traces as one batch. */
  public static SpanBatch batchOf(List<Trace> traces) {
    SpanBatch.Builder builder = SpanBatch.builder();
    for (Trace trace : traces) {
      trace.spans().forEach(builder::add);
    }
    return builder.build();
  }

  public static SpanBatch batchOfSpans(List<Span> spans) {
    return SpanBatch.of(spans);
  }

  /** One value of every {@link AttributeValue} type, with the edge cases encoders get wrong. */
  public static Attributes everyAttributeType() {
    Attributes nested =
        Attributes.builder()
            .put("inner.string", "ünïcødé ✓")
            .put("inner.array", new AttributeValue.ArrayValue(List.of()))
            .build();
    return Attributes.builder()
        .put("string", "GET /products?id=42")
        .put("string.empty", "")
        .put("bool.true", true)
        .put("bool.false", false)
        .put("long.min", Long.MIN_VALUE)
        .put("long.max", Long.MAX_VALUE)
        .put("long.zero", 0L)
        .put("double.nan", Double.NaN)
        .put("double.negative.zero", -0.0)
        .put("double.infinity", Double.NEGATIVE_INFINITY)
        .put("double.tiny", Double.MIN_VALUE)
        .put("bytes", new AttributeValue.BytesValue(new byte[] {0, -1, 127, -128}))
        .put("bytes.empty", new AttributeValue.BytesValue(new byte[0]))
        .put("empty", AttributeValue.EmptyValue.INSTANCE)
        .put(
            "array",
            new AttributeValue.ArrayValue(
                List.of(
                    AttributeValue.of("a"),
                    AttributeValue.of(1L),
                    AttributeValue.of(true),
                    AttributeValue.of(2.5),
                    AttributeValue.EmptyValue.INSTANCE,
                    new AttributeValue.ArrayValue(List.of(AttributeValue.of("deep"))))))
        .put("kvlist", new AttributeValue.KeyValueListValue(nested))
        .put("kvlist.empty", new AttributeValue.KeyValueListValue(Attributes.empty()))
        .build();
  }

  /** A span with every field set to something other than its default. */
  public static Span everyField(TraceId traceId, long spanId, long startNanos) {
    Attributes all = everyAttributeType();
    return Span.builder(traceId, new SpanId(spanId))
        .parentSpanId(new SpanId(spanId ^ 0x5555))
        .traceState("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        .name("every field")
        .kind(SpanKind.CONSUMER)
        .startNanos(startNanos)
        .endNanos(startNanos + 1234)
        .attributes(all)
        .events(List.of(new Event(startNanos + 5, "exception", all, 3), Event.of(startNanos, "")))
        .links(
            List.of(
                new Link(new TraceId(-1, -2), new SpanId(-3), "k=v", all, 0x101, 4),
                Link.of(new TraceId(0, 9), new SpanId(7))))
        .status(new Status(StatusCode.ERROR, "connection reset"))
        .flags(0x301)
        .resource(new Resource(all, "https://opentelemetry.io/schemas/1.26.0", 7))
        .scope(new InstrumentationScope("io.opentelemetry.jdbc", "2.31.1-alpha", all, 2))
        .droppedCounts(11, 12, 13)
        .build();
  }

  /** A small span for hand-built scenarios. */
  public static Span span(
      TraceId traceId, long spanId, String service, String name, long start, long durationNanos) {
    return Span.builder(traceId, new SpanId(spanId))
        .name(name)
        .kind(SpanKind.SERVER)
        .startNanos(start)
        .endNanos(start + durationNanos)
        .resource(Resource.of(Attributes.of(Resource.SERVICE_NAME, AttributeValue.of(service))))
        .build();
  }

  /** Splits the spans of each trace round-robin into {@code parts} lists. */
  public static List<List<Span>> split(List<Trace> traces, int parts) {
    List<List<Span>> out = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      out.add(new ArrayList<>());
    }
    for (Trace trace : traces) {
      for (int i = 0; i < trace.spans().size(); i++) {
        out.get(i % parts).add(trace.spans().get(i));
      }
    }
    return out;
  }

  public static Map<TraceId, Trace> byId(List<Trace> traces) {
    Map<TraceId, Trace> out = new LinkedHashMap<>();
    traces.forEach(trace -> out.put(trace.traceId(), trace));
    return out;
  }
}
