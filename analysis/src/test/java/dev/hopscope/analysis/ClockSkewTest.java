package dev.hopscope.analysis;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.skew.ClockOffset;
import dev.hopscope.analysis.skew.SkewedPair;
import dev.hopscope.analysis.skew.SpanOffset;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClockSkewTest {

  /**
   * webapp calls auth twice with 2 ms on the wire each way; auth's clock is off by {@code skewMs}
   * so its spans are recorded shifted by that much.
   */
  static TestTrace twoCalls(double skewMs) {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /").kind(SpanKind.SERVER).host("w1").at(0, 300).add();
    for (int call = 0; call < 2; call++) {
      double base = 10 + call * 140;
      SpanId client =
          t.span("webapp", "GET")
              .kind(SpanKind.CLIENT)
              .host("w1")
              .parent(root)
              .at(base, base + 100)
              .add();
      SpanId server =
          t.span("auth", "GET /auth")
              .kind(SpanKind.SERVER)
              .host("a1")
              .parent(client)
              .at(base + 2 + skewMs, base + 98 + skewMs)
              .add();
      t.span("auth", "hash")
          .host("a1")
          .parent(server)
          .at(base + 10 + skewMs, base + 20 + skewMs)
          .add();
    }
    return t;
  }

  @ParameterizedTest
  @ValueSource(doubles = {-500, 500})
  void skewOfHalfASecondIsDetectedAndUndone(double skewMs) {
    TraceAnalysis analysis = TraceAnalyzer.analyze(twoCalls(skewMs).build());

    long expected = Math.round(-skewMs * MS);
    assertThat(analysis.clockSkew().impossibleBefore()).isEqualTo(2);
    assertThat(analysis.clockSkew().impossibleAfter()).isZero();
    assertThat(analysis.clockSkew().pairs())
        .containsExactly(new SkewedPair("webapp", "w1", "auth", "a1", 2, 2, expected));
    assertThat(analysis.clockSkew().offsets())
        .containsExactly(new ClockOffset("auth", "a1", expected, 4));
    assertThat(analysis.clockSkew().notes())
        .containsExactly(
            "clock skew corrected: auth " + (expected > 0 ? "+" : "") + expected / MS + " ms");
    assertThat(analysis.spanOffsets()).hasSize(4).allMatch(o -> o.offsetNanos() == expected);
    assertThat(analysis.spanOffsets()).extracting(SpanOffset::service).containsOnly("auth");
    for (Hop hop : analysis.hops()) {
      assertThat(hop.outboundGapNanos()).isEqualTo(2 * MS);
      assertThat(hop.returnGapNanos()).isEqualTo(2 * MS);
      assertThat(hop.skewCorrectionNanos()).isEqualTo(expected);
    }
    assertThat(analysis.findings()).contains(analysis.clockSkew().notes().getFirst());
    assertThat(analysis.durationNanos()).isEqualTo(300 * MS);
  }

  @Test
  void clocksThatAgreeAreLeftAlone() {
    TraceAnalysis analysis = TraceAnalyzer.analyze(twoCalls(0).build());

    assertThat(analysis.clockSkew().impossibleBefore()).isZero();
    assertThat(analysis.clockSkew().offsets()).isEmpty();
    assertThat(analysis.spanOffsets()).isEmpty();
  }

  @Test
  void singleHopSplitsTheUnexplainedTimeEvenly() {
    TestTrace t = new TestTrace();
    SpanId client = t.span("webapp", "GET").kind(SpanKind.CLIENT).at(0, 100).add();
    // auth is 500 ms behind; truly it ran 30..90 (30 ms out, 10 ms back).
    t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(client).at(-470, -410).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    Hop hop = analysis.hops().getFirst();
    assertThat(hop.outboundGapNanos()).isEqualTo(20 * MS);
    assertThat(hop.returnGapNanos()).isEqualTo(20 * MS);
    assertThat(analysis.clockSkew().notes()).containsExactly("clock skew corrected: auth +490 ms");
  }

  @Test
  void onlyTheSkewedHostOfAServiceIsShiftedAndTheNoteNamesIt() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /").kind(SpanKind.SERVER).at(0, 300).add();
    SpanId first = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(10, 100).add();
    t.span("auth", "GET /auth").kind(SpanKind.SERVER).host("a1").parent(first).at(12, 98).add();
    SpanId second = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(110, 200).add();
    t.span("auth", "GET /auth")
        .kind(SpanKind.SERVER)
        .host("a2")
        .parent(second)
        .at(112 + 500, 198 + 500)
        .add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.clockSkew().notes())
        .containsExactly("clock skew corrected: auth (a2) -500 ms");
    assertThat(analysis.hops()).extracting(Hop::outboundGapNanos).containsExactly(2 * MS, 2 * MS);
  }

  @Test
  void aSmallImpossibilityIsFixedMinimallySoAnAsymmetricGapSurvives() {
    // 100 ms lost on the way out; the server span ends 0.2 ms after its client (it records after
    // flushing the response). Splitting "evenly" would report 50 ms each way.
    TestTrace t = new TestTrace();
    SpanId client = t.span("webapp", "POST").kind(SpanKind.CLIENT).at(0, 110).add();
    t.span("auth", "POST /validate").kind(SpanKind.SERVER).parent(client).at(100, 110.2).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    Hop hop = analysis.hops().getFirst();
    assertThat(hop.outboundGapNanos()).isEqualTo(Math.round(99.8 * MS));
    assertThat(hop.returnGapNanos()).isZero();
    assertThat(analysis.clockSkew().offsets()).hasSize(1);
  }

  @Test
  void consumerBeforeItsProducerIsMovedJustEnough() {
    TestTrace t = new TestTrace();
    SpanId send = t.span("shop", "publish").kind(SpanKind.PRODUCER).at(100, 101).add();
    t.span("billing", "process").kind(SpanKind.CONSUMER).parent(send).at(60, 200).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.clockSkew().notes())
        .containsExactly("clock skew corrected: billing +40 ms");
    assertThat(analysis.hops().getFirst().outboundGapNanos()).isZero();
  }

  @Test
  void contradictoryHopsAreReportedAsStillImpossible() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /").kind(SpanKind.SERVER).at(0, 400).add();
    SpanId first = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(0, 100).add();
    t.span("auth", "a").kind(SpanKind.SERVER).parent(first).at(-200, -110).add();
    SpanId second = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(200, 300).add();
    t.span("auth", "a").kind(SpanKind.SERVER).parent(second).at(450, 540).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.clockSkew().impossibleBefore()).isEqualTo(2);
    assertThat(analysis.clockSkew().impossibleAfter()).isEqualTo(1);
    assertThat(analysis.findings())
        .contains("1 calls still have impossible timings after clock-skew correction");
  }

  @Test
  void offsetsAreRelativeToTheRootEvenWhenASkewedOrphanStartsFirst() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /").kind(SpanKind.SERVER).at(0, 100).add();
    SpanId client = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(10, 90).add();
    t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(client).at(-480, -420).add();
    t.span("auth", "cleanup").parent(new SpanId(777)).at(-600, -590).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.clockSkew().notes()).containsExactly("clock skew corrected: auth +500 ms");
    assertThat(analysis.hops().getFirst().outboundGapNanos()).isEqualTo(10 * MS);
  }
}
