package dev.hopscope.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.hopscope.model.SpanBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpResponsesTest {
  private static final DecodeResult PARTIAL =
      new DecodeResult(
          SpanBatch.empty(),
          3,
          "3 spans rejected: trace_id must be 16 bytes",
          Map.of(RejectReason.INVALID_TRACE_ID, 3),
          "trace_id must be 16 bytes");

  @Test
  void fullSuccessIsAnEmptyResponse() throws Exception {
    DecodeResult ok = DecodeResult.allAccepted(SpanBatch.empty());

    assertThat(OtlpResponses.protobuf(ok)).isEmpty();
    assertThat(ExportTraceServiceResponse.parseFrom(OtlpResponses.protobuf(ok)).hasPartialSuccess())
        .isFalse();
    assertThat(OtlpResponses.json(ok)).isEqualTo("{}");
  }

  @Test
  void partialSuccessCarriesTheCountAndMessage() throws Exception {
    ExportTraceServiceResponse fromProtobuf =
        ExportTraceServiceResponse.parseFrom(OtlpResponses.protobuf(PARTIAL));
    ExportTraceServiceResponse.Builder fromJson = ExportTraceServiceResponse.newBuilder();
    JsonFormat.parser().merge(OtlpResponses.json(PARTIAL), fromJson);

    for (ExportTraceServiceResponse response :
        new ExportTraceServiceResponse[] {fromProtobuf, fromJson.build()}) {
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(3);
      assertThat(response.getPartialSuccess().getErrorMessage())
          .isEqualTo("3 spans rejected: trace_id must be 16 bytes");
    }
  }
}
