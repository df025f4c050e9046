package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.WalSync;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  private static final String[] TAGS = RandomArrays.TAGS;
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.ofEpochSecond(Shop.T0 / 1_000_000_000L));
  private static final List<List<String>> LEAVES = leaves();
  private static final List<Span> SPANS = randomSpans(20261201L, 120);
  private static final InMemoryTraceStore STORE = memoryStore(SPANS);
  private static final TraceSource WITHOUT_HINTS = new HintDroppingSource(STORE);
  private static final TraceQlEngine ENGINE = TraceQlEngine.create();

  @TempDir static Path directory;

  /** The embedded store with every span in its head, and one with every span in blocks. */
  private static EmbeddedTraceStore head;

  private static EmbeddedTraceStore blocks;

  @BeforeAll
  static void openEmbedded() {
    head = embeddedStore(directory.resolve("head"));
    blocks = embeddedStore(directory.resolve("blocks"));
    blocks.flush();
  }

  @AfterAll
  static void close() {
    STORE.close();
    head.close();
    blocks.close();
  }

  /**
   * The in-memory store's hints (the reference meaning of each hint), the embedded store's row
   * programs over its head, and its block programs, zone maps and attribute blooms (row groups of
   * 16 rows, so most traces cross several) all give the hint-free answer.
   */
  @Test
  void hintsNeverChangeAnswers() {
    SeededProperty.check(
        edgeQueries(),
        300,
        HintsNeverChangeAnswersTest::query,
        query -> {
          for (SearchOrder order : SearchOrder.values()) {
            List<String> expected = answer(WITHOUT_HINTS, query, order);
            assertThat(answer(STORE, query, order)).as("memory: " + query).isEqualTo(expected);
            // The embedded store in one order per query (both over the run): it doubled the
            // test's time for what the orders add, which is paging, not hints.
            if (order == SearchOrder.values()[Math.floorMod(query.hashCode(), 2)]) {
              assertThat(answer(head, query, order)).as("head: " + query).isEqualTo(expected);
              assertThat(answer(blocks, query, order)).as("blocks: " + query).isEqualTo(expected);
            }
          }
        });
  }

  private static EmbeddedTraceStore embeddedStore(Path path) {
    EmbeddedTraceStore store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(path)
                .clock(CLOCK)
                .retention(Duration.ofDays(365))
                .rowGroupRows(16)
                .readThreads(3)
                .maintenanceInterval(Duration.ZERO)
                .walSync(WalSync.NONE)
                .build());
    store.write(Shop.TENANT, SpanBatch.of(SPANS)).join();
    return store;
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
        // The trace as a whole: its hint is judged on every part of the trace at once.
        Stream.of(">", ">=", "=", "<")
            .flatMap(op -> Stream.of(DURATIONS_MS).map(d -> "traceDuration " + op + " " + d + "ms"))
            .toList(),
        Stream.of(DURATIONS_MS).map(d -> d + "ms <= trace:duration").toList(),
        Stream.of("GET", "POST").map(m -> ".http.method = \"" + m + "\"").toList(),
        Stream.of("GET", "POST").map(m -> "span.http.method = \"" + m + "\"").toList(),
        Stream.of(0, 1, 2, 3).map(n -> ".retries = " + n).toList(),
        Stream.of("true", "false").map(b -> "span.flag = " + b).toList(),
        Stream.of("prod", "dev").map(e -> "resource.env = \"" + e + "\"").toList(),
        Stream.of("prod", "dev").map(e -> ".env = \"" + e + "\"").toList(),
        // Arrays: = and =~ by some element, != and !~ by every element; the hint of = "v" must
        // find the element in heads, row groups and blooms alike.
        Stream.of(TAGS).map(t -> "span.tags = \"" + t + "\"").toList(),
        Stream.of(TAGS).map(t -> ".tags = \"" + t + "\"").toList(),
        List.of("span.tags = \"rare\"", ".tags = \"rare\"", "span.tags != \"rare\""),
        Stream.of(TAGS).map(t -> "span.tags != \"" + t + "\"").toList(),
        Stream.of("n.*", "beta", ".*a.*").map(r -> ".tags =~ \"" + r + "\"").toList(),
        Stream.of("n.*", "beta", ".*a.*").map(r -> ".tags !~ \"" + r + "\"").toList(),
        Stream.of("eu", "us").map(z -> "resource.zones = \"" + z + "\"").toList(),
        Stream.of("eu", "us").map(z -> ".zones = \"" + z + "\"").toList(),
        Stream.of("> 400", "< 300", "= 200", "!= 200", "= 503.0").map(c -> ".codes " + c).toList(),
        Stream.of("true", "false").map(b -> "span.flags = " + b).toList(),
        // Nested sets and nil.
        Stream.of("nestedSetParent = -1", "nestedSetLeft = 0", "nestedSetLeft > 3").toList(),
        List.of("nestedSetRight - nestedSetLeft > 3", "span:nestedSetParent = 1"),
        List.of(".tags != nil", ".tags = nil", "name != nil", "!(span:parentID != nil)"),
        List.of("nil = nil", "nil != nil", ".retries + 1 != nil"));
  }

  private static InMemoryTraceStore memoryStore(List<Span> spans) {
    InMemoryTraceStore store =
        InMemoryTraceStore.builder().clock(CLOCK).retention(Duration.ofDays(365)).build();
    store.write(Shop.TENANT, SpanBatch.of(spans)).join();
    return store;
  }

  /** Random trees of spans with values drawn from small pools so that queries do match. */
  private static List<Span> randomSpans(long seed, int traces) {
    Random random = new Random(seed);
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
        RandomArrays.put(random, attributes);
        Attributes.Builder resource =
            Attributes.builder().put("service.name", SERVICES[random.nextInt(SERVICES.length)]);
        if (random.nextBoolean()) {
          resource.put("env", random.nextBoolean() ? "prod" : "dev");
        }
        if (random.nextInt(3) == 0) {
          resource.put("zones", RandomArrays.strings(random, "eu", "us"));
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
    return spans;
  }
}
