package dev.hopscope.otlp;

import static dev.hopscope.otlp.MalformedCase.LIMITS;
import static dev.hopscope.otlp.MalformedCase.json;
import static dev.hopscope.otlp.MalformedCase.otlpJson;
import static dev.hopscope.otlp.MalformedCase.refused;
import static dev.hopscope.otlp.MalformedCase.zipkin;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken OTLP JSON and Zipkin bodies: reason, message and counts for each. */
class MalformedJsonInputTest {
  private static final String VALID_SPAN_JSON =
      "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
          + "\"name\":\"ok\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}";

  static Stream<MalformedCase> cases() {
    return Stream.of(
        refused(
            "invalid JSON",
            json("{\"resourceSpans\": [ {\"scopeSpans\": "),
            RejectReason.MALFORMED_JSON,
            "not valid JSON",
            "line 1"),
        refused(
            "JSON with a number for a string",
            json(
                otlpJson(
                    "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":5}")),
            RejectReason.MALFORMED_JSON,
            "resourceSpans[0].scopeSpans[0].spans[0].name must be a string, found VALUE_NUMBER_INT '5'"),
        refused(
            "JSON with a word for a time",
            json(otlpJson("{\"startTimeUnixNano\":\"soon\"}")),
            RejectReason.MALFORMED_JSON,
            "spans[0].startTimeUnixNano must be an integer",
            "'soon'"),
        refused(
            "JSON string with an unpaired surrogate",
            json(otlpJson("{\"name\":\"a\\ud800b\"}")),
            RejectReason.MALFORMED_JSON,
            "spans[0].name holds an unpaired UTF-16 surrogate (\\ud800)",
            "send valid Unicode text"),
        // Found by DecoderFuzzTest: four leading bytes that look like UTF-32 made Jackson throw a
        // plain CharConversionException, which escaped as an UncheckedIOException (HTTP 500).
        refused(
            "OTLP JSON bytes that Jackson takes for invalid UTF-32",
            () ->
                OtlpJsonDecoder.decode(
                    new byte[] {0, 0, 0, 7, 'r', 'a', 'c', 'e', '"', ':', '1'}, LIMITS),
            RejectReason.MALFORMED_JSON,
            "not valid JSON text",
            "encoded as UTF-8"),
        refused(
            "Zipkin bytes that Jackson takes for invalid UTF-32",
            () ->
                ZipkinJsonDecoder.decode(
                    new byte[] {0, 0, 0, 7, 'r', 'a', 'c', 'e', '"', ':', '1'}, LIMITS),
            RejectReason.MALFORMED_JSON,
            "not valid JSON text"),
        // Found by DecoderFuzzTest: converting this exponent to an integer took 15 s.
        refused(
            "JSON time with an exponent of millions",
            json(otlpJson("{\"startTimeUnixNano\":\"17000E0000048710182\"}")),
            RejectReason.MALFORMED_JSON,
            "spans[0].startTimeUnixNano must be an unsigned 64-bit integer"),
        refused(
            "JSON time with a negative exponent of millions",
            json(otlpJson("{\"startTimeUnixNano\":1E-99999999}")),
            RejectReason.MALFORMED_JSON,
            "spans[0].startTimeUnixNano must be an integer"),
        refused(
            "JSON array instead of a request object",
            json("[]"),
            RejectReason.MALFORMED_JSON,
            "the request must be an object"),
        refused(
            "JSON with invalid UTF-8",
            () ->
                OtlpJsonDecoder.decode(
                    new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'}, LIMITS),
            RejectReason.MALFORMED_JSON,
            "not valid JSON",
            "encoded as UTF-8"),
        new MalformedCase(
            "JSON trace id in base64",
            json(
                otlpJson(
                    "{\"traceId\":\"W47/95gDgQPSabYzgT/GDA==\",\"spanId\":\"eee19b7ec3c1b174\"}",
                    VALID_SPAN_JSON)),
            RejectReason.INVALID_TRACE_ID,
            1,
            1,
            "traceId 'W47/95gDgQPSabYzgT/GDA==' must be 32 hex characters (16 bytes), received 24 characters that are not all hex",
            "not base64"),
        new MalformedCase(
            "JSON unknown kind name",
            json(
                otlpJson(
                    "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"kind\":\"SPAN_KIND_BOGUS\"}",
                    VALID_SPAN_JSON)),
            RejectReason.UNKNOWN_ENUM,
            1,
            1,
            "kind 'SPAN_KIND_BOGUS' is not a SpanKind"),
        new MalformedCase(
            "Zipkin span with a non-hex trace id",
            zipkin(
                "[{\"traceId\":\"xyz\",\"id\":\"eee19b7ec3c1b174\",\"timestamp\":1},{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b174\",\"timestamp\":1}]"),
            RejectReason.INVALID_TRACE_ID,
            1,
            1,
            "span[0]",
            "traceId 'xyz' must be 32 hex characters (16 bytes) or 16 for a 64-bit id"),
        new MalformedCase(
            "Zipkin span id of 17 characters",
            zipkin(
                "[{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b1741\",\"timestamp\":1}]"),
            RejectReason.INVALID_SPAN_ID,
            0,
            1,
            "id 'eee19b7ec3c1b1741' must be 16 hex characters (8 bytes), received 17"),
        new MalformedCase(
            "OTLP JSON span ending before it starts",
            json(
                otlpJson(
                    VALID_SPAN_JSON,
                    "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b175\","
                        + "\"startTimeUnixNano\":\"2000\",\"endTimeUnixNano\":\"1000\"}")),
            RejectReason.END_BEFORE_START,
            1,
            1,
            "endTimeUnixNano 1000 is before startTimeUnixNano 2000",
            "end a span after it starts"),
        new MalformedCase(
            "OTLP JSON span without a start time",
            json(
                otlpJson(
                    VALID_SPAN_JSON,
                    "{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b175\","
                        + "\"endTimeUnixNano\":\"1000\"}")),
            RejectReason.MISSING_TIMESTAMP,
            1,
            1,
            "startTimeUnixNano is missing (0)",
            "nanoseconds since the epoch"),
        new MalformedCase(
            "Zipkin span without a timestamp",
            zipkin(
                "[{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b174\",\"localEndpoint\":{\"serviceName\":\"auth\"}}]"),
            RejectReason.MISSING_TIMESTAMP,
            0,
            1,
            "service 'auth'",
            "timestamp is missing",
            "epoch microseconds"),
        new MalformedCase(
            "Zipkin unknown kind",
            zipkin(
                "[{\"traceId\":\"d269b633813fc60c\",\"id\":\"eee19b7ec3c1b174\",\"timestamp\":1,\"kind\":\"SERVR\"}]"),
            RejectReason.UNKNOWN_ENUM,
            0,
            1,
            "kind 'SERVR' is not a Zipkin span kind"),
        refused(
            "Zipkin object instead of a list",
            zipkin("{\"traceId\":\"d269b633813fc60c\"}"),
            RejectReason.MALFORMED_JSON,
            "the request must be an array"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rejectsWithReasonMessageAndCounts(MalformedCase testCase) {
    testCase.verify();
  }
}
