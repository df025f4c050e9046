package dev.hopscope.analysis.graph;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.analysis.TestTrace;
import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {

  /** One shop request; the wire between webapp and auth adds {@code wireMs} on the way out. */
  static TraceAnalysis request(int n, double wireMs, boolean error, Random random) {
    TestTrace t = new TestTrace(new TraceId(7, n + 1));
    double at = n * 1000.0;
    double jitter = random.nextDouble() * 2;
    SpanId root = t.span("webapp", "GET /products").kind(SpanKind.SERVER).at(at, at + 200).add();
    SpanId call =
        t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(at + 5, at + 190).add();
    TestTrace.SpanBuilder server = t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(call);
    if (error) {
      server.error("pool exhausted");
    }
    SpanId auth = server.at(at + 5 + wireMs + jitter, at + 188).add();
    t.span("auth", "SELECT")
        .kind(SpanKind.CLIENT)
        .parent(auth)
        .at(at + 120, at + 180)
        .attr("db.system", "h2")
        .attr("server.address", "db")
        .attr("server.port", 9092)
        .add();
    return TraceAnalyzer.analyze(t.build());
  }

  @Test
  void edgeShowsTheInjectedWireDelayAsGapMedian() {
    Random random = new Random(11);
    ServiceGraph slow = ServiceGraph.create();
    ServiceGraph healthy = ServiceGraph.create();
    for (int n = 0; n < 200; n++) {
      slow.add(request(n, 100, false, random));
      healthy.add(request(n, 0.5, false, random));
    }

    GraphEdge slowEdge = slow.snapshot(200 * 1000 * MS).edges().getFirst();
    GraphEdge healthyEdge = healthy.snapshot(200 * 1000 * MS).edges().getFirst();

    assertThat(slowEdge.caller()).isEqualTo("auth");
    GraphEdge webappToAuth = slow.snapshot(0).edges().get(1);
    assertThat(webappToAuth.caller()).isEqualTo("webapp");
    assertThat(webappToAuth.callee()).isEqualTo("auth");
    assertThat(webappToAuth.requestCount()).isEqualTo(200);
    assertThat(webappToAuth.outboundGap().p50Nanos()).isCloseTo(101 * MS, within(10 * MS));
    assertThat(healthy.snapshot(0).edges().get(1).outboundGap().p50Nanos()).isLessThan(5 * MS);
    assertThat(slowEdge.callee()).isEqualTo("h2");
    assertThat(slowEdge.calleeKind()).isEqualTo(NodeKind.PEER);
    assertThat(slowEdge.requestsPerSecond()).isCloseTo(1.0, within(1e-9));
    assertThat(healthyEdge.clientDuration().p50Nanos()).isCloseTo(60 * MS, within(MS));
  }

  @Test
  void nodesCountCallsAndErrors() {
    Random random = new Random(12);
    ServiceGraph graph = ServiceGraph.create();
    for (int n = 0; n < 10; n++) {
      graph.add(request(n, 1, n < 3, random));
    }

    ServiceGraphSnapshot snapshot = graph.snapshot(10 * 1000 * MS);

    assertThat(snapshot.nodes())
        .containsExactly(
            new GraphNode("auth", NodeKind.SERVICE, 10, 10, 3),
            new GraphNode("h2", NodeKind.PEER, 10, 0, 0),
            new GraphNode("webapp", NodeKind.SERVICE, 0, 10, 0));
    GraphEdge edge = snapshot.edges().get(1);
    assertThat(edge.errorCount()).isEqualTo(3);
    assertThat(edge.errorRate()).isEqualTo(0.3);
  }

  @Test
  void mergingMinutesEqualsBuildingAtOnce() {
    Random random = new Random(13);
    ServiceGraph all = ServiceGraph.create();
    ServiceGraphTimeline timeline = ServiceGraphTimeline.create();
    for (int n = 0; n < 300; n++) {
      TraceAnalysis analysis = request(n, n % 7, n % 11 == 0, random);
      all.add(analysis);
      timeline.add(analysis);
    }

    long start = TestTrace.EPOCH;
    ServiceGraph merged =
        timeline.range(start - ServiceGraphTimeline.MINUTE_NANOS, start + 400_000 * MS);

    assertThat(timeline.minuteCount()).isGreaterThan(1);
    assertThat(merged.snapshot(60_000 * MS).edges()).isEqualTo(all.snapshot(60_000 * MS).edges());
    ServiceGraph firstMinute = timeline.range(start, start + 1);
    assertThat(firstMinute.snapshot(0).edges().get(1).requestCount()).isLessThan(300);
    int minutes = timeline.minuteCount();
    assertThat(timeline.evictBefore(start + 400_000 * MS)).isEqualTo(minutes);
    assertThat(timeline.minuteCount()).isZero();
  }

  @Test
  void bytesRoundTripForPersistence() {
    Random random = new Random(14);
    ServiceGraph graph = ServiceGraph.create();
    for (int n = 0; n < 20; n++) {
      graph.add(request(n, n, n % 3 == 0, random));
    }

    ServiceGraph back = ServiceGraph.fromBytes(graph.toBytes());

    assertThat(back.snapshot(MS)).isEqualTo(graph.snapshot(MS));
    assertThatThrownBy(() -> ServiceGraph.fromBytes(new byte[] {1, 2, 3, 4, 5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic HSG1");
    byte[] truncated = java.util.Arrays.copyOf(graph.toBytes(), 40);
    assertThatThrownBy(() -> ServiceGraph.fromBytes(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
