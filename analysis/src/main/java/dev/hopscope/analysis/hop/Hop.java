package dev.hopscope.analysis.hop;

import dev.hopscope.model.SpanKind;

/**
 * One call from a CLIENT/PRODUCER span to a SERVER/CONSUMER span in another service, in
 * skew-corrected time. {@code outboundGapNanos + serverTimeNanos + returnGapNanos ==
 * clientDurationNanos} always holds; for an asynchronous hop (PRODUCER/CONSUMER) the return gap is
 * usually negative because the producer does not wait.
 *
 * @param outboundGapNanos server start - client start: request on the wire, queues, pools
 * @param returnGapNanos client end - server end: response on the wire and its handling
 * @param serverTimeNanos server end - server start
 * @param skewCorrectionNanos offset applied to the server side relative to the client side
 */
public record Hop(
    String callerService,
    String calleeService,
    SpanKind clientKind,
    boolean async,
    String clientSpanId,
    String serverSpanId,
    String clientName,
    String serverName,
    long clientStartNanos,
    long clientDurationNanos,
    long outboundGapNanos,
    long serverTimeNanos,
    long returnGapNanos,
    boolean error,
    long skewCorrectionNanos) {}
