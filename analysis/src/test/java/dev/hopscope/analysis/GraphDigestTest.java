package dev.hopscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hopscope.analysis.graph.GraphDigest;
import dev.hopscope.analysis.graph.ServiceGraph;
import dev.hopscope.analysis.graph.ServiceGraphTimeline;
import dev.hopscope.analysis.red.RedMetrics;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.model.testing.SeededProperty;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The digest a store keeps per block gives the graph that analysing the same traces gives: over
 * every minute, and over any window at minute granularity, whether the window takes the block's
 * whole graph or picks its minutes.
 */
class GraphDigestTest {
  private static final long MINUTE = ServiceGraphTimeline.MINUTE_NANOS;

  /** Traces spread over {@code minutes} minutes from {@link TestTrace#EPOCH}. */
  private record Traces(List<Trace> traces, int minutes) {}

  private static Traces traces(SplittableRandom random) {
    int minutes = 1 + random.nextInt(6);
    List<Trace> traces = new ArrayList<>();
    int count = random.nextInt(25);
    for (int i = 0; i < count; i++) {
      Trace trace =
          random.nextInt(5) == 0
              ? RandomTraces.chaotic(random.nextLong(), 1 + random.nextInt(12))
              : RandomTraces.consistent(random.nextLong(), 1 + random.nextInt(20));
      traces.add(shifted(trace, i, (long) (random.nextDouble() * minutes * MINUTE)));
    }
    return new Traces(traces, minutes);
  }

  @Test
  void theWholeDigestIsTheGraphOfTheAnalysedTraces() {
    SeededProperty.check(
        List.of(new Traces(List.of(), 1)),
        100,
        GraphDigestTest::traces,
        input -> {
          ServiceGraph analysed = ServiceGraph.create();
          ServiceGraphTimeline timeline = ServiceGraphTimeline.create();
          RedMetrics red = RedMetrics.create();
          for (Trace trace : input.traces()) {
            analysed.add(TraceAnalyzer.analyze(trace));
            timeline.add(trace);
            red.add(trace);
          }
          byte[] digest = GraphDigest.encode(timeline, red);
          ServiceGraph read = ServiceGraph.create();
          GraphDigest.mergeInto(read, digest, Long.MIN_VALUE + 1, Long.MAX_VALUE);
          assertThat(read.snapshot()).isEqualTo(analysed.snapshot());
          long from = TestTrace.EPOCH - MINUTE;
          long to = TestTrace.EPOCH + (input.minutes() + 2) * MINUTE;
          for (String service : red.services()) {
            RedMetrics one = RedMetrics.create();
            GraphDigest.mergeRedInto(one, digest, service);
            assertThat(one.services()).containsExactly(service);
            assertThat(one.series(service, "", from, to, MINUTE))
                .as(service)
                .isEqualTo(red.series(service, "", from, to, MINUTE));
            for (String operation : red.operations(service)) {
              assertThat(one.series(service, operation, from, to, 2 * MINUTE))
                  .isEqualTo(red.series(service, operation, from, to, 2 * MINUTE));
            }
          }
        });
  }

  @Test
  void aWindowReadsTheMinutesThatStartInIt() {
    SeededProperty.check(
        List.of(),
        100,
        random -> {
          Traces traces = traces(random);
          long from = TestTrace.EPOCH + (random.nextInt(traces.minutes() + 2) - 1) * MINUTE;
          long to = from + random.nextInt(traces.minutes() + 2) * MINUTE;
          // Windows that do not start on a minute read from the start of theirs.
          long jitter = random.nextBoolean() ? 0 : 1 + random.nextInt((int) (MINUTE / 1_000_000));
          return new Object[] {traces, from + jitter, to};
        },
        input -> {
          Traces traces = (Traces) input[0];
          long from = (long) input[1];
          long to = (long) input[2];
          ServiceGraphTimeline timeline = ServiceGraphTimeline.create();
          traces.traces().forEach(timeline::add);
          ServiceGraph read = ServiceGraph.create();
          GraphDigest.mergeInto(read, GraphDigest.encode(timeline, RedMetrics.create()), from, to);
          assertThat(read.snapshot()).isEqualTo(timeline.range(from, to).snapshot());
        });
  }

  @Test
  void bytesThatAreNotADigestAreRefusedByName() {
    ServiceGraphTimeline timeline = ServiceGraphTimeline.create();
    timeline.add(RandomTraces.consistent(7, 12));
    byte[] digest = GraphDigest.encode(timeline, RedMetrics.create());
    byte[] cut = Arrays.copyOf(digest, 40);
    assertThatThrownBy(
            () -> GraphDigest.mergeInto(ServiceGraph.create(), cut, Long.MIN_VALUE, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("service graph digest");
    byte[] other = digest.clone();
    other[0] = 'X';
    assertThatThrownBy(
            () ->
                GraphDigest.mergeInto(ServiceGraph.create(), other, Long.MIN_VALUE, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HSGD");
  }

  /** The trace moved by {@code delta}, under an id of its own. */
  private static Trace shifted(Trace trace, int index, long delta) {
    TraceId id = new TraceId(0x51, index + 1);
    List<Span> spans = new ArrayList<>();
    for (Span s : trace.spans()) {
      spans.add(
          new Span(
              id,
              s.spanId(),
              s.parentSpanId(),
              s.traceState(),
              s.name(),
              s.kind(),
              s.startNanos() + delta,
              s.endNanos() + delta,
              s.attributes(),
              s.events(),
              s.links(),
              s.status(),
              s.flags(),
              s.resource(),
              s.scope(),
              s.droppedAttributesCount(),
              s.droppedEventsCount(),
              s.droppedLinksCount()));
    }
    return new Trace(id, spans);
  }
}
