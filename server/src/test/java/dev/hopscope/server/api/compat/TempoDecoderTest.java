package dev.hopscope.server.api.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.hopscope.server.api.compat.tempopb.SearchResponse;
import dev.hopscope.server.api.compat.tempopb.TraceSearchMetadata;
import org.junit.jupiter.api.Test;

/** The strict decoder fails on the shape mistakes a strict Tempo client rejects. */
class TempoDecoderTest {
  /** A search answer as Tempo writes it; each case below breaks one thing. */
  private static final String VALID =
      """
      {"traces":[{"traceID":"2f3a","rootServiceName":"webapp","rootTraceName":"GET /",
        "startTimeUnixNano":"1700000000000000000","durationMs":250,
        "spanSets":[{"matched":1,"spans":[{"spanID":"00f067aa0ba902b7","name":"GET /",
          "startTimeUnixNano":"1700000000000000000","durationNanos":"250000000",
          "attributes":[{"key":"service.name","value":{"stringValue":"webapp"}}]}]}]}],
       "metrics":{"inspectedTraces":1,"completedJobs":1,"totalJobs":1}}
      """;

  @Test
  void decodesTempoShapedAnswers() throws Exception {
    SearchResponse answer = TempoDecoder.decode(VALID, SearchResponse.getDefaultInstance());
    TraceSearchMetadata trace = answer.getTraces(0);
    assertThat(trace.getTraceID()).isEqualTo("2f3a");
    assertThat(trace.getDurationMs()).isEqualTo(250);
    assertThat(trace.getStartTimeUnixNano()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(trace.getSpanSets(0).getSpans(0).getAttributes(0).getValue().getStringValue())
        .isEqualTo("webapp");
    assertThat(answer.getMetrics().getInspectedTraces()).isEqualTo(1);
  }

  @Test
  void rejectsAnUnknownKeyAtANestedLevel() {
    assertRejected(VALID.replace("\"name\":\"GET /\",", "\"name\":\"GET /\",\"kind\":\"server\","));
    assertRejected(VALID.replace("\"completedJobs\"", "\"inspectedBlocks\":1,\"completedJobs\""));
  }

  @Test
  void rejectsAFloatForAnIntegerField() {
    assertRejected(VALID.replace("\"durationMs\":250", "\"durationMs\":250.0"));
    assertRejected(VALID.replace("\"matched\":1", "\"matched\":1e0"));
    assertRejected(VALID.replace("\"durationNanos\":\"250000000\"", "\"durationNanos\":\"2.5e8\""));
  }

  @Test
  void rejectsAWrongCasedKey() {
    assertRejected(VALID.replace("\"traceID\"", "\"traceId\""));
    assertRejected(VALID.replace("\"spanID\"", "\"spanId\""));
  }

  @Test
  void rejectsAWrongJsonType() {
    assertRejected(VALID.replace("\"rootServiceName\":\"webapp\"", "\"rootServiceName\":7"));
    assertRejected(VALID.replace("\"durationMs\":250", "\"durationMs\":true"));
  }

  private static void assertRejected(String json) {
    assertThat(json).isNotEqualTo(VALID);
    assertThatThrownBy(() -> TempoDecoder.decode(json, SearchResponse.getDefaultInstance()))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
