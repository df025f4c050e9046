package dev.hopscope.otlp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hopscope.model.Span;
import dev.hopscope.otlp.DecodeResult;
import dev.hopscope.otlp.IngestLimits;
import dev.hopscope.otlp.MalformedRequestException;
import dev.hopscope.otlp.OtlpJsonDecoder;
import dev.hopscope.otlp.OtlpProtobufDecoder;
import dev.hopscope.otlp.OtlpProtobufEncoder;
import dev.hopscope.otlp.ZipkinJsonDecoder;
import dev.hopscope.otlp.ZipkinJsonEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Coverage-guided fuzzing of the three ingest decoders. The contract: whatever bytes arrive, a
 * decoder returns a self-consistent result or throws {@link MalformedRequestException}; nothing
 * else escapes. Accepted spans survive a round trip through the protobuf encoder unchanged (in any
 * order), and Zipkin spans one through the Zipkin encoder as well.
 *
 * <p>Without {@code JAZZER_FUZZ} set (a normal build) only the committed seeds under {@code
 * src/test/resources/dev/hopscope/otlp/fuzz/DecoderFuzzTestInputs/<method>/} run. {@code ./hopscope
 * check fuzz} runs them with {@code JAZZER_FUZZ=1} for a fixed time.
 */
class DecoderFuzzTest {
  // Small limits so the fuzzer reaches every limit check with short inputs.
  private static final IngestLimits LIMITS =
      IngestLimits.builder()
          .maxSpansPerRequest(64)
          .maxAttributesPerSpan(16)
          .maxAttributeValueLength(256)
          .maxEventsPerSpan(8)
          .maxLinksPerSpan(8)
          .build();

  @FuzzTest
  void otlpProtobuf(byte[] body) {
    checkContract(body, OtlpProtobufDecoder::decode);
  }

  @FuzzTest
  void otlpJson(byte[] body) {
    checkContract(body, OtlpJsonDecoder::decode);
  }

  /** Zipkin spans also survive Zipkin out and in again: Zipkin in, Zipkin out is lossless. */
  @FuzzTest
  void zipkinJson(byte[] body) {
    List<Span> accepted = checkContract(body, ZipkinJsonDecoder::decode);
    if (!accepted.isEmpty()) {
      byte[] zipkin = ZipkinJsonEncoder.encode(accepted).getBytes(StandardCharsets.UTF_8);
      DecodeResult again = ZipkinJsonDecoder.decode(zipkin, LIMITS);
      assertThat(again.rejectedSpans()).as(again.errorMessage()).isZero();
      assertThat(again.accepted().toSpans()).containsExactlyInAnyOrderElementsOf(accepted);
    }
  }

  /** Checks the contract and returns the accepted spans (none if the request was refused). */
  private static List<Span> checkContract(
      byte[] body, BiFunction<byte[], IngestLimits, DecodeResult> decoder) {
    DecodeResult result;
    try {
      result = decoder.apply(body, LIMITS);
    } catch (MalformedRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      assertThat(expected.reason()).isNotNull();
      return List.of();
    }
    assertThat(result.rejectedSpans()).isGreaterThanOrEqualTo(0);
    assertThat(result.rejectedByReason().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(result.rejectedSpans());
    assertThat(result.errorMessage().isEmpty()).isEqualTo(result.rejectedSpans() == 0);
    assertThat(result.accepted().size() + result.rejectedSpans())
        .isLessThanOrEqualTo(LIMITS.maxSpansPerRequest());
    List<Span> accepted = result.accepted().toSpans();
    assertThat(accepted).hasSize(result.accepted().size());
    if (!accepted.isEmpty()) {
      DecodeResult again =
          OtlpProtobufDecoder.decode(OtlpProtobufEncoder.encode(result.accepted()), LIMITS);
      assertThat(again.rejectedSpans()).as(again.errorMessage()).isZero();
      // The encoder groups spans by resource and scope, so their order may change.
      assertThat(again.accepted().toSpans()).containsExactlyInAnyOrderElementsOf(accepted);
    }
    return accepted;
  }
}
