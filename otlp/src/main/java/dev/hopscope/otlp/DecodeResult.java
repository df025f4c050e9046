package dev.hopscope.otlp;

import dev.hopscope.model.SpanBatch;
import java.util.Map;
import java.util.Objects;

/**
 * What a decoder made of one request: the spans that passed validation and an account of the ones
 * that did not (OTLP partial success).
 *
 * @param accepted the valid spans, in request order
 * @param rejectedSpans how many spans were dropped
 * @param errorMessage empty when nothing was rejected; otherwise the first few rejections, each
 *     naming the span, field, value, rule and fix
 * @param rejectedByReason rejected span counts per reason, for the metrics counter
 * @param rejectionDetails the part of {@code errorMessage} after its counts: the first few
 *     rejections and, past them, the counts by reason (for answers that phrase the counts their own
 *     way, such as Zipkin's all-or-nothing 400)
 */
public record DecodeResult(
    SpanBatch accepted,
    int rejectedSpans,
    String errorMessage,
    Map<RejectReason, Integer> rejectedByReason,
    String rejectionDetails) {

  public DecodeResult {
    Objects.requireNonNull(accepted, "accepted");
    Objects.requireNonNull(errorMessage, "errorMessage");
    Objects.requireNonNull(rejectionDetails, "rejectionDetails");
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  /** A result in which every span was accepted. */
  public static DecodeResult allAccepted(SpanBatch accepted) {
    return new DecodeResult(accepted, 0, "", Map.of(), "");
  }

  public boolean hasRejections() {
    return rejectedSpans > 0;
  }
}
