package dev.hopscope.server.api.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hopscope.server.api.compat.JaegerModel.Operation;
import dev.hopscope.server.api.compat.JaegerModel.Required;
import java.util.List;

/**
 * Jaeger's v3 API as its grpc-gateway writes it (protobuf JSON of {@code api_v3}) and Jaeger UI 2.x
 * reads it. Zero counts may be left out, as protojson does; 64-bit times are decimal strings.
 */
final class JaegerV3Model {
  private JaegerV3Model() {}

  record Services(@Required List<String> services) {}

  record Operations(@Required List<Operation> operations) {}

  record Summaries(@Required List<TraceSummary> summaries) {}

  record TraceSummary(
      @Required String traceId,
      @Required String rootServiceName,
      @Required String rootOperationName,
      @Required String minStartTimeUnixNano,
      @Required String maxEndTimeUnixNano,
      Integer spanCount,
      Integer errorSpanCount,
      Integer orphanSpanCount,
      @Required List<ServiceSummary> services) {
    TraceSummary {
      spanCount = orZero(spanCount);
      errorSpanCount = orZero(errorSpanCount);
      orphanSpanCount = orZero(orphanSpanCount);
      // int64 in protobuf JSON: a decimal string, which the UI turns into a BigInt.
      for (String nanos : List.of(minStartTimeUnixNano, maxEndTimeUnixNano)) {
        if (!nanos.matches("-?[0-9]+")) {
          throw new IllegalArgumentException("not a decimal int64: " + nanos);
        }
      }
    }
  }

  record ServiceSummary(@Required String name, Integer spanCount, Integer errorSpanCount) {
    ServiceSummary {
      spanCount = orZero(spanCount);
      errorSpanCount = orZero(errorSpanCount);
    }
  }

  /** protojson leaves zero out; absent (or null) reads as zero, as in every protobuf client. */
  private static Integer orZero(Integer count) {
    return count == null ? 0 : count;
  }

  /** OTLP JSON {@code TracesData} under {@code result}, decoded separately as protobuf JSON. */
  record Result(@Required JsonNode result) {}

  record GatewayError(@Required ErrorDetails error) {}

  record ErrorDetails(
      Integer grpcCode, @Required Integer httpCode, @Required String message, String httpStatus) {}
}
