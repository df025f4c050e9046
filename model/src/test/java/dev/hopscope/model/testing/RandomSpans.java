package dev.hopscope.model.testing;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Link;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but reproducible spans covering every field and every attribute type. Shared by the tests
 * of every module (model's test-jar) so that all round-trip properties draw from one generator.
 */
public final class RandomSpans {
  private static final String[] SERVICES = {"webapp", "auth", "database", "payments", "ünïcødé"};
  private static final String[] NAMES = {"GET /products", "ValidateToken", "SELECT products", ""};

  private final Random random;

  public RandomSpans(long seed) {
    this.random = new Random(seed);
  }

  public List<Span> spans(int count) {
    List<Span> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(span());
    }
    return out;
  }

  public TraceId traceId() {
    long high = random.nextLong();
    long low = random.nextLong();
    return high == 0 && low == 0 ? new TraceId(1, 1) : new TraceId(high, low);
  }

  public SpanId spanId() {
    long value = random.nextLong();
    return new SpanId(value == 0 ? 1 : value);
  }

  public Span span() {
    return span(traceId());
  }

  public Span span(TraceId traceId) {
    return span(traceId, Attributes.empty());
  }

  /** A random span of the trace whose attributes also hold {@code extra}, which win on a clash. */
  public Span span(TraceId traceId, Attributes extra) {
    long start = 1_700_000_000_000_000_000L + random.nextInt(1_000_000_000);
    Span.Builder builder =
        Span.builder(traceId, spanId())
            .parentSpanId(random.nextBoolean() ? spanId() : null)
            .traceState(random.nextInt(4) == 0 ? "vendor=value" : "")
            .name(pick(NAMES))
            .kind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
            .startNanos(start)
            .endNanos(start + random.nextInt(5_000_000))
            .attributes(
                Attributes.builder().putAll(attributes(random.nextInt(6), 2)).putAll(extra).build())
            .status(status())
            .flags(random.nextInt(4) == 0 ? 0x301 : 1)
            .resource(resource())
            .scope(
                new InstrumentationScope(
                    "io.opentelemetry.okhttp-3.0",
                    random.nextBoolean() ? "2.31.1" : "",
                    attributes(random.nextInt(2), 0),
                    0))
            .droppedCounts(random.nextInt(3), random.nextInt(2), random.nextInt(2));
    List<Event> events = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      events.add(new Event(start + random.nextInt(1000), "exception", attributes(2, 1), 0));
    }
    List<Link> links = new ArrayList<>();
    for (int i = random.nextInt(2); i > 0; i--) {
      links.add(new Link(traceId(), spanId(), "", attributes(1, 0), 1, random.nextInt(2)));
    }
    return builder.events(events).links(links).build();
  }

  public Resource resource() {
    Attributes attributes =
        Attributes.builder()
            .put("service.name", pick(SERVICES))
            .put("service.version", "1.0." + random.nextInt(3))
            .put("deployment.environment.name", random.nextBoolean() ? "production" : "staging")
            .build();
    return new Resource(
        attributes, random.nextBoolean() ? "https://opentelemetry.io/schemas/1.26.0" : "", 0);
  }

  public Attributes attributes(int count, int depth) {
    Attributes.Builder builder = Attributes.builder();
    for (int i = 0; i < count; i++) {
      builder.put("attr." + random.nextInt(20), value(depth));
    }
    return builder.build();
  }

  public AttributeValue value(int depth) {
    int type = random.nextInt(depth > 0 ? 8 : 6);
    return switch (type) {
      case 0 -> AttributeValue.of("v" + random.nextInt(100));
      case 1 -> AttributeValue.of(random.nextBoolean());
      case 2 -> AttributeValue.of(random.nextLong());
      case 3 -> AttributeValue.of(random.nextDouble() * 1000);
      case 4 -> new AttributeValue.BytesValue(bytes(random.nextInt(5)));
      case 5 ->
          random.nextInt(10) == 0 ? AttributeValue.EmptyValue.INSTANCE : AttributeValue.of("");
      case 6 -> new AttributeValue.ArrayValue(List.of(value(depth - 1), value(depth - 1)));
      default -> new AttributeValue.KeyValueListValue(attributes(2, depth - 1));
    };
  }

  private Status status() {
    return switch (random.nextInt(3)) {
      case 0 -> Status.UNSET;
      case 1 -> Status.OK;
      default -> new Status(StatusCode.ERROR, "boom " + random.nextInt(3));
    };
  }

  private byte[] bytes(int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
