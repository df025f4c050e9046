package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Pushdown is an optimisation, never a change in answers: for random queries over random traces, a
 * search with the planner's hints returns exactly what the same search returns when the store gets
 * no hints at all.
 */
class HintsNeverChangeAnswersTest {
  private static final String[] NAMES = {"GET /", "POST /pay", "SELECT", "cache", "render"};
  private static final String[] SERVICES = {"webapp", "auth", "db"};
  private static final Long[] DURATIONS_MS = {1L, 5L, 10L, 50L, 100L, 500L, 1000L, 2000L};
  private static final InMemoryTraceStore STORE = randomStore(20261201L, 120);
  private static final TraceSource WITHOUT_HINTS = new HintDroppingSource(STORE);
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();

  @AfterContainer
  static void close() {
    STORE.close();
  }

  @Property(tries = 300, seed = "424242")
  void hintsNeverChangeAnswers(@ForAll("queries") String query) {
    for (SearchOrder order : SearchOrder.values()) {
      assertThat(answer(STORE, query, order))
          .as(query)
          .isEqualTo(answer(WITHOUT_HINTS, query, order));
    }
  }

  /** Trace ids with the span ids of each spanset: everything a match says. */
  private static List<String> answer(TraceSource source, String query, SearchOrder order) {
    List<String> out = new ArrayList<>();
    SearchResult result =
        ENGINE.search(source, Shop.TENANT, query, TimeRange.ALL, 1000, order, Optional.empty());
    for (TraceMatch match : result.traces()) {
      StringBuilder line = new StringBuilder(match.trace().traceId().toHex());
      for (MatchedSpanset spanset : match.spansets()) {
        line.append(" [");
        spanset.spans().forEach(s -> line.append(s.span().spanId().toHex()).append(' '));
        line.append(spanset.attributes()).append(']');
      }
      out.add(line.toString());
    }
    return out;
  }

  @Provide
  Arbitrary<String> queries() {
    Arbitrary<String> filter =
        Arbitraries.oneOf(condition(2).map(c -> "{ " + c + " }"), Arbitraries.just("{ }"));
    Arbitrary<String> spansets =
        Combinators.combine(
                filter,
                Arbitraries.of("", " && ", " || ", " > ", " >> ", " < ", " << ", " ~ "),
                filter)
            .as((left, op, right) -> op.isEmpty() ? left : left + op + right);
    Arbitrary<String> tail =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.integers().between(0, 3).map(n -> " | count() > " + n),
            condition(1).map(c -> " | { " + c + " }"),
            Arbitraries.integers()
                .between(1, 3)
                .map(n -> " | by(resource.service.name) | count() >= " + n),
            Arbitraries.of(DURATIONS_MS).map(d -> " | avg(duration) > " + d + "ms"));
    return Combinators.combine(spansets, tail).as((s, t) -> s + t);
  }

  private static Arbitrary<String> condition(int depth) {
    if (depth == 0) {
      return leaf();
    }
    Arbitrary<String> smaller = condition(depth - 1);
    return Arbitraries.oneOf(
        leaf(),
        leaf(),
        Combinators.combine(smaller, Arbitraries.of("&&", "||"), smaller)
            .as((a, op, b) -> "(" + a + " " + op + " " + b + ")"),
        Combinators.combine(smaller, smaller).as((a, b) -> a + " && " + b),
        smaller.map(c -> "!(" + c + ")"));
  }

  private static Arbitrary<String> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.of(NAMES).map(n -> "name = \"" + n + "\""),
        Arbitraries.of(NAMES).map(n -> "rootName = \"" + n + "\""),
        Arbitraries.of(SERVICES).map(s -> "resource.service.name = \"" + s + "\""),
        Arbitraries.of(SERVICES).map(s -> "rootServiceName = \"" + s + "\""),
        Arbitraries.of("ok", "error", "unset").map(s -> "status = " + s),
        Arbitraries.of("server", "client", "internal").map(k -> "kind = " + k),
        Combinators.combine(
                Arbitraries.of(">", ">=", "<", "<=", "=", "!="), Arbitraries.of(DURATIONS_MS))
            .as((op, d) -> "duration " + op + " " + d + "ms"),
        Arbitraries.of(DURATIONS_MS).map(d -> d + "ms < duration"),
        Arbitraries.of("GET", "POST").map(m -> ".http.method = \"" + m + "\""),
        Arbitraries.of("GET", "POST").map(m -> "span.http.method = \"" + m + "\""),
        Arbitraries.of(0, 1, 2, 3).map(n -> ".retries = " + n),
        Arbitraries.of("true", "false").map(b -> "span.flag = " + b),
        Arbitraries.of("prod", "dev").map(e -> "resource.env = \"" + e + "\""),
        Arbitraries.of("prod", "dev").map(e -> ".env = \"" + e + "\""));
  }

  /** Random trees of spans with values drawn from small pools so that queries do match. */
  private static InMemoryTraceStore randomStore(long seed, int traces) {
    Random random = new Random(seed);
    InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(Shop.T0 / 1_000_000_000L)))
            .retention(Duration.ofDays(365))
            .build();
    List<Span> spans = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      TraceId traceId = new TraceId(random.nextLong(), random.nextLong() | 1);
      int size = 1 + random.nextInt(7);
      long start = Shop.T0 + random.nextInt(1_000_000) * 1_000_000L;
      for (int s = 1; s <= size; s++) {
        // Parent: an earlier span, none for the first, and now and then one that never arrived.
        long parent = s == 1 ? (random.nextInt(10) == 0 ? 999 : 0) : 1 + random.nextInt(s - 1);
        Attributes.Builder attributes = Attributes.builder();
        if (random.nextBoolean()) {
          attributes.put("http.method", random.nextBoolean() ? "GET" : "POST");
        }
        if (random.nextInt(3) == 0) {
          // Ints and doubles both: an int literal in a query must find either.
          if (random.nextBoolean()) {
            attributes.put("retries", (long) random.nextInt(4));
          } else {
            attributes.put("retries", (double) random.nextInt(4));
          }
        }
        if (random.nextInt(3) == 0) {
          attributes.put("flag", random.nextBoolean());
        }
        if (random.nextInt(4) == 0) {
          attributes.put("env", random.nextBoolean() ? "prod" : "dev");
        }
        Attributes.Builder resource =
            Attributes.builder().put("service.name", SERVICES[random.nextInt(SERVICES.length)]);
        if (random.nextBoolean()) {
          resource.put("env", random.nextBoolean() ? "prod" : "dev");
        }
        long spanStart = start + random.nextInt(100) * 1_000_000L;
        int statusPick = random.nextInt(3);
        spans.add(
            Span.builder(traceId, new SpanId(s))
                .parentSpanId(parent == 0 ? null : new SpanId(parent))
                .name(NAMES[random.nextInt(NAMES.length)])
                .kind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
                .startNanos(spanStart)
                .endNanos(
                    spanStart + DURATIONS_MS[random.nextInt(DURATIONS_MS.length)] * 1_000_000L)
                .status(
                    statusPick == 0
                        ? Status.UNSET
                        : statusPick == 1 ? Status.OK : Status.error("failed"))
                .attributes(attributes.build())
                .resource(Resource.of(resource.build()))
                .build());
      }
    }
    store.write(Shop.TENANT, SpanBatch.of(spans)).join();
    return store;
  }

  /** The same store, but it never sees a hint. */
  private record HintDroppingSource(TraceSource delegate) implements TraceSource {
    @Override
    public Optional<Trace> trace(String tenant, TraceId traceId) {
      return delegate.trace(tenant, traceId);
    }

    @Override
    public Stream<Trace> search(String tenant, SearchRequest request) {
      return delegate.search(
          tenant, new SearchRequest(request.range(), List.of(), request.order(), request.after()));
    }

    @Override
    public List<String> services(String tenant, TimeRange range) {
      return delegate.services(tenant, range);
    }

    @Override
    public List<String> operations(String tenant, String service, TimeRange range) {
      return delegate.operations(tenant, service, range);
    }

    @Override
    public List<String> attributeNames(String tenant, TimeRange range) {
      return delegate.attributeNames(tenant, range);
    }

    @Override
    public List<String> attributeValues(
        String tenant, String scopedName, String prefix, TimeRange range, int limit) {
      return delegate.attributeValues(tenant, scopedName, prefix, range, limit);
    }

    @Override
    public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
      delegate.scan(tenant, range, consumer);
    }
  }
}
