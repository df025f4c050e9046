package dev.hopscope.analysis;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.hop.UninstrumentedPeer;
import dev.hopscope.analysis.path.PathSegment;
import dev.hopscope.analysis.path.SegmentKind;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceAnalyzerTest {

  /** webapp -> auth -> h2, with 110 ms lost on the way to auth and 520 ms in the database. */
  static TestTrace shop() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /products").kind(SpanKind.SERVER).at(0, 840).add();
    SpanId call = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(100, 760).add();
    SpanId auth = t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(call).at(210, 750).add();
    t.span("auth", "SELECT shop.products")
        .kind(SpanKind.CLIENT)
        .parent(auth)
        .at(220, 740)
        .attr("db.system", "h2")
        .attr("db.namespace", "shop")
        .attr("db.query.text", "SELECT *\n  FROM products")
        .add();
    return t;
  }

  @Test
  void nestedHopHasGapsAndServerTime() {
    TraceAnalysis analysis = TraceAnalyzer.analyze(shop().build());

    assertThat(analysis.hops()).hasSize(1);
    Hop hop = analysis.hops().getFirst();
    assertThat(hop.callerService()).isEqualTo("webapp");
    assertThat(hop.calleeService()).isEqualTo("auth");
    assertThat(hop.async()).isFalse();
    assertThat(hop.outboundGapNanos()).isEqualTo(110 * MS);
    assertThat(hop.serverTimeNanos()).isEqualTo(540 * MS);
    assertThat(hop.returnGapNanos()).isEqualTo(10 * MS);
    assertThat(hop.clientDurationNanos()).isEqualTo(660 * MS);
    assertThat(hop.skewCorrectionNanos()).isZero();
    assertThat(analysis.durationNanos()).isEqualTo(840 * MS);
    assertThat(analysis.rootService()).isEqualTo("webapp");
    assertThat(analysis.clockSkew().corrected()).isFalse();
  }

  @Test
  void jdbcClientWithoutServerChildIsAnUninstrumentedPeer() {
    TraceAnalysis analysis = TraceAnalyzer.analyze(shop().build());

    assertThat(analysis.peers()).hasSize(1);
    UninstrumentedPeer peer = analysis.peers().getFirst();
    assertThat(peer.callerService()).isEqualTo("auth");
    assertThat(peer.name()).isEqualTo("h2/shop");
    assertThat(peer.system()).isEqualTo("h2");
    assertThat(peer.statement()).isEqualTo("SELECT * FROM products");
    assertThat(peer.label()).isEqualTo("h2 database `SELECT * FROM products`");
    assertThat(peer.durationNanos()).isEqualTo(520 * MS);
  }

  @Test
  void criticalPathSplitsWorkPeerAndGaps() {
    List<PathSegment> segments = TraceAnalyzer.analyze(shop().build()).criticalPath().segments();

    assertThat(segments)
        .extracting(PathSegment::kind)
        .containsExactly(
            SegmentKind.WORK,
            SegmentKind.OUTBOUND_GAP,
            SegmentKind.WORK,
            SegmentKind.PEER,
            SegmentKind.WORK,
            SegmentKind.RETURN_GAP,
            SegmentKind.WORK);
    assertThat(segments)
        .extracting(PathSegment::durationNanos)
        .containsExactly(100 * MS, 110 * MS, 10 * MS, 520 * MS, 10 * MS, 10 * MS, 80 * MS);
    assertThat(segments.get(1).service()).isEqualTo("webapp");
    assertThat(segments.get(1).peer()).isEqualTo("auth");
  }

  @Test
  void findingsNameTheDatabaseAndTheGap() {
    List<String> findings = TraceAnalyzer.analyze(shop().build()).findings();

    assertThat(findings)
        .containsExactly(
            "62% (520 ms) of 840 ms: auth -> h2 database `SELECT * FROM products`",
            "21% (180 ms) of 840 ms: webapp `GET /products`",
            "110 ms lost between webapp and auth on the way out",
            "2% (20 ms) of 840 ms: auth `GET /auth`",
            "10 ms lost between webapp and auth on the way back");
  }

  @Test
  void injectedWireDelayIsTheFirstFinding() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /products").kind(SpanKind.SERVER).at(0, 130).add();
    SpanId call = t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(5, 125).add();
    t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(call).at(105, 124).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.findings().getFirst())
        .isEqualTo("100 ms lost between webapp and auth on the way out");
  }

  @Test
  void asyncProducerConsumerHopIsFollowedPastTheProducersEnd() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("shop", "POST /order").kind(SpanKind.SERVER).at(0, 100).add();
    SpanId send =
        t.span("shop", "orders publish")
            .kind(SpanKind.PRODUCER)
            .parent(root)
            .at(10, 12)
            .attr("messaging.system", "kafka")
            .add();
    t.span("billing", "orders process").kind(SpanKind.CONSUMER).parent(send).at(50, 300).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    Hop hop = analysis.hops().getFirst();
    assertThat(hop.async()).isTrue();
    assertThat(hop.clientKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(hop.outboundGapNanos()).isEqualTo(40 * MS);
    assertThat(hop.returnGapNanos()).isEqualTo(-288 * MS);
    assertThat(analysis.peers()).isEmpty();
    assertThat(analysis.clockSkew().impossibleBefore()).isZero();
    assertThat(analysis.durationNanos()).isEqualTo(300 * MS);
    assertThat(analysis.criticalPath().segments())
        .extracting(PathSegment::kind, PathSegment::durationNanos)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 10 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.OUTBOUND_GAP, 40 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 250 * MS));
  }

  @Test
  void fanOutPathFollowsTheSlowerBranch() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /checkout").kind(SpanKind.SERVER).at(0, 200).add();
    SpanId toAuth = t.span("webapp", "auth").kind(SpanKind.CLIENT).parent(root).at(10, 60).add();
    SpanId toPay = t.span("webapp", "pay").kind(SpanKind.CLIENT).parent(root).at(10, 190).add();
    t.span("auth", "check").kind(SpanKind.SERVER).parent(toAuth).at(12, 58).add();
    t.span("payments", "charge").kind(SpanKind.SERVER).parent(toPay).at(15, 185).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.hops()).extracting(Hop::calleeService).containsExactly("auth", "payments");
    assertThat(analysis.criticalPath().segments())
        .extracting(PathSegment::service, PathSegment::peer, PathSegment::durationNanos)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("webapp", "", 10 * MS),
            org.assertj.core.groups.Tuple.tuple("webapp", "payments", 5 * MS),
            org.assertj.core.groups.Tuple.tuple("payments", "", 170 * MS),
            org.assertj.core.groups.Tuple.tuple("webapp", "payments", 5 * MS),
            org.assertj.core.groups.Tuple.tuple("webapp", "", 10 * MS));
  }

  @Test
  void orphansAndMissingParentsBecomeTopLevelWithUntracedTimeBetween() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "GET /").kind(SpanKind.SERVER).at(0, 50).add();
    t.span("webapp", "render").parent(root).at(10, 20).add();
    // The parent of these spans never arrived.
    SpanId orphan =
        t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(new SpanId(999)).at(80, 120).add();
    t.span("auth", "hash").parent(orphan).at(90, 100).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.orphanCount()).isEqualTo(1);
    assertThat(analysis.hops()).isEmpty();
    assertThat(analysis.durationNanos()).isEqualTo(120 * MS);
    assertThat(analysis.criticalPath().segments())
        .extracting(PathSegment::kind, PathSegment::durationNanos)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 10 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 10 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 30 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.UNTRACED, 30 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 10 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 10 * MS),
            org.assertj.core.groups.Tuple.tuple(SegmentKind.WORK, 20 * MS));
    assertThat(analysis.findings())
        .contains(
            "33% (40 ms) of 120 ms: webapp `GET /`",
            "30 ms of 120 ms not covered by any span",
            "1 span arrived without its parent; the trace is incomplete");
  }

  @Test
  void parentCycleDoesNotLoseSpans() {
    TestTrace t = new TestTrace();
    t.span("a", "x").id(1).parent(new SpanId(2)).at(0, 10).add();
    t.span("a", "y").id(2).parent(new SpanId(1)).at(1, 9).add();

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.spanCount()).isEqualTo(2);
    assertThat(analysis.criticalPath().durationNanos()).isEqualTo(10 * MS);
    assertThat(
            analysis.criticalPath().segments().stream().mapToLong(PathSegment::durationNanos).sum())
        .isEqualTo(10 * MS);
  }

  @Test
  void emptyTraceHasAnEmptyAnalysis() {
    TraceAnalysis analysis = TraceAnalyzer.analyze(new TestTrace().build());

    assertThat(analysis.spanCount()).isZero();
    assertThat(analysis.criticalPath().segments()).isEmpty();
    assertThat(analysis.findings()).isEmpty();
  }
}
