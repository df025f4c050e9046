package dev.hopscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.path.CriticalPath;
import dev.hopscope.analysis.path.PathSegment;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.model.testing.SeededProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceAnalysisPropertiesTest {

  /** A {@link RandomTraces} seed and how many spans the trace has. */
  private record Traces(long seed, int size) {}

  @Test
  void gapsAndServerTimeAddUpToTheClientWhenClocksAgree() {
    SeededProperty.check(
        edgeCases(80),
        200,
        random -> traces(random, 80),
        input -> {
          TraceAnalysis analysis =
              TraceAnalyzer.analyze(RandomTraces.consistent(input.seed(), input.size()));

          assertThat(analysis.clockSkew().impossibleBefore()).isZero();
          assertThat(analysis.spanOffsets()).isEmpty();
          for (Hop hop : analysis.hops()) {
            assertThat(hop.outboundGapNanos() + hop.serverTimeNanos() + hop.returnGapNanos())
                .isEqualTo(hop.clientDurationNanos());
            assertThat(hop.outboundGapNanos()).isNotNegative();
            if (!hop.async()) {
              assertThat(hop.returnGapNanos()).isNotNegative();
            }
          }
        });
  }

  @Test
  void criticalPathCoversTheWellFormedTraceExactly() {
    SeededProperty.check(
        edgeCases(80),
        200,
        random -> traces(random, 80),
        input ->
            assertCovers(
                TraceAnalyzer.analyze(RandomTraces.consistent(input.seed(), input.size()))));
  }

  @Test
  void criticalPathCoversEvenABrokenTraceExactly() {
    SeededProperty.check(
        edgeCases(60),
        200,
        random -> traces(random, 60),
        input ->
            assertCovers(TraceAnalyzer.analyze(RandomTraces.chaotic(input.seed(), input.size()))));
  }

  @Test
  void anySpansFromTheSharedGeneratorAreAnalyzed() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        50,
        Draw::anyLong,
        seed -> {
          RandomSpans random = new RandomSpans(seed);
          var traceId = random.traceId();
          List<Span> spans = new ArrayList<>();
          for (int i = 0; i < 30; i++) {
            spans.add(random.span(traceId));
          }
          assertCovers(TraceAnalyzer.analyze(new Trace(traceId, spans)));
        });
  }

  @Test
  void findingsAndAllOtherResultsAreDeterministic() {
    SeededProperty.check(
        edgeCases(60),
        100,
        random -> traces(random, 60),
        input -> {
          long seed = input.seed();
          Trace trace =
              seed % 2 == 0
                  ? RandomTraces.consistent(seed, input.size())
                  : RandomTraces.chaotic(seed, input.size());
          List<Span> shuffled = new ArrayList<>(trace.spans());
          Collections.shuffle(shuffled, new Random(seed));

          TraceAnalysis first = TraceAnalyzer.analyze(trace);
          TraceAnalysis again = TraceAnalyzer.analyze(new Trace(trace.traceId(), shuffled));

          assertThat(again).isEqualTo(first);
          assertThat(again.findings()).isEqualTo(first.findings());
        });
  }

  private static Traces traces(SplittableRandom random, int maxSize) {
    return new Traces(Draw.anyLong(random), Draw.intBetween(random, 1, maxSize));
  }

  /** Edge seeds with one span, two, and the most. */
  private static List<Traces> edgeCases(int maxSize) {
    return Draw.pairs(Draw.LONG_EDGES, Draw.intEdges(1, maxSize), Traces::new);
  }

  private static void assertCovers(TraceAnalysis analysis) {
    CriticalPath path = analysis.criticalPath();
    assertThat(path.durationNanos()).isEqualTo(analysis.durationNanos());
    long at = path.startNanos();
    long sum = 0;
    for (PathSegment segment : path.segments()) {
      assertThat(segment.startNanos()).isEqualTo(at);
      assertThat(segment.durationNanos()).isPositive();
      at = segment.endNanos();
      sum += segment.durationNanos();
    }
    assertThat(sum).isEqualTo(path.durationNanos());
    if (!path.segments().isEmpty()) {
      assertThat(at).isEqualTo(path.endNanos());
    }
  }
}
