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
import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
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
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Pushdown is an optimisation, never a change in answers: for random queries over random traces, a
 * search with the planner's hints returns exactly what the same search returns when the store gets
 * no hints at all.
 */
class HintsNeverChangeAnswersTest {
  private static final String[] NAMES = {"GET /", "POST /pay", "SELECT", "cache", "render"};
  private static final String[] SERVICES = {"webapp", "auth", "db"};
  private static final Long[] DURATIONS_MS = {1L, 5L, 10L, 50L, 100L, 500L, 1000L, 2000L};
  private static final String[] SPANSET_OPERATORS = {
    "", " && ", " || ", " > ", " >> ", " < ", " << ", " ~ "
  };
  private static final List<List<String>> LEAVES = leaves();
  private static final InMemoryTraceStore STORE = randomStore(20261201L, 120);
  private static final TraceSource WITHOUT_HINTS = new HintDroppingSource(STORE);
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();

  @AfterAll
  static void close() {
    STORE.close();
  }

  @Test
  void hintsNeverChangeAnswers() {
    SeededProperty.check(
        edgeQueries(),
        300,
        HintsNeverChangeAnswersTest::query,
        query -> {
          for (SearchOrder order : SearchOrder.values()) {
            assertThat(answer(STORE, query, order))
                .as(query)
                .isEqualTo(answer(WITHOUT_HINTS, query, order));
          }
        });
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

  /** A random query of the grammar below: spansets, a structural operator, a pipeline tail. */
  private static String query(SplittableRandom random) {
    String left = filter(random);
    String op = Draw.pick(random, SPANSET_OPERATORS);
    String spansets = op.isEmpty() ? left : left + op + filter(random);
    return spansets + tail(random);
  }

  private static String filter(SplittableRandom random) {
    return random.nextBoolean() ? "{ " + condition(random, 2) + " }" : "{ }";
  }

  private static String tail(SplittableRandom random) {
    return switch (random.nextInt(5)) {
      case 0 -> "";
      case 1 -> " | count() > " + random.nextInt(4);
      case 2 -> " | { " + condition(random, 1) + " }";
      case 3 -> " | by(resource.service.name) | count() >= " + random.nextInt(1, 4);
      default -> " | avg(duration) > " + Draw.pick(random, DURATIONS_MS) + "ms";
    };
  }

  /** A leaf, or (two times in five at each level) a leaf again, or a combination of smaller. */
  private static String condition(SplittableRandom random, int depth) {
    if (depth == 0) {
      return leaf(random);
    }
    return switch (random.nextInt(5)) {
      case 0, 1 -> leaf(random);
      case 2 ->
          "("
              + condition(random, depth - 1)
              + " "
              + Draw.pick(random, "&&", "||")
              + " "
              + condition(random, depth - 1)
              + ")";
      case 3 -> condition(random, depth - 1) + " && " + condition(random, depth - 1);
      default -> "!(" + condition(random, depth - 1) + ")";
    };
  }

  private static String leaf(SplittableRandom random) {
    int kind = random.nextInt(LEAVES.size());
    return LEAVES.get(kind).get(random.nextInt(LEAVES.get(kind).size()));
  }

  /**
   * Every kind of leaf with its first and last value, each spanset operator and each pipeline tail
   * with its smallest and largest number, and the nesting forms: the edges of the grammar.
   */
  private static List<String> edgeQueries() {
    List<String> queries = new ArrayList<>();
    queries.add("{ }");
    for (List<String> values : LEAVES) {
      queries.add("{ " + values.getFirst() + " }");
      queries.add("{ " + values.getLast() + " }");
    }
    String a = "{ " + LEAVES.get(0).getFirst() + " }";
    String b = "{ " + LEAVES.get(2).getLast() + " }";
    for (String op : SPANSET_OPERATORS) {
      if (op.isEmpty()) {
        continue; // one spanset alone: the leaves above
      }
      queries.add("{ }" + op + "{ }");
      queries.add(a + op + b);
      queries.add(b + op + a);
    }
    for (String tail :
        List.of(
            " | count() > 0",
            " | count() > 3",
            " | { " + LEAVES.get(4).getFirst() + " }",
            " | by(resource.service.name) | count() >= 1",
            " | by(resource.service.name) | count() >= 3",
            " | avg(duration) > " + DURATIONS_MS[0] + "ms",
            " | avg(duration) > " + DURATIONS_MS[DURATIONS_MS.length - 1] + "ms")) {
      queries.add("{ }" + tail);
      queries.add(a + tail);
    }
    String x = LEAVES.get(1).getFirst();
    String y = LEAVES.get(5).getLast();
    queries.add("{ (" + x + " && " + y + ") }");
    queries.add("{ (" + x + " || " + y + ") }");
    queries.add("{ " + x + " && " + y + " }");
    queries.add("{ !(" + x + ") }");
    queries.add("{ !(!(" + x + ")) }");
    queries.add("{ !((" + x + " || " + y + ")) }");
    return queries;
  }

  /** Each kind of condition with every value it takes; a leaf picks a kind, then a value. */
  private static List<List<String>> leaves() {
    List<String> durations = new ArrayList<>();
    for (String op : new String[] {">", ">=", "<", "<=", "=", "!="}) {
      for (Long d : DURATIONS_MS) {
        durations.add("duration " + op + " " + d + "ms");
      }
    }
    return List.of(
        Stream.of(NAMES).map(n -> "name = \"" + n + "\"").toList(),
        Stream.of(NAMES).map(n -> "rootName = \"" + n + "\"").toList(),
        Stream.of(SERVICES).map(s -> "resource.service.name = \"" + s + "\"").toList(),
        Stream.of(SERVICES).map(s -> "rootServiceName = \"" + s + "\"").toList(),
        Stream.of("ok", "error", "unset").map(s -> "status = " + s).toList(),
        Stream.of("server", "client", "internal").map(k -> "kind = " + k).toList(),
        durations,
        Stream.of(DURATIONS_MS).map(d -> d + "ms < duration").toList(),
        Stream.of("GET", "POST").map(m -> ".http.method = \"" + m + "\"").toList(),
        Stream.of("GET", "POST").map(m -> "span.http.method = \"" + m + "\"").toList(),
        Stream.of(0, 1, 2, 3).map(n -> ".retries = " + n).toList(),
        Stream.of("true", "false").map(b -> "span.flag = " + b).toList(),
        Stream.of("prod", "dev").map(e -> "resource.env = \"" + e + "\"").toList(),
        Stream.of("prod", "dev").map(e -> ".env = \"" + e + "\"").toList());
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
