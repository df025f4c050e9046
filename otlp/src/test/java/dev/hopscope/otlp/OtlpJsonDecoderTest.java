package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leniencies of the OTLP JSON mapping that the JsonFormat comparison does not exercise. */
class OtlpJsonDecoderTest {
  private static List<Span> decode(String json) {
    DecodeResult result =
        OtlpJsonDecoder.decode(json.getBytes(StandardCharsets.UTF_8), IngestLimits.defaults());
    assertThat(result.errorMessage()).isEmpty();
    return result.accepted().toSpans();
  }

  @Test
  void acceptsNumbersForInt64AndNamesForEnumsAndSnakeCaseNames() {
    Span span =
        decode(
                """
                {"resource_spans":[{"resource":{"attributes":[
                   {"key":"service.name","value":{"stringValue":"auth"}}]},
                  "scope_spans":[{"scope":{"name":"lib"},"spans":[{
                   "trace_id":"5B8EFFF798038103D269B633813FC60C","span_id":"eee19b7ec3c1b174",
                   "parent_span_id":"","kind":"SPAN_KIND_SERVER",
                   "start_time_unix_nano":1000,"endTimeUnixNano":"2000",
                   "attributes":[{"key":"n","value":{"intValue":42}},
                                 {"key":"d","value":{"doubleValue":"Infinity"}},
                                 {"key":"b","value":{"bytesValue":"AQI="}},
                                 {"key":"e","value":{}},
                                 {"key":"x","value":null}],
                   "status":{"code":"STATUS_CODE_ERROR","message":"boom"},
                   "futureField":{"nested":[true]}}]}]}]}
                """)
            .getFirst();

    assertThat(span.traceId().toHex()).isEqualTo("5b8efff798038103d269b633813fc60c");
    assertThat(span.isRoot()).isTrue();
    assertThat(span.kind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.startNanos()).isEqualTo(1000);
    assertThat(span.endNanos()).isEqualTo(2000);
    assertThat(span.serviceName()).isEqualTo("auth");
    assertThat(span.scope().name()).isEqualTo("lib");
    assertThat(span.attributes().get("n")).isEqualTo(AttributeValue.of(42L));
    assertThat(span.attributes().get("d")).isEqualTo(AttributeValue.of(Double.POSITIVE_INFINITY));
    assertThat(span.attributes().get("b"))
        .isEqualTo(new AttributeValue.BytesValue(new byte[] {1, 2}));
    assertThat(span.attributes().get("e")).isEqualTo(AttributeValue.EmptyValue.INSTANCE);
    assertThat(span.attributes().get("x")).isEqualTo(AttributeValue.EmptyValue.INSTANCE);
    assertThat(span.status().code()).isEqualTo(StatusCode.ERROR);
    assertThat(span.status().message()).isEqualTo("boom");
  }

  @Test
  void readsAResourceThatFollowsItsSpans() {
    Span span =
        decode(
                """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                   "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                   "startTimeUnixNano":"1","endTimeUnixNano":"2"}]}],
                  "resource":{"attributes":[{"key":"service.name","value":{"stringValue":"db"}}]}}]}
                """)
            .getFirst();

    assertThat(span.serviceName()).isEqualTo("db");
  }

  @Test
  void keepsNegativeZeroWhichJsonFormatLoses() {
    Span span =
        decode(
                """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                   "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                   "startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"z","value":{"doubleValue":-0.0}}]}]}]}]}
                """)
            .getFirst();

    assertThat(span.attributes().get("z")).isEqualTo(AttributeValue.of(-0.0));
  }

  @Test
  void readsLegacyInstrumentationLibraryNames() {
    Span span =
        decode(
                """
                {"resourceSpans":[{"instrumentationLibrarySpans":[{
                   "instrumentationLibrary":{"name":"old-sdk"},"spans":[{
                   "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                   "startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}
                """)
            .getFirst();

    assertThat(span.scope().name()).isEqualTo("old-sdk");
  }

  @Test
  void acceptsAnEmptyRequest() {
    assertThat(decode("{}")).isEmpty();
    assertThat(decode("{\"resourceSpans\":[]}")).isEmpty();
  }
}
