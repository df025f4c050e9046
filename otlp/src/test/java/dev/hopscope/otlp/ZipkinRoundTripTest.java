package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.otlp.testing.RandomZipkinSpans;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Zipkin in, Zipkin out: whatever a Zipkin client sends comes back as sent. Random spans built with
 * Zipkin's own model are written by Zipkin's own JSON encoder, decoded by us, carried the way the
 * server carries them (OTLP protobuf, as in the import path), written back by our encoder and read
 * by Zipkin's decoder: the spans must equal the originals, field by field (endpoints with IPv4,
 * IPv6 and port, tags, annotations, kind, parent, shared, debug).
 */
class ZipkinRoundTripTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  @Test
  void zipkinSpansComeBackAsSent() {
    for (long seed = 20261224; seed < 20261224 + 2_000; seed++) {
      List<Span> sent =
          new RandomZipkinSpans(seed, 1_700_000_000_000_000L).spans(1 + (int) (seed % 7));
      byte[] json = SpanBytesEncoder.JSON_V2.encodeList(sent);

      DecodeResult decoded = ZipkinJsonDecoder.decode(json, LIMITS);
      assertThat(decoded.rejectedSpans()).as("seed %d: %s", seed, decoded.errorMessage()).isZero();
      DecodeResult stored =
          OtlpProtobufDecoder.decode(OtlpProtobufEncoder.encode(decoded.accepted()), LIMITS);
      String out = ZipkinJsonEncoder.encode(stored.accepted().toSpans());

      assertThat(SpanBytesDecoder.JSON_V2.decodeList(out.getBytes(StandardCharsets.UTF_8)))
          .as("seed %d\nsent: %s\nout:  %s", seed, new String(json, StandardCharsets.UTF_8), out)
          .containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  @Test
  void caseAndShortIdsComeBackAsZipkinWouldReturnThem() {
    String sent =
        """
        [{"traceId":"abc","id":"1","parentId":"0000000000000000","name":"GET /Users",
          "timestamp":1,"localEndpoint":{"serviceName":"Auth","ipv4":"10.0.0.1"},
          "remoteEndpoint":{"ipv6":"::1","port":0},"tags":{"Error":"x"},"shared":false}]
        """;

    DecodeResult decoded = ZipkinJsonDecoder.decode(sent.getBytes(StandardCharsets.UTF_8), LIMITS);
    String out = ZipkinJsonEncoder.encode(decoded.accepted().toSpans());

    // Ids padded and a zero parent dropped, as Zipkin does; names keep their case (Zipkin would
    // lower-case them, see RATIONALE.md); a zero port and false flags are Zipkin's absent.
    assertThat(out)
        .isEqualTo(
            "[{\"traceId\":\"0000000000000abc\",\"id\":\"0000000000000001\",\"name\":\"GET"
                + " /Users\",\"timestamp\":1,\"localEndpoint\":{\"serviceName\":\"Auth\","
                + "\"ipv4\":\"10.0.0.1\"},\"remoteEndpoint\":{\"ipv6\":\"::1\"},"
                + "\"tags\":{\"Error\":\"x\"}}]");
  }
}
