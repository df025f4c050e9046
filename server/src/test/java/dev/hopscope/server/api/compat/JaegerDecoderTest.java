package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.hopscope.server.api.compat.JaegerModel.Envelope;
import dev.hopscope.server.api.compat.JaegerModel.Trace;
import dev.hopscope.server.api.compat.JaegerV3Model.Summaries;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict Jaeger decoder fails on the shape mistakes that would mislead Jaeger's clients. */
class JaegerDecoderTest {
  private static final TypeReference<Envelope<List<Trace>>> TRACES = new TypeReference<>() {};

  /** A v1 trace answer as Jaeger's query service writes it; each case below breaks one thing. */
  private static final String TRACE =
      """
      {"data":[{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spans":[
        {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spanID":"00f067aa0ba902b7","flags":1,
         "operationName":"GET /","references":[],"startTime":1700000000000000,"duration":250,
         "tags":[{"key":"error","type":"bool","value":true},
                 {"key":"http.status_code","type":"int64","value":500}],
         "logs":[{"timestamp":1700000000000100,
                  "fields":[{"key":"event","type":"string","value":"retry"}]}],
         "processID":"p1","warnings":null}],
        "processes":{"p1":{"serviceName":"webapp","tags":[]}},"warnings":null}],
       "total":1,"limit":0,"offset":0,"errors":null}
      """;

  private static final String SUMMARIES =
      """
      {"summaries":[{"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","rootServiceName":"webapp",
        "rootOperationName":"GET /","minStartTimeUnixNano":"1700000000000000000",
        "maxEndTimeUnixNano":"1700000000250000000","spanCount":1,"errorSpanCount":1,
        "services":[{"name":"webapp","spanCount":1,"errorSpanCount":1}]}]}
      """;

  @Test
  void decodesJaegerShapedAnswers() throws Exception {
    Trace trace = JaegerDecoder.decode(TRACE, TRACES).data().get(0);
    assertThat(trace.processes().get("p1").serviceName()).isEqualTo("webapp");
    assertThat(trace.spans().get(0).tags().get(0).value()).isEqualTo(true);
    assertThat(trace.spans().get(0).duration()).isEqualTo(250L);
    var summary = JaegerDecoder.decode(SUMMARIES, Summaries.class).summaries().get(0);
    assertThat(summary.minStartTimeUnixNano()).isEqualTo("1700000000000000000");
    assertThat(summary.orphanSpanCount()).as("left out when zero, as protojson does").isZero();
  }

  @Test
  void rejectsAnUnknownKey() {
    assertRejected(
        TRACE.replace("\"processID\":\"p1\"", "\"processID\":\"p1\",\"kind\":\"server\""));
    assertRejected(SUMMARIES.replace("\"spanCount\":1,\"errorSpanCount\":1,\n", "\"spans\":1,"));
  }

  @Test
  void rejectsANumberWhereTheV3ApiSendsADecimalString() {
    assertRejected(
        SUMMARIES.replace(
            "\"minStartTimeUnixNano\":\"1700000000000000000\"",
            "\"minStartTimeUnixNano\":1700000000000000000"));
    assertRejected(SUMMARIES.replace("\"1700000000250000000\"", "\"1.7e18\""));
  }

  @Test
  void rejectsATraceWithoutProcesses() {
    assertRejected(
        TRACE.replace(",\n  \"processes\":{\"p1\":{\"serviceName\":\"webapp\",\"tags\":[]}}", ""));
    assertRejected(
        TRACE.replace(
            "\"processes\":{\"p1\":{\"serviceName\":\"webapp\",\"tags\":[]}}",
            "\"processes\":null"));
  }

  @Test
  void rejectsValuesOfTheWrongJsonType() {
    assertRejected(TRACE.replace("\"operationName\":\"GET /\"", "\"operationName\":7"));
    assertRejected(TRACE.replace("\"duration\":250", "\"duration\":\"250\""));
    assertRejected(TRACE.replace("\"duration\":250", "\"duration\":250.5"));
    assertRejected(
        TRACE.replace("\"type\":\"bool\",\"value\":true", "\"type\":\"bool\",\"value\":\"true\""));
    assertRejected(TRACE.replace("\"references\":[]", "\"references\":null"));
    assertRejected(TRACE.replace("\"total\":1", "\"total\":null"));
  }

  private static void assertRejected(String json) {
    assertThat(json).isNotIn(TRACE, SUMMARIES);
    Class<?> type = json.contains("summaries") ? Summaries.class : null;
    assertThatThrownBy(
            () -> {
              if (type != null) {
                JaegerDecoder.decode(json, type);
              } else {
                JaegerDecoder.decode(json, TRACES);
              }
            })
        .isInstanceOf(JsonProcessingException.class);
  }
}
