package dev.hopscope.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.path.PathSegment;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 100,000 spans, deep and wide: no stack overflow, no quadratic blow-up (generous timeouts). */
class LargeTraceTest {
  static final int SPANS = 100_000;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void chainOfFiftyThousandHops() {
    TestTrace t = new TestTrace();
    SpanId parent = null;
    for (int i = 0; i < SPANS; i++) {
      boolean client = i % 2 == 0;
      String service = "svc" + ((i + 1) / 2) % 7;
      parent =
          t.span(service, client ? "call" : "handle")
              .kind(client ? SpanKind.CLIENT : SpanKind.SERVER)
              .parent(parent)
              .atNanos(i * 10L, 10L * SPANS * 2 - i * 10L)
              .add();
    }

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.spanCount()).isEqualTo(SPANS);
    assertThat(analysis.hops()).hasSize(SPANS / 2);
    assertThat(
            analysis.criticalPath().segments().stream().mapToLong(PathSegment::durationNanos).sum())
        .isEqualTo(analysis.durationNanos());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void fanOutOfOneHundredThousandCallsWithSkewedHosts() {
    TestTrace t = new TestTrace();
    SpanId root = t.span("webapp", "batch").kind(SpanKind.SERVER).atNanos(0, 2_000_000_000L).add();
    for (int i = 0; i < SPANS / 2; i++) {
      long start = i * 30_000L;
      SpanId client =
          t.span("webapp", "call")
              .kind(SpanKind.CLIENT)
              .parent(root)
              .atNanos(start, start + 20_000L)
              .add();
      long skew = (i % 10 == 0) ? 500_000_000L : 0;
      t.span("worker", "handle")
          .kind(SpanKind.SERVER)
          .host("w" + i % 10)
          .parent(client)
          .atNanos(start + 1_000 + skew, start + 19_000 + skew)
          .add();
    }

    TraceAnalysis analysis = TraceAnalyzer.analyze(t.build());

    assertThat(analysis.spanCount()).isEqualTo(SPANS + 1);
    assertThat(analysis.hops()).hasSize(SPANS / 2);
    assertThat(analysis.clockSkew().notes())
        .containsExactly("clock skew corrected: worker (w0) -500 ms");
    assertThat(
            analysis.criticalPath().segments().stream().mapToLong(PathSegment::durationNanos).sum())
        .isEqualTo(analysis.durationNanos());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void clientWithOneHundredThousandInternalChildrenAndAComparison() {
    TestTrace t = new TestTrace();
    SpanId client =
        t.span("batch", "bulk insert")
            .kind(SpanKind.CLIENT)
            .attr("db.system", "h2")
            .atNanos(0, 10L * SPANS + 5)
            .add();
    for (int i = 0; i < SPANS - 1; i++) {
      t.span("batch", "row").parent(client).atNanos(10L * i + 1, 10L * i + 6).add();
    }
    var trace = t.build();

    TraceAnalysis analysis = TraceAnalyzer.analyze(trace);
    var diff = dev.hopscope.analysis.compare.TraceComparison.compare(trace, trace);

    assertThat(analysis.peers()).hasSize(1);
    assertThat(analysis.criticalPath().segments()).hasSize(2 * SPANS - 1);
    assertThat(diff.matchedCount()).isEqualTo(SPANS);
    assertThat(diff.addedCount()).isZero();
  }
}
