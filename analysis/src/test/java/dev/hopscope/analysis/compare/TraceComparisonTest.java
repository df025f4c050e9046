package dev.hopscope.analysis.compare;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.TestTrace;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import org.junit.jupiter.api.Test;

class TraceComparisonTest {

  /** webapp -> auth; the slow variant has 100 ms on the wire, a retry and no cache lookup. */
  static Trace shop(long id, double wireMs, boolean slow) {
    TestTrace t = new TestTrace(new TraceId(9, id));
    SpanId root = t.span("webapp", "GET /products").kind(SpanKind.SERVER).at(0, 150 + wireMs).add();
    if (!slow) {
      t.span("webapp", "cache get").parent(root).at(1, 3).add();
    }
    SpanId call =
        t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(5, 140 + wireMs).add();
    t.span("auth", "GET /auth")
        .kind(SpanKind.SERVER)
        .parent(call)
        .at(6 + wireMs, 138 + wireMs)
        .add();
    if (slow) {
      SpanId retry =
          t.span("webapp", "GET")
              .kind(SpanKind.CLIENT)
              .parent(root)
              .at(141 + wireMs, 145 + wireMs)
              .add();
      t.span("auth", "GET /auth")
          .kind(SpanKind.SERVER)
          .parent(retry)
          .at(142 + wireMs, 144 + wireMs)
          .add();
    }
    return t.build();
  }

  @Test
  void reportsAddedRemovedAndTheLargestChanges() {
    TraceDiff diff = TraceComparison.compare(shop(1, 1, false), shop(2, 100, true));

    assertThat(diff.durationDeltaNanos()).isEqualTo(99 * MS);
    assertThat(diff.matchedCount()).isEqualTo(3);
    assertThat(diff.addedCount()).isEqualTo(2);
    assertThat(diff.removedCount()).isEqualTo(1);
    assertThat(diff.removed())
        .containsExactly(
            new AlignedSpan(
                "webapp",
                "cache get",
                "webapp: GET /products > webapp: cache get",
                "0000000000000002",
                2 * MS));
    assertThat(diff.added())
        .extracting(AlignedSpan::path)
        .containsExactly(
            "webapp: GET /products > webapp: GET",
            "webapp: GET /products > webapp: GET > auth: GET /auth");
    SpanChange top = diff.durationChanges().getFirst();
    assertThat(top.service()).isEqualTo("webapp");
    assertThat(top.deltaNanos()).isEqualTo(99 * MS);
    GapChange gap = diff.gapChanges().getFirst();
    assertThat(gap.caller()).isEqualTo("webapp");
    assertThat(gap.callee()).isEqualTo("auth");
    assertThat(gap.outboundDeltaNanos()).isEqualTo(99 * MS);
    assertThat(gap.returnDeltaNanos()).isZero();
    assertThat(diff.summary())
        .containsExactly(
            "b took 250 ms vs 151 ms (+99 ms)",
            "largest span change: webapp `GET /products` +99 ms",
            "largest gap change: webapp -> auth on the way out +99 ms",
            "2 spans only in b, 1 spans only in a");
  }

  @Test
  void identicalTracesHaveNoDifferences() {
    TraceDiff diff = TraceComparison.compare(shop(1, 1, false), shop(2, 1, false));

    assertThat(diff.addedCount()).isZero();
    assertThat(diff.removedCount()).isZero();
    assertThat(diff.durationChanges()).allMatch(c -> c.deltaNanos() == 0);
    assertThat(diff.summary()).containsExactly("b took 151 ms vs 151 ms (0 ms)");
  }

  @Test
  void deepPathsAreElidedInTheMiddle() {
    TestTrace t = new TestTrace();
    SpanId parent = null;
    for (int i = 0; i < 8; i++) {
      parent = t.span("s" + i, "op").parent(parent).at(i, 100 - i).add();
    }
    Trace deep = t.build();

    TraceDiff diff = TraceComparison.compare(new TestTrace(new TraceId(3, 3)).build(), deep);

    assertThat(diff.added().getLast().path())
        .isEqualTo("s0: op > s1: op > … > s5: op > s6: op > s7: op");
  }
}
