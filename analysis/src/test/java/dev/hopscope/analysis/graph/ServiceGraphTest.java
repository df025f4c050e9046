package dev.hopscope.analysis.graph;

import static dev.hopscope.analysis.TestTrace.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hopscope.analysis.TestTrace;
import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.sketch.LatencySketch;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.TraceId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
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

  /** The smallest hop: webapp calls auth at {@code atMs}, the client starting 5 ms later. */
  static TraceAnalysis call(double atMs, int n) {
    TestTrace t = new TestTrace(new TraceId(8, n + 1));
    SpanId root = t.span("webapp", "GET /products").kind(SpanKind.SERVER).at(atMs, atMs + 10).add();
    SpanId client =
        t.span("webapp", "GET").kind(SpanKind.CLIENT).parent(root).at(atMs + 5, atMs + 9).add();
    t.span("auth", "GET /auth").kind(SpanKind.SERVER).parent(client).at(atMs + 6, atMs + 8).add();
    return TraceAnalyzer.analyze(t.build());
  }

  @Test
  void rateIsOverTheTimeTheCallsCoverNotOverTheWindowAskedFor() {
    // A shop that has sent 20 requests a second for one minute, whatever window it is read
    // through: 1,201 calls 50 ms apart. Averaged over a one-hour window this read 0.33/s.
    ServiceGraph graph = ServiceGraph.create();
    for (int n = 0; n <= 1200; n++) {
      graph.add(call(n * 50.0, n));
    }

    GraphEdge edge = graph.snapshot().edges().getFirst();

    assertThat(edge.requestCount()).isEqualTo(1201);
    assertThat(edge.firstCallNanos()).isEqualTo(TestTrace.EPOCH + 5 * MS);
    assertThat(edge.lastCallNanos()).isEqualTo(TestTrace.EPOCH + 60_005 * MS);
    assertThat(edge.requestsPerSecond()).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void aSingleCallHasNoRateAndABurstCountsAsOneSecond() {
    ServiceGraph single = ServiceGraph.create();
    single.add(call(0, 0));
    ServiceGraph burst = ServiceGraph.create();
    for (int n = 0; n < 11; n++) {
      burst.add(call(n * 0.001, n)); // 11 calls within 10 µs
    }

    assertThat(single.snapshot().edges().getFirst().requestsPerSecond()).isZero();
    assertThat(burst.snapshot().edges().getFirst().requestsPerSecond())
        .isCloseTo(10.0, within(1e-9));
  }

  @Test
  void mergedHalvesCoverBothHalvesInEitherOrder() {
    ServiceGraph early = ServiceGraph.create();
    ServiceGraph late = ServiceGraph.create();
    for (int n = 0; n < 100; n++) {
      (n < 50 ? early : late).add(call(n * 100.0, n));
    }
    ServiceGraph earlyThenLate = early.copy();
    earlyThenLate.merge(late);
    ServiceGraph lateThenEarly = late.copy();
    lateThenEarly.merge(early);

    GraphEdge edge = earlyThenLate.snapshot().edges().getFirst();
    assertThat(edge.requestsPerSecond()).isCloseTo(10.0, within(1e-9));
    assertThat(lateThenEarly.snapshot()).isEqualTo(earlyThenLate.snapshot());
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

    GraphEdge slowEdge = slow.snapshot().edges().getFirst();
    GraphEdge healthyEdge = healthy.snapshot().edges().getFirst();

    assertThat(slowEdge.caller()).isEqualTo("auth");
    GraphEdge webappToAuth = slow.snapshot().edges().get(1);
    assertThat(webappToAuth.caller()).isEqualTo("webapp");
    assertThat(webappToAuth.callee()).isEqualTo("auth");
    assertThat(webappToAuth.requestCount()).isEqualTo(200);
    assertThat(webappToAuth.outboundGap().p50Nanos()).isCloseTo(101 * MS, within(10 * MS));
    assertThat(healthy.snapshot().edges().get(1).outboundGap().p50Nanos()).isLessThan(5 * MS);
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

    ServiceGraphSnapshot snapshot = graph.snapshot();

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
    assertThat(merged.snapshot().edges()).isEqualTo(all.snapshot().edges());
    ServiceGraph firstMinute = timeline.range(start, start + 1);
    assertThat(firstMinute.snapshot().edges().get(1).requestCount()).isLessThan(300);
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

    assertThat(back.snapshot()).isEqualTo(graph.snapshot());
    assertThatThrownBy(() -> ServiceGraph.fromBytes(new byte[] {1, 2, 3, 4, 5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic HSG1");
    byte[] truncated = Arrays.copyOf(graph.toBytes(), 40);
    assertThatThrownBy(() -> ServiceGraph.fromBytes(truncated))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsFormatOneGraphsWithUnknownCallTimes() throws IOException {
    // Format 1, written by hand: one edge webapp -> auth with 7 calls, 1 error, empty sketches.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x48534731);
      out.writeByte(1);
      out.writeInt(2);
      for (String node : new String[] {"auth", "webapp"}) {
        out.writeUTF(node);
        out.writeByte(NodeKind.SERVICE.ordinal());
      }
      out.writeInt(1);
      out.writeUTF("webapp");
      out.writeUTF("auth");
      out.writeByte(NodeKind.SERVICE.ordinal());
      out.writeLong(7);
      out.writeLong(1);
      for (int s = 0; s < 4; s++) {
        byte[] sketch = LatencySketch.create().toBytes();
        out.writeInt(sketch.length);
        out.write(sketch);
      }
    }

    ServiceGraph old = ServiceGraph.fromBytes(bytes.toByteArray());
    GraphEdge edge = old.snapshot().edges().getFirst();
    assertThat(edge.requestCount()).isEqualTo(7);
    assertThat(edge.errorCount()).isEqualTo(1);
    assertThat(edge.requestsPerSecond()).isZero();
    assertThat(edge.firstCallNanos()).isZero();
    assertThat(edge.lastCallNanos()).isZero();

    // Merged with calls of known times, the known times are kept.
    old.add(call(0, 0));
    old.add(call(1000, 1));
    GraphEdge merged = old.snapshot().edges().getFirst();
    assertThat(merged.requestCount()).isEqualTo(9);
    assertThat(merged.firstCallNanos()).isEqualTo(TestTrace.EPOCH + 5 * MS);
    assertThat(merged.lastCallNanos()).isEqualTo(TestTrace.EPOCH + 1005 * MS);
  }
}
