package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.testing.RandomSpans;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Our hand-written protobuf decoder and encoder against protobuf-java, on random messages. */
class OtlpProtobufDecoderPropertyTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  @Property(tries = 10_000, seed = "20261201")
  void decodesEveryRandomRequestLikeProtobufJava(@ForAll long seed) throws Exception {
    byte[] body = new RandomOtlpRequests(seed).request().toByteArray();

    ReferenceMapper.Expected expected =
        ReferenceMapper.map(ExportTraceServiceRequest.parseFrom(body), LIMITS);
    DecodeResult actual = OtlpProtobufDecoder.decode(body, LIMITS);

    assertThat(actual.accepted().toSpans()).isEqualTo(expected.spans());
    assertThat(actual.rejectedSpans()).isEqualTo(expected.rejected());
    assertThat(actual.errorMessage().isEmpty()).isEqualTo(expected.rejected() == 0);
    // Shows in the jqwik report that the generator reaches both outcomes.
    Statistics.label("outcome")
        .collect(
            expected.rejected() > 0
                ? "some spans rejected"
                : expected.spans().isEmpty() ? "no spans" : "all accepted");
  }

  @Property(tries = 2_000, seed = "20261202")
  void encodesBytesThatProtobufJavaParsesToTheSameSpans(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 20) int count) throws Exception {
    List<Span> spans = new RandomSpans(seed).spans(count);

    byte[] ours = OtlpProtobufEncoder.encode(SpanBatch.of(spans));
    ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(ours);

    assertThat(sorted(ReferenceMapper.map(parsed, LIMITS).spans())).isEqualTo(sorted(spans));
    // Field order and default omission match protobuf-java, so re-serialising changes nothing.
    assertThat(parsed.toByteArray()).isEqualTo(ours);
    assertThat(sorted(OtlpProtobufDecoder.decode(ours, LIMITS).accepted().toSpans()))
        .isEqualTo(sorted(spans));
  }

  static List<Span> sorted(List<Span> spans) {
    return spans.stream()
        .sorted(Comparator.comparing(Span::traceId).thenComparing(Span::spanId))
        .toList();
  }
}
