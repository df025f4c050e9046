package dev.hopscope.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.StatusCode;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.SeededProperty;
import dev.hopscope.query.metrics.Exemplar;
import dev.hopscope.query.metrics.MetricsEngine;
import dev.hopscope.query.metrics.MetricsRequest;
import dev.hopscope.query.metrics.MetricsResult;
import dev.hopscope.query.metrics.SeriesLabel;
import dev.hopscope.query.metrics.TimeSeries;
import dev.hopscope.query.traceql.MetricsQuery;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.cells.SpanCells;
import dev.hopscope.store.embedded.EmbeddedStoreConfig;
import dev.hopscope.store.embedded.EmbeddedTraceStore;
import dev.hopscope.store.embedded.WalSync;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Span cells and spans read alone are optimisations, never a change in answers: for random metrics
 * queries each path can answer, its series equal the series a scan of whole traces gives, with the
 * spans in compacted blocks, fresh blocks and the head at once.
 */
class MetricsPathsMatchScanTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long T0 = Shop.T0; // a multiple of 15 s
  private static final String[] SERVICES = {"webapp", "auth", "db", ""}; // "" = no service.name
  private static final String[] NAMES = {"GET /", "POST /pay", "SELECT", "cache"};
  private static final long[] DURATIONS = {
    0, 1, 2, 3, 1024, 1025, 999_999, 1_000_000, 4_000_000, 50_000_000, 1_073_741_824L, 3 * SECOND
  };
  private static final String[] FILTERS = {
    "{ }",
    "{ true }",
    "{ resource.service.name = \"auth\" }",
    "{ resource.service.name != \"webapp\" }",
    "{ kind = server }",
    "{ status = error }",
    "{ status != error && kind != internal }",
    "{ name = \"GET /\" || resource.service.name =~ \"d.*\" }",
    "{ name !~ \"GET.*\" }",
  };
  private static final String[] FUNCTIONS = {
    "rate()",
    "count_over_time()",
    "min_over_time(duration)",
    "max_over_time(duration)",
    "sum_over_time(duration)",
    "avg_over_time(duration)",
    "quantile_over_time(duration, .5, .9, .99)",
    "histogram_over_time(duration)",
  };
  private static final String[] BY = {
    "",
    " by (resource.service.name)",
    " by (name)",
    " by (kind, status)",
    " by (resource.service.name, name)",
  };
  private static final String[] SPAN_FILTERS = {
    "{ span.http.method = \"GET\" }",
    "{ span.http.method = \"GET\" && resource.host.name = \"h1\" }",
    "{ .http.method != \"POST\" || status = error }",
    "{ span.retries > 1 && duration > 1ms }",
    "{ resource.host.name = \"h2\" && kind = server }",
    "{ span.retries = 3 }",
    "{ name =~ \"GET.*\" && span.http.method = \"POST\" }",
  };
  private static final String[] SPAN_FUNCTIONS = {
    "rate()",
    "count_over_time()",
    "max_over_time(duration)",
    "avg_over_time(span.retries)",
    "quantile_over_time(duration, .5, .99)",
    "histogram_over_time(duration)",
  };
  private static final String[] SPAN_BY = {
    "", " by (span.http.method)", " by (resource.host.name, kind)", " by (.retries)",
  };
  private static final long[] STEPS = {15 * SECOND, 30 * SECOND, 60 * SECOND, 300 * SECOND};
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.ofEpochSecond(T0 / SECOND));
  private static final MetricsEngine ENGINE = MetricsEngine.create();

  @TempDir static Path directory;
  private static EmbeddedTraceStore store;
  private static List<Span> spans;

  /** Three batches: one compacted with another into a block, one in its own block, one in head. */
  @BeforeAll
  static void open() {
    store =
        EmbeddedTraceStore.open(
            EmbeddedStoreConfig.builder(directory)
                .clock(CLOCK)
                .retention(Duration.ofDays(365))
                .rowGroupRows(16)
                // Spread over threads whatever the machine: the spans path and the scan both split
                // blocks into row groups read in parallel.
                .readThreads(4)
                .maintenanceInterval(Duration.ZERO)
                .walSync(WalSync.NONE)
                .build());
    Random random = new Random(20261206L);
    spans = new ArrayList<>();
    for (int part = 0; part < 4; part++) {
      List<Span> batch = randomSpans(random, 60);
      store.write(Shop.TENANT, SpanBatch.of(batch)).join();
      spans.addAll(batch);
      if (part < 3) {
        store.flush();
      }
      if (part == 1) {
        store.compact();
      }
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void cellsGiveTheScansSeries() {
    SeededProperty.check(
        List.of(
            new Case("{ } | rate() by (resource.service.name)", 0, 40, 60 * SECOND),
            new Case(
                "{ kind = server } | quantile_over_time(duration, .5, .99) by (name)",
                0,
                40,
                15 * SECOND)),
        150,
        MetricsPathsMatchScanTest::randomCase,
        c -> {
          MetricsQuery query = MetricsQuery.parse(c.query());
          MetricsRequest request = c.request();
          MetricsResult fromCells = evaluate(store, query, request);
          MetricsResult fromSpans = evaluate(new HintDroppingSource(store), query, request);
          assertThat(fromCells.inspectedTraces()).as("read spans: " + c).isZero();
          assertThat(fromSpans.inspectedTraces()).isPositive();
          assertSameSeries(c, fromCells, fromSpans);
        });
  }

  @Test
  void spansReadAloneGiveTheScansSeries() {
    SeededProperty.check(
        List.of(new Case("{ span.http.method = \"GET\" } | rate()", 0, 40, 60 * SECOND)),
        120,
        MetricsPathsMatchScanTest::randomSpanCase,
        c -> {
          MetricsQuery query = MetricsQuery.parse(c.query());
          MetricsRequest request = c.request();
          MetricsResult alone = evaluate(store, query, request);
          MetricsResult fromTraces = evaluate(new HintDroppingSource(store), query, request);
          assertThat(alone.inspectedTraces()).as("read traces: " + c).isZero();
          assertThat(fromTraces.inspectedTraces()).isPositive();
          assertSameSeries(c, alone, fromTraces);
        });
  }

  /**
   * Steps that are not whole grains, and instant queries, cannot read cells (a grain would straddle
   * two steps); they read spans alone, and still give the scan's series.
   */
  @Test
  void requestsOffTheGrainGiveTheScansSeries() {
    MetricsQuery query = MetricsQuery.parse("{ } | quantile_over_time(duration, .9) by (name)");
    for (MetricsRequest request :
        List.of(
            MetricsRequest.range(T0, T0 + 600 * SECOND, 10 * SECOND, 20),
            MetricsRequest.range(T0 + 5 * SECOND, T0 + 600 * SECOND, 15 * SECOND, 20),
            MetricsRequest.instant(T0, T0 + 600 * SECOND),
            MetricsRequest.instant(T0 + 15 * SECOND, T0 + 600 * SECOND))) {
      Case c = new Case(query.toString() + " on " + request, 0, 0, 0);
      assertSameSeries(
          c,
          evaluate(store, query, request),
          evaluate(new HintDroppingSource(store), query, request));
    }
  }

  private static void assertSameSeries(Case c, MetricsResult fast, MetricsResult scan) {
    Map<String, TimeSeries> actualSeries = byLabels(fast);
    Map<String, TimeSeries> expectedSeries = byLabels(scan);
    assertThat(actualSeries.keySet()).as(c.toString()).isEqualTo(expectedSeries.keySet());
    expectedSeries.forEach(
        (labels, expected) -> {
          TimeSeries actual = actualSeries.get(labels);
          for (int i = 0; i < expected.size(); i++) {
            double want = expected.value(i);
            if (Double.isNaN(want)) {
              assertThat(actual.value(i)).as(c + " " + labels + " @" + i).isNaN();
            } else {
              assertThat(actual.value(i))
                  .as(c + " " + labels + " @" + i)
                  .isCloseTo(want, within(Math.abs(want) * 1e-9 + 1e-12));
            }
          }
          actual.exemplars().forEach(e -> assertRealSpan(e, c));
        });
  }

  private static MetricsResult evaluate(
      TraceSource source, MetricsQuery query, MetricsRequest request) {
    return ENGINE.evaluate(source, Shop.TENANT, query, request, SearchLimits.NONE);
  }

  private static Map<String, TimeSeries> byLabels(MetricsResult result) {
    Map<String, TimeSeries> out = new TreeMap<>();
    for (TimeSeries series : result.series()) {
      out.put(series.promLabels(), series);
    }
    return out;
  }

  private static void assertRealSpan(Exemplar exemplar, Case c) {
    String traceId = label(exemplar, "trace:id");
    String spanId = label(exemplar, "span:id");
    Optional<Trace> trace = store.trace(Shop.TENANT, TraceId.fromHex(traceId));
    assertThat(trace).as(c + ": exemplar's trace").isPresent();
    assertThat(trace.get().spans())
        .as(c + ": exemplar's span")
        .anyMatch(span -> span.spanId().toHex().equals(spanId));
  }

  private static String label(Exemplar exemplar, String name) {
    return exemplar.labels().stream()
        .filter(l -> l.name().equals(name))
        .map(SeriesLabel::text)
        .findFirst()
        .orElseThrow();
  }

  private record Case(String query, int fromGrain, int toGrain, long step) {
    MetricsRequest request() {
      return MetricsRequest.range(
          T0 + fromGrain * SpanCells.GRAIN_NANOS, T0 + toGrain * SpanCells.GRAIN_NANOS, step, 20);
    }
  }

  private static Case randomCase(SplittableRandom random) {
    String query =
        Draw.pick(random, FILTERS) + " | " + Draw.pick(random, FUNCTIONS) + Draw.pick(random, BY);
    int from = random.nextInt(-4, 30);
    int to = Math.max(2, from + random.nextInt(1, 45)); // past T0: some spans in the window
    long step = STEPS[random.nextInt(STEPS.length)];
    return new Case(query, from, to, step);
  }

  private static Case randomSpanCase(SplittableRandom random) {
    String query =
        Draw.pick(random, SPAN_FILTERS)
            + " | "
            + Draw.pick(random, SPAN_FUNCTIONS)
            + Draw.pick(random, SPAN_BY);
    int from = random.nextInt(-4, 30);
    int to = Math.max(2, from + random.nextInt(1, 45)); // past T0: some spans in the window
    // Any step: spans read alone need no grains.
    long step = random.nextBoolean() ? STEPS[random.nextInt(STEPS.length)] : 7 * SECOND;
    return new Case(query, from, to, step);
  }

  /** Spans over the first 10 minutes after T0, some exactly on grain boundaries. */
  private static List<Span> randomSpans(Random random, int traces) {
    List<Span> out = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      TraceId traceId = new TraceId(random.nextLong(), random.nextLong() | 1);
      int size = 1 + random.nextInt(5);
      for (int s = 1; s <= size; s++) {
        long start =
            random.nextInt(5) == 0
                ? T0 + random.nextInt(41) * SpanCells.GRAIN_NANOS + random.nextInt(3) - 1
                : T0 + (long) (random.nextDouble() * 600 * SECOND);
        long duration = DURATIONS[random.nextInt(DURATIONS.length)] + random.nextInt(3);
        String service = SERVICES[random.nextInt(SERVICES.length)];
        Attributes.Builder resource =
            Attributes.builder().put("host.name", random.nextBoolean() ? "h1" : "h2");
        if (!service.isEmpty()) {
          resource.put(Resource.SERVICE_NAME, service);
        }
        Attributes.Builder attributes =
            Attributes.builder().put("http.method", random.nextBoolean() ? "GET" : "POST");
        if (random.nextBoolean()) {
          attributes.put("retries", (long) random.nextInt(4));
        }
        StatusCode code = StatusCode.values()[random.nextInt(StatusCode.values().length)];
        out.add(
            Span.builder(traceId, new SpanId(s))
                .parentSpanId(s == 1 ? null : new SpanId(1 + random.nextInt(s - 1)))
                .name(NAMES[random.nextInt(NAMES.length)])
                .kind(SpanKind.values()[random.nextInt(SpanKind.values().length)])
                .startNanos(start)
                .endNanos(start + duration)
                .attributes(attributes.build())
                .status(new Status(code, code == StatusCode.ERROR ? "boom" : ""))
                .resource(Resource.of(resource.build()))
                .build());
      }
    }
    return out;
  }
}
