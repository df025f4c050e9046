package dev.hopscope.analysis.aggregate;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.analysis.TestTrace;
import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.path.SegmentKind;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateTest {

  /** webapp -> auth -> h2; a slow request waits {@code poolMs} for a connection before auth. */
  static Trace request(int n, double poolMs, String pool) {
    TestTrace t = new TestTrace(new TraceId(5, n + 1));
    SpanId root =
        t.span("webapp", "GET /products")
            .kind(SpanKind.SERVER)
            .attr("http.route", "/products")
            .attr("request.id", "r" + n)
            .at(0, 60 + poolMs)
            .add();
    SpanId call =
        t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(5, 55 + poolMs).add();
    SpanId auth =
        t.span("auth", "GET /auth")
            .kind(SpanKind.SERVER)
            .parent(call)
            .attr("auth.pool", pool)
            .at(6 + poolMs, 54 + poolMs)
            .add();
    t.span("auth", "SELECT")
        .kind(SpanKind.CLIENT)
        .parent(auth)
        .attr("db.system", "h2")
        .at(10 + poolMs, 50 + poolMs)
        .add();
    return t.build();
  }

  @Test
  void aggregatedCriticalPathAveragesAndCountsAbsentAsZero() {
    CriticalPathAggregate left = CriticalPathAggregate.create();
    CriticalPathAggregate right = CriticalPathAggregate.create();
    for (int n = 0; n < 100; n++) {
      (n % 2 == 0 ? left : right).add(TraceAnalyzer.analyze(request(n, n < 5 ? 100 : 0, "ok")));
    }
    left.merge(right);

    AggregatedCriticalPath path = left.snapshot();

    assertThat(path.traceCount()).isEqualTo(100);
    AggregatedContribution top = path.contributions().getFirst();
    assertThat(top.kind()).isEqualTo(SegmentKind.PEER);
    assertThat(top.peer()).isEqualTo("h2 database");
    assertThat(top.meanNanos()).isEqualTo(40 * MS);
    AggregatedContribution gap =
        path.contributions().stream()
            .filter(c -> c.kind() == SegmentKind.OUTBOUND_GAP)
            .findFirst()
            .orElseThrow();
    assertThat(gap.meanNanos()).isEqualTo(6 * MS);
    assertThat(gap.p99Nanos()).isCloseTo(101 * MS, within(2 * MS));
    assertThat(gap.traceCount()).isEqualTo(100);
    assertThat(path.duration().count()).isEqualTo(100);
  }

  @Test
  void attributionRanksThePoolAttributeAndTheOutboundGap() {
    List<Trace> slow = new ArrayList<>();
    List<Trace> baseline = new ArrayList<>();
    for (int n = 0; n < 25; n++) {
      slow.add(request(n, 100, n < 23 ? "exhausted" : "ok"));
    }
    for (int n = 0; n < 50; n++) {
      baseline.add(request(100 + n, 0, n < 2 ? "exhausted" : "ok"));
    }

    Attribution attribution = SlowBaselineAttribution.compare(slow, baseline);

    assertThat(attribution.slowMeanDurationNanos()).isEqualTo(160 * MS);
    assertThat(attribution.baselineMeanDurationNanos()).isEqualTo(60 * MS);
    AttributeSkew first = attribution.attributes().getFirst();
    assertThat(first.key()).isEqualTo("auth.pool");
    assertThat(first.value()).isEqualTo("exhausted");
    assertThat(attribution.attributes())
        .extracting(AttributeSkew::key)
        .doesNotContain("request.id", "http.route");
    ContributionDelta delta = attribution.contributions().getFirst();
    assertThat(delta.kind()).isEqualTo(SegmentKind.OUTBOUND_GAP);
    assertThat(delta.deltaNanos()).isEqualTo(100 * MS);
    assertThat(delta.shareOfDifference()).isEqualTo(1.0);
    assertThat(attribution.findings())
        .containsExactly(
            "`auth.pool=exhausted`: 92% of slow vs 4% of baseline",
            "webapp -> auth on the way out: +100 ms per trace (101 ms slow vs 1 ms baseline)");
  }
}
