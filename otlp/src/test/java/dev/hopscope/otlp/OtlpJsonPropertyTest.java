package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanBatch;
import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.model.testing.SeededProperty;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Our OTLP JSON decoder and encoder against protobuf-java-util's {@link JsonFormat}. OTLP JSON
 * differs from protobuf's JSON mapping only in ids (hex, not base64), so the test converts ids
 * between the two spellings and nothing else.
 */
class OtlpJsonPropertyTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();
  private static final Pattern ID =
      Pattern.compile(
          "\"(traceId|spanId|parentSpanId|trace_id|span_id|parent_span_id)\"(\\s*):(\\s*)\"([^\"]*)\"");

  /** A {@link RandomSpans} seed and how many spans to draw from it. */
  private record Spans(long seed, int count) {}

  @Test
  void decodesRandomRequestsLikeJsonFormat() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        2_000,
        Draw::anyLong,
        seed -> {
          // JsonFormat reads "-0.0" as 0.0 (through BigDecimal); we keep the sign, see RATIONALE.
          ExportTraceServiceRequest request = new RandomOtlpRequests(seed, false).request();
          Random style = new Random(seed);
          JsonFormat.Printer printer = JsonFormat.printer();
          if (style.nextBoolean()) {
            printer = printer.preservingProtoFieldNames();
          }
          if (style.nextBoolean()) {
            printer = printer.printingEnumsAsInts();
          }
          if (style.nextBoolean()) {
            printer = printer.omittingInsignificantWhitespace();
          }
          String protobufJson = printer.print(request);
          String otlpJson = convertIds(protobufJson, OtlpJsonPropertyTest::base64ToHex);

          ExportTraceServiceRequest.Builder parsed = ExportTraceServiceRequest.newBuilder();
          JsonFormat.parser().merge(protobufJson, parsed);
          ReferenceMapper.Expected expected = ReferenceMapper.map(parsed.build(), LIMITS);
          DecodeResult actual =
              OtlpJsonDecoder.decode(otlpJson.getBytes(StandardCharsets.UTF_8), LIMITS);

          assertThat(actual.accepted().toSpans()).isEqualTo(expected.spans());
          assertThat(actual.rejectedSpans()).isEqualTo(expected.rejected());
        });
  }

  @Test
  void encodesJsonThatJsonFormatAndOurDecoderReadBack() {
    SeededProperty.check(
        Draw.pairs(Draw.LONG_EDGES, Draw.intEdges(0, 20), Spans::new),
        500,
        random -> new Spans(Draw.anyLong(random), Draw.intBetween(random, 0, 20)),
        input -> {
          List<Span> spans = new RandomSpans(input.seed()).spans(input.count());

          String ours = OtlpJsonEncoder.encode(spans);
          // One request per line: the Collector's file format, which import reads line by line.
          assertThat(ours).doesNotContain("\n");
          ExportTraceServiceRequest.Builder parsed = ExportTraceServiceRequest.newBuilder();
          JsonFormat.parser().merge(convertIds(ours, OtlpJsonPropertyTest::hexToBase64), parsed);

          assertThat(
                  OtlpProtobufDecoderPropertyTest.sorted(
                      ReferenceMapper.map(parsed.build(), LIMITS).spans()))
              .isEqualTo(OtlpProtobufDecoderPropertyTest.sorted(spans));
          DecodeResult decoded =
              OtlpJsonDecoder.decode(ours.getBytes(StandardCharsets.UTF_8), LIMITS);
          assertThat(OtlpProtobufDecoderPropertyTest.sorted(decoded.accepted().toSpans()))
              .isEqualTo(OtlpProtobufDecoderPropertyTest.sorted(spans));
          assertThat(OtlpJsonEncoder.encode(SpanBatch.of(spans))).isEqualTo(ours);
        });
  }

  static String convertIds(String json, UnaryOperator<String> conversion) {
    Matcher matcher = ID.matcher(json);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          "\""
              + matcher.group(1)
              + "\""
              + matcher.group(2)
              + ":"
              + matcher.group(3)
              + "\""
              + conversion.apply(matcher.group(4))
              + "\"";
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  static String base64ToHex(String base64) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }

  static String hexToBase64(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
