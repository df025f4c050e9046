package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import dev.hopscope.model.Event;
import dev.hopscope.model.InstrumentationScope;
import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanId;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Status;
import dev.hopscope.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Zipkin v2 JSON mapping of RATIONALE.md, field by field, and the encoder as its inverse. */
class ZipkinJsonTest {
  private static final IngestLimits LIMITS = IngestLimits.defaults();

  private static List<Span> decode(String json) {
    DecodeResult result = ZipkinJsonDecoder.decode(json.getBytes(StandardCharsets.UTF_8), LIMITS);
    assertThat(result.errorMessage()).isEmpty();
    return result.accepted().toSpans();
  }

  @Test
  void mapsEveryZipkinFieldToOpenTelemetrySemantics() {
    Span span =
        decode(
                """
                [{"traceId":"5b8efff798038103d269b633813fc60c","id":"eee19b7ec3c1b174",
                  "parentId":"eee19b7ec3c1b173","name":"get /api","kind":"CLIENT",
                  "timestamp":1472470996199000,"duration":207000,
                  "localEndpoint":{"serviceName":"frontend","ipv4":"192.168.99.1","port":3306},
                  "remoteEndpoint":{"serviceName":"backend","ipv6":"2001:db8::c001","port":9000},
                  "annotations":[{"timestamp":1472470996238000,"value":"foo"}],
                  "tags":{"http.method":"GET","clnt/finagle.version":"6.45.0",
                          "otel.scope.name":"okhttp","otel.scope.version":"2.31.1"},
                  "debug":true,"shared":true,"unknownField":{"ignored":[1,2]}}]
                """)
            .getFirst();

    assertThat(span.traceId()).isEqualTo(TraceId.fromHex("5b8efff798038103d269b633813fc60c"));
    assertThat(span.spanId()).isEqualTo(SpanId.fromHex("eee19b7ec3c1b174"));
    assertThat(span.parentSpanId()).contains(SpanId.fromHex("eee19b7ec3c1b173"));
    assertThat(span.name()).isEqualTo("get /api");
    assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.startNanos()).isEqualTo(1_472_470_996_199_000_000L);
    assertThat(span.durationNanos()).isEqualTo(207_000_000L);
    assertThat(span.resource())
        .isEqualTo(Resource.of(Attributes.of("service.name", AttributeValue.of("frontend"))));
    assertThat(span.scope()).isEqualTo(InstrumentationScope.of("okhttp", "2.31.1"));
    assertThat(span.attributes())
        .isEqualTo(
            Attributes.builder()
                .put("http.method", "GET")
                .put("clnt/finagle.version", "6.45.0")
                .put("network.local.address", "192.168.99.1")
                .put("network.local.port", 3306L)
                .put("peer.service", "backend")
                .put("network.peer.address", "2001:db8::c001")
                .put("network.peer.port", 9000L)
                .put("zipkin.debug", true)
                .put("zipkin.shared", true)
                .build());
    assertThat(span.events()).containsExactly(Event.of(1_472_470_996_238_000_000L, "foo"));
    assertThat(span.status()).isEqualTo(Status.UNSET);
  }

  @Test
  void leftPadsSixtyFourBitTraceIdsAndShortIds() {
    Span span =
        decode("[{\"traceId\":\"d269b633813fc60c\",\"id\":\"1\",\"timestamp\":1}]").getFirst();

    assertThat(span.traceId()).isEqualTo(new TraceId(0, 0xd269b633813fc60cL));
    assertThat(span.spanId()).isEqualTo(new SpanId(1));
    assertThat(span.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.isRoot()).isTrue();
    assertThat(span.resource().attributes().isEmpty()).isTrue();
  }

  @Test
  void aParentEqualToTheSpanItselfIsNoParentAsInZipkin() {
    Span span =
        decode("[{\"traceId\":\"1\",\"id\":\"00a\",\"parentId\":\"a\",\"timestamp\":1}]")
            .getFirst();

    assertThat(span.isRoot()).isTrue();
  }

  @Test
  void errorTagBecomesErrorStatusWithItsMessage() {
    List<Span> spans =
        decode(
            """
            [{"traceId":"1","id":"1","timestamp":1,"tags":{"error":"connection refused"}},
             {"traceId":"1","id":"2","timestamp":1,"tags":{"error":"true"}},
             {"traceId":"1","id":"3","timestamp":1,"tags":{"otel.status_code":"OK"}},
             {"traceId":"1","id":"4","timestamp":1,"tags":{"error":""}},
             {"traceId":"1","id":"5","timestamp":1,
              "tags":{"otel.status_code":"ERROR","otel.status_description":"timeout"}}]
            """);

    assertThat(spans)
        .extracting(Span::status)
        .containsExactly(
            Status.error("connection refused"),
            Status.error(""),
            Status.OK,
            Status.error(""),
            Status.error("timeout"));
    // The encoder rebuilds the first three exactly; the others are also kept as sent.
    assertThat(spans.subList(0, 3))
        .allSatisfy(span -> assertThat(span.attributes().isEmpty()).isTrue());
    assertThat(spans.get(3).attributes())
        .isEqualTo(Attributes.builder().put("zipkin.tag.error", "").build());
    assertThat(spans.get(4).attributes())
        .isEqualTo(
            Attributes.builder()
                .put("zipkin.tag.otel.status_code", "ERROR")
                .put("zipkin.tag.otel.status_description", "timeout")
                .build());
  }

  @Test
  void aTagNamedLikeAnEndpointFieldIsKeptBesideIt() {
    Span span =
        decode(
                """
                [{"traceId":"1","id":"1","timestamp":1,"kind":"CLIENT",
                  "remoteEndpoint":{"serviceName":"db"},
                  "tags":{"peer.service":"postgres","zipkin.shared":"x","zipkin.tag.y":"z"}}]
                """)
            .getFirst();

    assertThat(span.attributes())
        .isEqualTo(
            Attributes.builder()
                .put("peer.service", "db")
                .put("zipkin.tag.peer.service", "postgres")
                .put("zipkin.tag.zipkin.shared", "x")
                .put("zipkin.tag.zipkin.tag.y", "z")
                .build());
  }

  @Test
  void numericTagValuesAreKeptAsTheirTextAsZipkinReadsThem() {
    Span span =
        decode("[{\"traceId\":\"1\",\"id\":\"1\",\"timestamp\":1,\"tags\":{\"n\":200,\"f\":1.50}}]")
            .getFirst();

    assertThat(span.attributes())
        .isEqualTo(Attributes.builder().put("n", "200").put("f", "1.50").build());
  }

  @Test
  void mapsEveryZipkinKind() {
    List<Span> spans =
        decode(
            """
            [{"traceId":"1","id":"1","timestamp":1,"kind":"SERVER"},
             {"traceId":"1","id":"2","timestamp":1,"kind":"CLIENT"},
             {"traceId":"1","id":"3","timestamp":1,"kind":"PRODUCER"},
             {"traceId":"1","id":"4","timestamp":1,"kind":"CONSUMER"},
             {"traceId":"1","id":"5","timestamp":1}]
            """);

    assertThat(spans)
        .extracting(Span::kind)
        .containsExactly(
            SpanKind.SERVER,
            SpanKind.CLIENT,
            SpanKind.PRODUCER,
            SpanKind.CONSUMER,
            SpanKind.INTERNAL);
  }

  @Test
  void acceptsAnEmptyList() {
    assertThat(decode("[]")).isEmpty();
  }

  @Test
  void writesNonStringAttributesAsTheOtelCollectorDoes() {
    Span span =
        Span.builder(new TraceId(0, 1), new SpanId(1))
            .startNanos(1_000)
            .endNanos(2_000)
            .attributes(
                Attributes.builder()
                    .put(
                        "list",
                        new AttributeValue.ArrayValue(
                            List.of(AttributeValue.of("alpha"), AttributeValue.of(2L))))
                    .put("bytes", new AttributeValue.BytesValue(new byte[] {1, 2, 3}))
                    .put("n", 9_007_199_254_740_993L)
                    .build())
            .build();

    String json = ZipkinJsonEncoder.encode(List.of(span));

    assertThat(json)
        .contains("\"list\":\"[\\\"alpha\\\",2]\"")
        .contains("\"bytes\":\"AQID\"")
        .contains("\"n\":\"9007199254740993\"");
  }

  /** Spans using only what Zipkin v2 can carry come back unchanged through Zipkin JSON. */
  @Test
  void encoderOutputDecodesToTheSameSpans() {
    for (long seed = 20261205; seed < 20261205 + 500; seed++) {
      List<Span> spans = zipkinRepresentable(new Random(seed));

      String json = ZipkinJsonEncoder.encode(spans);

      assertThat(decode(json)).as("seed %d: %s", seed, json).isEqualTo(spans);
    }
  }

  /** Spans using only what Zipkin v2 can carry: microsecond times, string tags, one service. */
  private static List<Span> zipkinRepresentable(Random random) {
    List<Span> spans = new ArrayList<>();
    SpanKind[] kinds = {
      SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER
    };
    Status[] statuses = {Status.UNSET, Status.OK, Status.error(""), Status.error("boom")};
    for (int i = random.nextInt(5); i >= 0; i--) {
      long start = (1_700_000_000_000_000L + random.nextInt(1 << 30)) * 1000;
      Attributes.Builder attributes = Attributes.builder();
      for (int j = random.nextInt(4); j > 0; j--) {
        attributes.put("tag." + random.nextInt(10), "v" + random.nextInt(100));
      }
      if (random.nextBoolean()) {
        attributes
            .put("peer.service", "db")
            .put("network.peer.address", "10.0.0.1")
            .put("network.peer.port", 5432L);
      }
      if (random.nextInt(4) == 0) {
        attributes.put("zipkin.shared", true);
      }
      long high = random.nextBoolean() ? 0 : random.nextLong() | 1;
      spans.add(
          Span.builder(new TraceId(high, random.nextLong() | 1), new SpanId(random.nextLong() | 1))
              .parentSpanId(random.nextBoolean() ? new SpanId(random.nextLong() | 1) : null)
              .name(random.nextBoolean() ? "get /" + random.nextInt(5) : "")
              .kind(kinds[random.nextInt(kinds.length)])
              .startNanos(start)
              .endNanos(start + random.nextInt(1_000_000) * 1000L)
              .attributes(attributes.build())
              .events(random.nextBoolean() ? List.of(Event.of(start + 5000, "retry")) : List.of())
              .status(statuses[random.nextInt(statuses.length)])
              .resource(
                  Resource.of(
                      Attributes.of("service.name", AttributeValue.of("svc" + random.nextInt(3)))))
              .scope(
                  random.nextBoolean()
                      ? InstrumentationScope.of("lib", "1.0")
                      : InstrumentationScope.EMPTY)
              .build());
    }
    return spans;
  }
}
