package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.model.testing.SeededProperty;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Our hand-written protobuf decoder and encoder against protobuf-java, on random messages. */
class OtlpProtobufDecoderPropertyTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  /** A {@link RandomSpans} seed and how many spans to draw from it. */
  private record Spans(long seed, int count) {}

  @Test
  void decodesEveryRandomRequestLikeProtobufJava() {
    Map<String, Integer> outcomes = new TreeMap<>();
    SeededProperty.check(
        Draw.LONG_EDGES,
        10_000,
        Draw::anyLong,
        seed -> {
          byte[] body = new RandomOtlpRequests(seed).request().toByteArray();

          ReferenceMapper.Expected expected =
              ReferenceMapper.map(ExportTraceServiceRequest.parseFrom(body), LIMITS);
          DecodeResult actual = OtlpProtobufDecoder.decode(body, LIMITS);

          assertThat(actual.accepted().toSpans()).isEqualTo(expected.spans());
          assertThat(actual.rejectedSpans()).isEqualTo(expected.rejected());
          assertThat(actual.errorMessage().isEmpty()).isEqualTo(expected.rejected() == 0);
          outcomes.merge(
              expected.rejected() > 0
                  ? "some spans rejected"
                  : expected.spans().isEmpty() ? "no spans" : "all accepted",
              1,
              Integer::sum);
        });
    // The comparison proves little unless the generator reaches every outcome often (a run reaches
    // each in about a fifth of the cases or more).
    assertThat(outcomes)
        .as("outcomes of seed %d", SeededProperty.SEED)
        .containsOnlyKeys("all accepted", "no spans", "some spans rejected")
        .allSatisfy((outcome, count) -> assertThat(count).as(outcome).isGreaterThan(10_000 / 20));
  }

  @Test
  void encodesBytesThatProtobufJavaParsesToTheSameSpans() {
    SeededProperty.check(
        Draw.pairs(Draw.LONG_EDGES, Draw.intEdges(0, 20), Spans::new),
        2_000,
        random -> new Spans(Draw.anyLong(random), Draw.intBetween(random, 0, 20)),
        input -> {
          List<Span> spans = new RandomSpans(input.seed()).spans(input.count());

          byte[] ours = OtlpProtobufEncoder.encode(SpanBatch.of(spans));
          ExportTraceServiceRequest parsed = ExportTraceServiceRequest.parseFrom(ours);

          assertThat(sorted(ReferenceMapper.map(parsed, LIMITS).spans())).isEqualTo(sorted(spans));
          // Field order and default omission match protobuf-java, so re-serialising changes
          // nothing.
          assertThat(parsed.toByteArray()).isEqualTo(ours);
          assertThat(sorted(OtlpProtobufDecoder.decode(ours, LIMITS).accepted().toSpans()))
              .isEqualTo(sorted(spans));
        });
  }

  static List<Span> sorted(List<Span> spans) {
    return spans.stream()
        .sorted(Comparator.comparing(Span::traceId).thenComparing(Span::spanId))
        .toList();
  }
}
