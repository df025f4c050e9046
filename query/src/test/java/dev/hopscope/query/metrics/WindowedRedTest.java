package dev.hopscope.query.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import dev.hopscope.store.memory.InMemoryTraceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Jaeger's windows over a hand-made minute: web serves one call per second for 60 s (every tenth
 * fails, each lasting (i % 10 + 1) ms) and makes one client call per second.
 */
class WindowedRedTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L * S;
  private static final InMemoryTraceStore STORE = store();

  private static InMemoryTraceStore store() {
    List<Span> spans = new ArrayList<>();
    Resource web = Resource.of(Attributes.of("service.name", AttributeValue.of("web")));
    for (int i = 0; i < 60; i++) {
      long start = T0 + i * S + 1;
      TraceId trace = new TraceId(0, i + 1);
      spans.add(
          Span.builder(trace, new SpanId(1))
              .resource(web)
              .name(i % 2 == 0 ? "GET /a" : "GET /b")
              .kind(SpanKind.SERVER)
              .startNanos(start)
              .endNanos(start + (i % 10 + 1) * 1_000_000L)
              .status(i % 10 == 0 ? Status.error("boom") : Status.OK)
              .build());
      spans.add(
          Span.builder(trace, new SpanId(2))
              .parentSpanId(new SpanId(1))
              .resource(web)
              .name("SELECT")
              .kind(SpanKind.CLIENT)
              .startNanos(start)
              .endNanos(start + 500_000_000L)
              .build());
    }
    InMemoryTraceStore store =
        InMemoryTraceStore.builder()
            .clock(InstantSource.fixed(Instant.ofEpochSecond(T0 / S + 3600)))
            .retention(Duration.ofDays(365))
            .build();
    store.write("t", SpanBatch.of(spans)).join();
    return store;
  }

  private static List<WindowedRed.Series> run(
      WindowedRed.Request request, WindowedRed.Measure measure, double quantile) {
    return WindowedRed.evaluate(STORE, "t", request, measure, quantile, SearchLimits.NONE);
  }

  private static WindowedRed.Request request(boolean byOperation, long step, long window) {
    return new WindowedRed.Request(
        List.of("web"), Set.of(SpanKind.SERVER), byOperation, T0 + 60 * S, 60 * S, step, window);
  }

  @Test
  void callsPerSecondOverTheTrailingWindow() {
    List<WindowedRed.Series> calls =
        run(request(false, 30 * S, 60 * S), WindowedRed.Measure.CALLS, 0);
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).operation()).isEmpty();
    // points at 0, 30 and 60 s; each counts the 60 s before it
    assertThat(calls.get(0).points())
        .extracting(WindowedRed.Point::value)
        .containsExactly(0.0, 0.5, 1.0);
  }

  @Test
  void aWindowThatIsNotWholeStepsIsRoundedToThem() {
    // 45 s rounds to 2 steps of 30 s: the point at 60 s covers (0, 60]
    List<WindowedRed.Series> calls =
        run(request(false, 30 * S, 45 * S), WindowedRed.Measure.CALLS, 0);
    assertThat(calls.get(0).points().get(2).value()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void errorsAreAFractionOfCallsAndAbsentWithoutCalls() {
    List<WindowedRed.Series> errors =
        run(request(true, 30 * S, 30 * S), WindowedRed.Measure.ERRORS, 0);
    assertThat(errors)
        .extracting(WindowedRed.Series::operation)
        .containsExactlyInAnyOrder(Optional.of("GET /a"), Optional.of("GET /b"));
    for (WindowedRed.Series series : errors) {
      // no calls in the window ending at 0 s: no point there
      assertThat(series.points()).hasSize(2);
      double expected = series.operation().orElseThrow().equals("GET /a") ? 3 / 15.0 : 0;
      assertThat(series.points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(expected));
    }
  }

  @Test
  void latencyQuantilesInMillisecondsFromTheChosenKinds() {
    WindowedRed.Series server =
        run(request(false, 60 * S, 60 * S), WindowedRed.Measure.LATENCIES, 0.5).get(0);
    assertThat(server.points())
        .singleElement()
        .satisfies(p -> assertThat(p.value()).isCloseTo(5, within(0.05)));
    WindowedRed.Request clients =
        new WindowedRed.Request(
            List.of("web"), Set.of(SpanKind.CLIENT), false, T0 + 60 * S, 60 * S, 60 * S, 60 * S);
    assertThat(run(clients, WindowedRed.Measure.LATENCIES, 0.99).get(0).points().get(0).value())
        .isCloseTo(500, within(5.0));
  }

  @Test
  void badGridsAndQuantilesSayWhatToChange() {
    assertThatThrownBy(() -> request(false, 0, S))
        .hasMessageContaining("step and ratePer must be positive");
    assertThatThrownBy(
            () ->
                new WindowedRed.Request(
                    List.of("web"), Set.of(SpanKind.SERVER), false, T0, 3600 * S, 1_000_000L, S))
        .hasMessageContaining("raise step or shorten lookback");
    assertThatThrownBy(() -> run(request(false, S, S), WindowedRed.Measure.LATENCIES, 95))
        .hasMessageContaining("quantile=0.95");
  }
}
