package dev.hopscope.server.api;

import dev.hopscope.analysis.compare.AlignedSpan;
import dev.hopscope.analysis.compare.GapChange;
import dev.hopscope.analysis.compare.SpanChange;
import dev.hopscope.analysis.compare.TraceDiff;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The JSON form of a trace comparison (docs/api.md). */
final class CompareJson {
  private CompareJson() {}

  static JsonObject diff(TraceDiff diff) {
    JsonArray differences = new JsonArray();
    for (SpanChange change : diff.durationChanges()) {
      differences.add(
          new JsonObject()
              .put("serviceName", change.service())
              .put("name", change.name())
              .put("path", change.path())
              .put("aSpanId", change.spanIdA())
              .put("bSpanId", change.spanIdB())
              .put("aDurationNanos", change.durationNanosA())
              .put("bDurationNanos", change.durationNanosB())
              .put("deltaNanos", change.deltaNanos()));
    }
    JsonArray gaps = new JsonArray();
    for (GapChange change : diff.gapChanges()) {
      gaps.add(
          new JsonObject()
              .put("caller", change.caller())
              .put("callee", change.callee())
              .put("path", change.path())
              .put("aOutboundGapNanos", change.outboundGapNanosA())
              .put("bOutboundGapNanos", change.outboundGapNanosB())
              .put("outboundDeltaNanos", change.outboundDeltaNanos())
              .put("aReturnGapNanos", change.returnGapNanosA())
              .put("bReturnGapNanos", change.returnGapNanosB())
              .put("returnDeltaNanos", change.returnDeltaNanos()));
    }
    return new JsonObject()
        .put("a", diff.traceIdA())
        .put("b", diff.traceIdB())
        .put("aDurationNanos", diff.durationNanosA())
        .put("bDurationNanos", diff.durationNanosB())
        .put("durationDeltaNanos", diff.durationDeltaNanos())
        .put("matchedCount", diff.matchedCount())
        .put("addedCount", diff.addedCount())
        .put("removedCount", diff.removedCount())
        .put("added", spans(diff.added()))
        .put("removed", spans(diff.removed()))
        .put("differences", differences)
        .put("gapDifferences", gaps)
        .put("summary", new JsonArray(diff.summary()));
  }

  private static JsonArray spans(List<AlignedSpan> spans) {
    JsonArray out = new JsonArray();
    for (AlignedSpan span : spans) {
      out.add(
          new JsonObject()
              .put("serviceName", span.service())
              .put("name", span.name())
              .put("path", span.path())
              .put("spanId", span.spanId())
              .put("durationNanos", span.durationNanos()));
    }
    return out;
  }
}
