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
 */
public record DecodeResult(
    SpanBatch accepted,
    int rejectedSpans,
    String errorMessage,
    Map<RejectReason, Integer> rejectedByReason) {

  public DecodeResult {
    Objects.requireNonNull(accepted, "accepted");
    Objects.requireNonNull(errorMessage, "errorMessage");
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  /** A result in which every span was accepted. */
  public static DecodeResult allAccepted(SpanBatch accepted) {
    return new DecodeResult(accepted, 0, "", Map.of());
  }

  public boolean hasRejections() {
    return rejectedSpans > 0;
  }
}
