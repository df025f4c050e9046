package dev.hopscope.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.graph.GraphDigest;
import dev.hopscope.analysis.graph.ServiceGraph;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.otlp.DecodeResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each benchmark method once, for correctness: JMH itself never runs in the build. */
class JmhBenchmarksTest {
  private final Counters counters = new Counters();

  @BeforeEach
  void startCounting() {
    counters.reset();
  }

  @Test
  void decodersAgreeOnTheSpanCount() throws Exception {
    OtlpDecodeBenchmark benchmark = new OtlpDecodeBenchmark();
    benchmark.setup();
    DecodeResult ours = benchmark.hopscopeDecode(counters);
    assertThat(ours.hasRejections()).isFalse();
    assertThat(ours.accepted().size()).isEqualTo(OtlpDecodeBenchmark.SPANS);
    assertThat(
            benchmark.protobufJavaParse(counters).getResourceSpansList().stream()
                .flatMap(r -> r.getScopeSpansList().stream())
                .mapToInt(s -> s.getSpansCount())
                .sum())
        .isEqualTo(OtlpDecodeBenchmark.SPANS);
    assertThat(counters.bytes).isEqualTo(2L * benchmark.body.length);
    assertThat(counters.cpuNanos).isPositive();
  }

  @Test
  void walAppendsAreDurable() throws Exception {
    for (String sync : new String[] {"none", "fsync"}) {
      WalAppendBenchmark benchmark = new WalAppendBenchmark();
      benchmark.sync = sync;
      benchmark.data();
      benchmark.open();
      try {
        assertThat(benchmark.append(counters)).isNotNull();
      } finally {
        benchmark.close();
      }
      assertThat(benchmark.directory).doesNotExist();
    }
  }

  @Test
  void walRecordEncodesTheBatch() {
    WalRecordEncodeBenchmark benchmark = new WalRecordEncodeBenchmark();
    benchmark.setup();
    assertThat(benchmark.encodeRecord(counters)).isNotEmpty();
  }

  @Test
  void blockRoundTripsEverySpan() throws Exception {
    BlockBenchmark benchmark = new BlockBenchmark();
    benchmark.setup();
    try {
      assertThat(benchmark.encode(counters)).isEqualTo(benchmark.blockBytes);
      assertThat(benchmark.decode(counters)).isEqualTo(BlockBenchmark.SPANS);
      long spansBefore = counters.spans;
      assertThat(benchmark.cut(counters)).isPositive();
      assertThat(counters.spans - spansBefore)
          .as("a cut writes every row of its request batches")
          .isEqualTo(benchmark.requests.stream().mapToLong(SpanBatch::size).sum());
    } finally {
      benchmark.tearDown();
    }
  }

  @Test
  void bloomFindsWhatWasAdded() {
    BloomLookupBenchmark benchmark = new BloomLookupBenchmark();
    benchmark.setup();
    for (int i = 0; i < 1000; i++) {
      assertThat(benchmark.presentId()).isTrue();
    }
    int falsePositives = 0;
    for (int i = 0; i < 1000; i++) {
      falsePositives += benchmark.absentId() ? 1 : 0;
    }
    assertThat(falsePositives).isLessThan(50);
  }

  @Test
  void everyTraceQlQueryRunsAndSomeMatch() {
    String[] queries = {
      "{ resource.service.name = \"checkout\" && span.http.response.status_code >= 500 }",
      "{ duration > 100ms && kind = server }",
      "{ resource.service.name = \"frontend\" } >> { status = error }"
    };
    for (String query : queries) {
      TraceQlFilterBenchmark benchmark = new TraceQlFilterBenchmark();
      benchmark.query = query;
      benchmark.setup();
      assertThat(benchmark.evaluate(counters)).as(query).isPositive();
    }
  }

  @Test
  void hopAnalysisOfTenThousandSpans() {
    HopAnalysisBenchmark benchmark = new HopAnalysisBenchmark();
    benchmark.setup();
    TraceAnalysis analysis = benchmark.analyze();
    assertThat(analysis.spanCount()).isEqualTo(HopAnalysisBenchmark.SPANS);
    assertThat(analysis.hops()).isNotEmpty();
    assertThat(analysis.peers()).isNotEmpty();
  }

  @Test
  void theGraphDigestOfABlockReadsBackAsItsTracesGraph() {
    GraphDigestBenchmark benchmark = new GraphDigestBenchmark();
    benchmark.setup();
    assertThat(benchmark.digest(counters)).isPositive();
    ServiceGraph read = ServiceGraph.create();
    GraphDigest.mergeInto(read, benchmark.lastDigest, Long.MIN_VALUE, Long.MAX_VALUE);
    ServiceGraph analysed = ServiceGraph.create();
    Data.traces(benchmark.sorted).forEach(t -> analysed.add(TraceAnalyzer.analyze(t)));
    assertThat(read.snapshot().edges()).isNotEmpty();
    assertThat(read.snapshot()).isEqualTo(analysed.snapshot());
  }
}
