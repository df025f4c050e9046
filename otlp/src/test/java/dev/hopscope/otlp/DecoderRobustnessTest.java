package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.testing.Draw;
import dev.hopscope.model.testing.RandomSpans;
import dev.hopscope.model.testing.SeededProperty;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Decoders face untrusted bytes: whatever arrives, they either decode or throw {@link
 * MalformedRequestException}, never another exception (no index errors, no stack overflow, no model
 * invariant breaking). Inputs are valid requests with random bytes flipped, cut or inserted.
 */
class DecoderRobustnessTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  @Test
  void protobufDecoderSurvivesCorruptedRequests() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        2_000,
        Draw::anyLong,
        seed -> {
          byte[] valid = new RandomOtlpRequests(seed).request().toByteArray();
          assertOnlyMalformedRequest(corrupt(valid, new Random(seed)), OtlpProtobufDecoder::decode);
        });
  }

  @Test
  void jsonDecodersSurviveCorruptedRequests() {
    SeededProperty.check(
        Draw.LONG_EDGES,
        500,
        Draw::anyLong,
        seed -> {
          Random random = new Random(seed);
          byte[] otlp =
              OtlpJsonEncoder.encode(new RandomSpans(seed).spans(1 + random.nextInt(5)))
                  .getBytes(StandardCharsets.UTF_8);
          byte[] zipkin =
              ZipkinJsonEncoder.encode(new RandomSpans(seed).spans(1 + random.nextInt(5)))
                  .getBytes(StandardCharsets.UTF_8);
          assertOnlyMalformedRequest(corrupt(otlp, random), OtlpJsonDecoder::decode);
          assertOnlyMalformedRequest(corrupt(zipkin, random), ZipkinJsonDecoder::decode);
        });
  }

  private static void assertOnlyMalformedRequest(
      byte[] body, BiFunction<byte[], IngestLimits, DecodeResult> decoder) {
    try {
      DecodeResult result = decoder.apply(body, LIMITS);
      assertThat(result.rejectedSpans()).isGreaterThanOrEqualTo(0);
      assertThat(result.accepted().toSpans()).hasSize(result.accepted().size());
    } catch (MalformedRequestException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static byte[] corrupt(byte[] valid, Random random) {
    if (valid.length == 0) {
      return valid;
    }
    byte[] out = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
      case 2 -> {
        int at = random.nextInt(out.length);
        byte[] longer = new byte[out.length + 1];
        System.arraycopy(out, 0, longer, 0, at);
        longer[at] = (byte) random.nextInt(256);
        System.arraycopy(out, at, longer, at + 1, out.length - at);
        out = longer;
      }
      default -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return out;
  }
}
