package dev.hopscope.query;

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
import dev.hopscope.model.TraceId;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Four hand-built traces of the demo shop, written into a real {@link InMemoryTraceStore}:
 *
 * <pre>
 * CHECKOUT (t=0s, 1s)    webapp  GET /checkout SERVER
 *                          webapp  POST auth CLIENT         http.method=POST http.status_code=200
 *                            auth  ValidateToken SERVER     user.tier=gold, env=canary (span) env=prod (resource)
 *                              auth  SELECT users CLIENT    db.system=postgresql
 *                          webapp  render INTERNAL
 * PRODUCTS (t=2s, 200ms) webapp  GET /products SERVER       error "boom"
 *                          webapp  SELECT products CLIENT   error "connection refused", db.system=postgresql,
 *                                                           retries=3, ratio=0.5; events "retry" at +10ms,
 *                                                           "exception" at +45ms (type, message)
 *                          webapp  cache get CLIENT         ok, cache.hit=true
 * PAYMENT (t=3s, 2.03s)  payments charge PRODUCER           "foo bar"=baz, tags=[a, b]
 *                          worker  process charge CONSUMER  scope io.opentelemetry.kafka; a link to
 *                                                           CHECKOUT span 1, ref_type=follows_from
 * ORPHAN (t=4s, 10ms)    webapp  orphan UNSPECIFIED         parent never arrived
 * </pre>
 */
final class Shop {
  static final String TENANT = "shop";
  static final long T0 = 1_800_000_000_000_000_000L;
  static final TraceId CHECKOUT = new TraceId(0, 1);
  static final TraceId PRODUCTS = new TraceId(0, 2);
  static final TraceId PAYMENT = new TraceId(0, 3);
  static final TraceId ORPHAN = new TraceId(0, 4);

  private Shop() {}

  static InMemoryTraceStore store() {
    InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(T0 / 1_000_000_000L + 3600)))
            .retention(Duration.ofDays(365))
            .build();
    store.write(TENANT, SpanBatch.of(spans())).join();
    return store;
  }

  static List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    Resource webapp = resource("webapp");
    Resource auth =
        Resource.of(Attributes.builder().put("service.name", "auth").put("env", "prod").build());
    spans.add(
        span(CHECKOUT, 1, 0, webapp, "GET /checkout", SpanKind.SERVER, 0, 1000)
            .status(Status.OK)
            .build());
    spans.add(
        span(CHECKOUT, 2, 1, webapp, "POST auth", SpanKind.CLIENT, 100, 300)
            .attributes(
                Attributes.builder()
                    .put("http.method", "POST")
                    .put("http.status_code", 200L)
                    .build())
            .build());
    spans.add(
        span(CHECKOUT, 3, 2, auth, "ValidateToken", SpanKind.SERVER, 150, 200)
            .attributes(Attributes.builder().put("user.tier", "gold").put("env", "canary").build())
            .build());
    spans.add(
        span(CHECKOUT, 4, 3, auth, "SELECT users", SpanKind.CLIENT, 200, 100)
            .attributes(Attributes.of("db.system", AttributeValue.of("postgresql")))
            .build());
    spans.add(span(CHECKOUT, 5, 1, webapp, "render", SpanKind.INTERNAL, 500, 400).build());

    spans.add(
        span(PRODUCTS, 1, 0, webapp, "GET /products", SpanKind.SERVER, 2000, 200)
            .status(Status.error("boom"))
            .build());
    spans.add(
        span(PRODUCTS, 2, 1, webapp, "SELECT products", SpanKind.CLIENT, 2010, 50)
            .status(Status.error("connection refused"))
            .events(
                List.of(
                    Event.of(T0 + 2_020_000_000L, "retry"),
                    new Event(
                        T0 + 2_055_000_000L,
                        "exception",
                        Attributes.builder()
                            .put("exception.type", "SQLException")
                            .put("exception.message", "connection refused")
                            .build(),
                        0)))
            .attributes(
                Attributes.builder()
                    .put("db.system", "postgresql")
                    .put("retries", 3L)
                    .put("ratio", 0.5)
                    .build())
            .build());
    spans.add(
        span(PRODUCTS, 3, 1, webapp, "cache get", SpanKind.CLIENT, 2100, 5)
            .status(Status.OK)
            .attributes(Attributes.of("cache.hit", AttributeValue.of(true)))
            .build());

    spans.add(
        span(PAYMENT, 1, 0, resource("payments"), "charge", SpanKind.PRODUCER, 3000, 30)
            .attributes(
                Attributes.builder()
                    .put("foo bar", "baz")
                    .put(
                        "tags",
                        new AttributeValue.ArrayValue(
                            List.of(AttributeValue.of("a"), AttributeValue.of("b"))))
                    .build())
            .build());
    spans.add(
        span(PAYMENT, 2, 1, resource("worker"), "process charge", SpanKind.CONSUMER, 3030, 2000)
            .links(
                List.of(
                    new Link(
                        CHECKOUT,
                        new SpanId(1),
                        "",
                        Attributes.of("opentracing.ref_type", AttributeValue.of("follows_from")),
                        0,
                        0)))
            .scope(
                new InstrumentationScope(
                    "io.opentelemetry.kafka",
                    "2.31.1",
                    Attributes.of("messaging", AttributeValue.of("kafka")),
                    0))
            .build());

    spans.add(span(ORPHAN, 2, 99, webapp, "orphan", SpanKind.UNSPECIFIED, 4000, 10).build());
    return spans;
  }

  static Resource resource(String service) {
    return Resource.of(Attributes.of("service.name", AttributeValue.of(service)));
  }

  /** A span starting {@code startMs} after {@link #T0}; parent 0 means a root. */
  static Span.Builder span(
      TraceId trace,
      long id,
      long parent,
      Resource resource,
      String name,
      SpanKind kind,
      long startMs,
      long durationMs) {
    long start = T0 + startMs * 1_000_000L;
    return Span.builder(trace, new SpanId(id))
        .parentSpanId(parent == 0 ? null : new SpanId(parent))
        .resource(resource)
        .name(name)
        .kind(kind)
        .startNanos(start)
        .endNanos(start + durationMs * 1_000_000L);
  }
}
