package dev.hopscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.path.CriticalPath;
import dev.hopscope.analysis.path.PathSegment;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.testing.RandomSpans;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TraceAnalysisPropertiesTest {

  @Property(tries = 200, seed = "7001")
  void gapsAndServerTimeAddUpToTheClientWhenClocksAgree(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int size) {
    TraceAnalysis analysis = TraceAnalyzer.analyze(RandomTraces.consistent(seed, size));

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
  }

  @Property(tries = 200, seed = "7002")
  void criticalPathCoversTheWellFormedTraceExactly(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 80) int size) {
    assertCovers(TraceAnalyzer.analyze(RandomTraces.consistent(seed, size)));
  }

  @Property(tries = 200, seed = "7003")
  void criticalPathCoversEvenABrokenTraceExactly(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size) {
    assertCovers(TraceAnalyzer.analyze(RandomTraces.chaotic(seed, size)));
  }

  @Property(tries = 50, seed = "7004")
  void anySpansFromTheSharedGeneratorAreAnalyzed(@ForAll long seed) {
    RandomSpans random = new RandomSpans(seed);
    var traceId = random.traceId();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      spans.add(random.span(traceId));
    }
    assertCovers(TraceAnalyzer.analyze(new Trace(traceId, spans)));
  }

  @Property(tries = 100, seed = "7005")
  void findingsAndAllOtherResultsAreDeterministic(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 60) int size) {
    Trace trace =
        seed % 2 == 0 ? RandomTraces.consistent(seed, size) : RandomTraces.chaotic(seed, size);
    List<Span> shuffled = new ArrayList<>(trace.spans());
    Collections.shuffle(shuffled, new Random(seed));

    TraceAnalysis first = TraceAnalyzer.analyze(trace);
    TraceAnalysis again = TraceAnalyzer.analyze(new Trace(trace.traceId(), shuffled));

    assertThat(again).isEqualTo(first);
    assertThat(again.findings()).isEqualTo(first.findings());
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
