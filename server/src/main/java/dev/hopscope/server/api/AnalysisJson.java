package dev.hopscope.server.api;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.hop.UninstrumentedPeer;
import dev.hopscope.analysis.path.PathSegment;
import dev.hopscope.analysis.skew.ClockOffset;
import dev.hopscope.analysis.skew.SpanOffset;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The JSON form of a trace's analysis (docs/api.md, "Analysis API"). */
final class AnalysisJson {
  private AnalysisJson() {}

  static JsonObject analysis(TraceAnalysis analysis) {
    JsonArray hops = new JsonArray();
    for (Hop hop : analysis.hops()) {
      hops.add(
          new JsonObject()
              .put("callerService", hop.callerService())
              .put("calleeService", hop.calleeService())
              .put("async", hop.async())
              .put("clientSpanId", hop.clientSpanId())
              .put("serverSpanId", hop.serverSpanId())
              .put("clientName", hop.clientName())
              .put("serverName", hop.serverName())
              .put("clientStartTimeUnixNano", Long.toString(hop.clientStartNanos()))
              .put("clientDurationNanos", hop.clientDurationNanos())
              .put("outboundGapNanos", hop.outboundGapNanos())
              .put("serverNanos", hop.serverTimeNanos())
              .put("returnGapNanos", hop.returnGapNanos())
              .put("error", hop.error())
              .put("skewCorrectionNanos", hop.skewCorrectionNanos()));
    }
    JsonArray peers = new JsonArray();
    for (UninstrumentedPeer peer : analysis.peers()) {
      peers.add(
          new JsonObject()
              .put("callerService", peer.callerService())
              .put("peer", peer.name())
              .put("system", peer.system())
              .put("detail", peer.statement())
              .put("label", peer.label())
              .put("clientSpanId", peer.clientSpanId())
              .put("clientName", peer.clientName())
              .put("startTimeUnixNano", Long.toString(peer.startNanos()))
              .put("durationNanos", peer.durationNanos())
              .put("error", peer.error()));
    }
    JsonArray path = new JsonArray();
    for (PathSegment segment : analysis.criticalPath().segments()) {
      path.add(segment(segment));
    }
    JsonArray skew = new JsonArray();
    int note = 0;
    for (ClockOffset offset : analysis.clockSkew().offsets()) {
      skew.add(
          new JsonObject()
              .put("serviceName", offset.service())
              .put("host", offset.host())
              .put("offsetNanos", offset.offsetNanos())
              .put("spanCount", offset.spanCount())
              .put(
                  "text",
                  note < analysis.clockSkew().notes().size()
                      ? analysis.clockSkew().notes().get(note++)
                      : ""));
    }
    JsonObject spanOffsets = new JsonObject();
    for (SpanOffset offset : analysis.spanOffsets()) {
      spanOffsets.put(offset.spanId(), offset.offsetNanos());
    }
    return new JsonObject()
        .put("traceId", analysis.traceId())
        .put("rootServiceName", analysis.rootService())
        .put("rootName", analysis.rootName())
        .put("startTimeUnixNano", Long.toString(analysis.startNanos()))
        .put("durationNanos", analysis.durationNanos())
        .put("spanCount", analysis.spanCount())
        .put("orphanCount", analysis.orphanCount())
        .put("hops", hops)
        .put("peers", peers)
        .put("criticalPath", path)
        .put("skew", skew)
        .put("spanOffsets", spanOffsets)
        .put("findings", new JsonArray(analysis.findings()));
  }

  private static JsonObject segment(PathSegment segment) {
    String kind =
        switch (segment.kind()) {
          case WORK -> "span";
          case PEER -> "peer";
          case OUTBOUND_GAP, RETURN_GAP -> "gap";
          case UNTRACED -> "untraced";
        };
    JsonObject out =
        new JsonObject()
            .put("kind", kind)
            .put("segment", SpanJson.lower(segment.kind().name()))
            .put("spanId", segment.spanId())
            .put("serviceName", segment.service())
            .put("name", segment.spanName())
            .put("startTimeUnixNano", Long.toString(segment.startNanos()))
            .put("durationNanos", segment.durationNanos());
    if (!segment.peer().isEmpty()) {
      out.put("from", segment.service()).put("to", segment.peer());
    }
    return out;
  }
}
