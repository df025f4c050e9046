package dev.hopscope.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import dev.hopscope.query.SearchLimits;
import dev.hopscope.query.compat.GoDurations;
import dev.hopscope.query.traceql.MetricsQuery;
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Runs every case of {@code traceql-metrics-series.yaml} through the scan over a real store. */
class MetricsCorpusTest {
  static final long T0 = 1_800_000_000L * 1_000_000_000L;
  static final String TENANT = "metrics";
  private static final Map<String, Object> CORPUS = load();
  private static final Map<String, Span> SPANS = new HashMap<>();
  private static final InMemoryTraceStore STORE = store();

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try (InputStream in =
        MetricsCorpusTest.class.getResourceAsStream("/traceql-metrics-series.yaml")) {
      return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static InMemoryTraceStore store() {
    Map<String, Object> dataset = (Map<String, Object>) CORPUS.get("dataset");
    List<Span> spans = new ArrayList<>();
    for (Map<String, Object> trace : (List<Map<String, Object>>) dataset.get("traces")) {
      TraceId id = new TraceId(0, ((Number) trace.get("id")).longValue());
      for (Map<String, Object> span : (List<Map<String, Object>>) trace.get("spans")) {
        spans.add(span(id, span));
      }
    }
    Map<String, Object> generated = (Map<String, Object>) dataset.get("generated");
    int count = (Integer) generated.get("count");
    for (int i = 0; i < count; i++) {
      Map<String, Object> span = new HashMap<>(generated);
      span.put("id", 1);
      span.put("start", number(generated, "start") + i * number(generated, "every"));
      span.put("durationMs", number(generated, "firstDurationMs") + i);
      spans.add(span(new TraceId(0, (Integer) generated.get("firstTraceId") + i), span));
    }
    for (Span span : spans) {
      SPANS.put(span.traceId().toHex() + "/" + span.spanId().toHex(), span);
    }
    InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(T0 / 1_000_000_000L + 3600)))
            .retention(Duration.ofDays(365))
            .build();
    store.write(TENANT, SpanBatch.of(spans)).join();
    return store;
  }

  private static double number(Map<String, Object> map, String key) {
    return ((Number) map.get(key)).doubleValue();
  }

  @SuppressWarnings("unchecked")
  private static Span span(TraceId trace, Map<String, Object> spec) {
    long start = T0 + Math.round(number(spec, "start") * 1e9);
    Attributes.Builder attributes = Attributes.builder();
    ((Map<String, Object>) spec.getOrDefault("attributes", Map.of()))
        .forEach(
            (key, value) ->
                attributes.put(
                    key,
                    value instanceof Number n
                        ? AttributeValue.of(n.longValue())
                        : AttributeValue.of(value.toString())));
    Object parent = spec.get("parent");
    return Span.builder(trace, new SpanId(((Number) spec.get("id")).longValue()))
        .parentSpanId(parent == null ? null : new SpanId(((Number) parent).longValue()))
        .resource(
            Resource.of(
                Attributes.of("service.name", AttributeValue.of(spec.get("service").toString()))))
        .name(spec.get("name").toString())
        .kind(SpanKind.valueOf(spec.get("kind").toString().toUpperCase(Locale.ROOT)))
        .startNanos(start)
        .endNanos(start + Math.round(number(spec, "durationMs") * 1e6))
        .status(Boolean.TRUE.equals(spec.get("error")) ? Status.error("failed") : Status.OK)
        .attributes(attributes.build())
        .build();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> cases() {
    return (List<Map<String, Object>>) CORPUS.get("cases");
  }

  @Test
  void corpusCoversEveryFunctionAndStage() {
    String all = String.join("\n", cases().stream().map(c -> c.get("query").toString()).toList());
    for (String construct :
        List.of(
            "rate()",
            "count_over_time()",
            "max_over_time(",
            "sum_over_time(",
            "avg_over_time(",
            "quantile_over_time(",
            "histogram_over_time(",
            "compare(",
            "topk(",
            "bottomk(",
            "> 1",
            ") / (",
            "* 30",
            "exemplars = false")) {
      assertThat(all).contains(construct);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseGivesItsSeries() {
    return cases().stream()
        .map(c -> DynamicTest.dynamicTest(c.get("name").toString(), () -> run(c)));
  }

  @SuppressWarnings("unchecked")
  private static void run(Map<String, Object> c) {
    MetricsQuery query = MetricsQuery.parse(c.get("query").toString());
    long start = T0 + Math.round(number(c, "start") * 1e9);
    long end = T0 + Math.round(number(c, "end") * 1e9);
    int exemplars = c.containsKey("exemplars") ? (Integer) c.get("exemplars") : 0;
    MetricsRequest request =
        Boolean.TRUE.equals(c.get("instant"))
            ? MetricsRequest.instant(start, end)
            : MetricsRequest.range(
                start, end, GoDurations.parse(c.get("step").toString()).toNanos(), exemplars);
    MetricsResult result =
        MetricsEngine.create().evaluate(STORE, TENANT, query, request, SearchLimits.NONE);
    double tolerance = c.containsKey("tolerance") ? number(c, "tolerance") : 1e-9;

    Map<Map<String, String>, TimeSeries> actual = new LinkedHashMap<>();
    for (TimeSeries series : result.series()) {
      Map<String, String> labels = new LinkedHashMap<>();
      series.labels().forEach(l -> labels.put(l.name(), l.text()));
      actual.put(labels, series);
      checkExemplars(query, series, result.request());
    }
    List<Map<String, Object>> expected = (List<Map<String, Object>>) c.get("series");
    if (!Boolean.TRUE.equals(c.get("partial"))) {
      assertThat(actual).as("series of " + query).hasSize(expected.size());
    }
    for (Map<String, Object> want : expected) {
      Map<String, String> labels = new LinkedHashMap<>();
      ((Map<String, Object>) want.get("labels")).forEach((k, v) -> labels.put(k, v.toString()));
      TimeSeries series = actual.get(labels);
      assertThat(series).as("series " + labels + " among " + actual.keySet()).isNotNull();
      Map<Long, Double> samples = new LinkedHashMap<>();
      for (int i = 0; i < series.size(); i++) {
        if (!Double.isNaN(series.value(i))) {
          samples.put((result.request().timestampNanos(i) - T0) / 1_000_000_000L, series.value(i));
        }
      }
      Map<Long, Double> wanted = new LinkedHashMap<>();
      ((Map<Object, Object>) want.get("samples"))
          .forEach((t, v) -> wanted.put(((Number) t).longValue(), ((Number) v).doubleValue()));
      assertThat(samples.keySet()).as("sample times of " + labels).isEqualTo(wanted.keySet());
      wanted.forEach(
          (t, v) ->
              assertThat(samples.get(t))
                  .as(labels + " at " + t)
                  .isCloseTo(v, within(Math.max(1e-12, Math.abs(v) * tolerance))));
      if (want.containsKey("exemplarCount")) {
        assertThat(series.exemplars()).hasSize((Integer) want.get("exemplarCount"));
      }
    }
  }

  /** An exemplar names a stored span, at its start; a duration query's value is its duration. */
  private static void checkExemplars(
      MetricsQuery query, TimeSeries series, MetricsRequest request) {
    for (Exemplar exemplar : series.exemplars()) {
      Map<String, String> labels = new HashMap<>();
      exemplar.labels().forEach(l -> labels.put(l.name(), l.text()));
      Span span = SPANS.get(labels.get("trace:id") + "/" + labels.get("span:id"));
      assertThat(span).as("exemplar " + exemplar + " names a stored span").isNotNull();
      assertThat(exemplar.timestampMs()).isEqualTo(span.startNanos() / 1_000_000);
      int step = request.interval(span.startNanos());
      if (query.text().contains("(duration")) {
        assertThat(exemplar.value()).isEqualTo(span.durationNanos() / 1e9);
      } else {
        assertThat(exemplar.value()).isEqualTo(series.value(step));
      }
    }
  }
}
