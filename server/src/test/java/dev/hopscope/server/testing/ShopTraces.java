package dev.hopscope.server.testing;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Traces of the reference shop, built by hand with known timings: {@code GET /products} on webapp
 * calls auth's {@code ValidateToken} (which reads the tokens table) and then the products table.
 * The outbound gap between webapp and auth is a parameter, so tests know the right answer.
 */
public final class ShopTraces {
  private static final long MS = 1_000_000L;

  private final Random random;

  public ShopTraces(long seed) {
    this.random = new Random(seed);
  }

  /** One trace starting at {@code start} with {@code gapMs} lost on the way from webapp to auth. */
  public List<Span> trace(long start, long gapMs, boolean error) {
    TraceId traceId = new TraceId(random.nextLong() | 1, random.nextLong() | 1);
    Resource webapp = resource("webapp", "host-a");
    Resource auth = resource("auth", "host-b");
    SpanId root = id();
    SpanId validateClient = id();
    SpanId validateServer = id();
    long t = start;
    List<Span> spans = new ArrayList<>();
    long authStart = t + 2 * MS + gapMs * MS;
    long authEnd = authStart + 6 * MS;
    long validateEnd = authEnd + MS;
    spans.add(
        span(
                traceId,
                validateClient,
                root,
                "ValidateToken",
                SpanKind.CLIENT,
                webapp,
                t + 2 * MS,
                validateEnd)
            .attributes(
                Attributes.builder()
                    .put("server.address", "auth")
                    .put("server.port", 8081L)
                    .build())
            .build());
    spans.add(
        span(
                traceId,
                validateServer,
                validateClient,
                "ValidateToken",
                SpanKind.SERVER,
                auth,
                authStart,
                authEnd)
            .attributes(Attributes.builder().put("user.tier", "gold").build())
            .status(error ? Status.error("token expired") : Status.UNSET)
            .build());
    spans.add(
        span(
                traceId,
                id(),
                validateServer,
                "SELECT tokens",
                SpanKind.CLIENT,
                auth,
                authStart + MS,
                authEnd - MS)
            .attributes(
                Attributes.builder()
                    .put("db.system", "h2")
                    .put("db.namespace", "shop")
                    .put("db.query.text", "SELECT * FROM tokens WHERE token = ?")
                    .build())
            .build());
    long dbStart = validateEnd + MS;
    long dbEnd = dbStart + 20 * MS;
    spans.add(
        span(traceId, id(), root, "SELECT products", SpanKind.CLIENT, webapp, dbStart, dbEnd)
            .attributes(
                Attributes.builder()
                    .put("db.system", "h2")
                    .put("db.namespace", "shop")
                    .put("db.query.text", "SELECT * FROM products")
                    .build())
            .build());
    spans.add(
        span(traceId, root, null, "GET /products", SpanKind.SERVER, webapp, t, dbEnd + 2 * MS)
            .attributes(
                Attributes.builder()
                    .put("http.request.method", "GET")
                    .put("http.route", "/products")
                    .put("http.response.status_code", error ? 401L : 200L)
                    .build())
            .status(error ? Status.error("unauthorized") : Status.UNSET)
            .build());
    return spans;
  }

  private static Span.Builder span(
      TraceId traceId,
      SpanId id,
      SpanId parent,
      String name,
      SpanKind kind,
      Resource resource,
      long start,
      long end) {
    return Span.builder(traceId, id)
        .parentSpanId(parent)
        .name(name)
        .kind(kind)
        .startNanos(start)
        .endNanos(end)
        .flags(1)
        .resource(resource)
        .scope(InstrumentationScope.of("dev.hopscope.testing", "1.0"));
  }

  private static Resource resource(String service, String host) {
    return Resource.of(
        Attributes.builder()
            .put("service.name", service)
            .put("service.version", "1.0.0")
            .put("deployment.environment.name", "test")
            .put("cloud.region", "eu-west-1")
            .put("host.name", host)
            .build());
  }

  private SpanId id() {
    long value = random.nextLong();
    return new SpanId(value == 0 ? 1 : value);
  }
}
