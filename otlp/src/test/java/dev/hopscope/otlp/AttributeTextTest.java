package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Attributes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attribute values as tag text, by the OpenTelemetry specification's "AnyValue representation for
 * non-OTLP protocols" (what the Collector's Zipkin and Jaeger translators write).
 */
class AttributeTextTest {

  private static AttributeValue array(AttributeValue... values) {
    return new AttributeValue.ArrayValue(List.of(values));
  }

  @Test
  void scalarsAreTheirPlainText() {
    assertThat(AttributeText.of(AttributeValue.of("beta gamma"))).isEqualTo("beta gamma");
    assertThat(AttributeText.of(AttributeValue.of(true))).isEqualTo("true");
    assertThat(AttributeText.of(AttributeValue.of(-42L))).isEqualTo("-42");
    assertThat(AttributeText.of(AttributeValue.of(3.5))).isEqualTo("3.5");
    assertThat(AttributeText.of(AttributeValue.of(Double.NEGATIVE_INFINITY)))
        .isEqualTo("-Infinity");
    assertThat(AttributeText.of(new AttributeValue.BytesValue("hello world".getBytes())))
        .isEqualTo("aGVsbG8gd29ybGQ=");
    assertThat(AttributeText.of(AttributeValue.EmptyValue.INSTANCE)).isEmpty();
  }

  @Test
  void arraysAreJsonWithStringsQuotedAndIntegersExact() {
    assertThat(
            AttributeText.of(
                array(
                    AttributeValue.of("alpha"),
                    AttributeValue.of("beta gamma"),
                    AttributeValue.of("ü,ß"))))
        .isEqualTo("[\"alpha\",\"beta gamma\",\"ü,ß\"]");
    assertThat(
            AttributeText.of(
                array(
                    AttributeValue.of(1L),
                    AttributeValue.of(-2L),
                    AttributeValue.of(9_007_199_254_740_993L))))
        .isEqualTo("[1,-2,9007199254740993]");
    assertThat(
            AttributeText.of(
                array(
                    AttributeValue.of(true),
                    AttributeValue.of(0.25),
                    AttributeValue.of(Double.NaN),
                    AttributeValue.EmptyValue.INSTANCE,
                    new AttributeValue.BytesValue(new byte[] {1, 2, 3}),
                    AttributeValue.of("say \"hi\"\n"))))
        .isEqualTo("[true,0.25,\"NaN\",null,\"AQID\",\"say \\\"hi\\\"\\n\"]");
    assertThat(AttributeText.of(array())).isEqualTo("[]");
  }

  @Test
  void mapsAreJsonObjectsAndNest() {
    AttributeValue map =
        new AttributeValue.KeyValueListValue(
            Attributes.builder()
                .put("a", AttributeValue.of("-Infinity"))
                .put("b", AttributeValue.of(2L))
                .put("c", array(AttributeValue.of(3L), AttributeValue.EmptyValue.INSTANCE))
                .build());

    assertThat(AttributeText.of(map)).isEqualTo("{\"a\":\"-Infinity\",\"b\":2,\"c\":[3,null]}");
    assertThat(AttributeText.of(array(map, array()))).startsWith("[{\"a\":").endsWith(",[]]");
  }
}
