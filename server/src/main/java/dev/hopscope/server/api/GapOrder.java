package dev.hopscope.server.api;

import dev.hopscope.analysis.TraceAnalysis;
import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.hop.Hop;
import dev.hopscope.analysis.hop.UninstrumentedPeer;
import dev.hopscope.model.Trace;
import dev.hopscope.query.TraceMatch;
import dev.hopscope.store.TimeRange;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/search?order=gap&edge=caller,callee}: the traces whose call on that edge lost the
 * most time on the way out (for a peer: the slowest call), the service map's "show me the traces on
 * this edge". The store has no gap order, so the newest {@value #CANDIDATES} matches are analysed
 * and ranked; the answer says so ({@code rankedOf}) and has no next page.
 */
final class GapOrder {
  static final int CANDIDATES = 2_000;

  private final TraceSets sets;

  GapOrder(TraceSets sets) {
    this.sets = sets;
  }

  private record Ranked(long gapNanos, Trace trace) {}

  JsonObject search(
      String tenant, String query, TimeRange range, int limit, @Nullable String edge) {
    if (edge == null || edge.indexOf(',') <= 0 || edge.endsWith(",")) {
      throw new ApiException(
          400,
          "order=gap needs edge=<caller>,<callee> (e.g. edge=webapp,auth); got \"" + edge + "\"");
    }
    String caller = edge.substring(0, edge.indexOf(','));
    String callee = edge.substring(edge.indexOf(',') + 1);
    List<Ranked> ranked = new ArrayList<>();
    int[] analysed = {0};
    sets.forEach(
        tenant,
        query,
        range,
        CANDIDATES,
        trace -> {
          analysed[0]++;
          long gap = gapOn(TraceAnalyzer.analyze(trace), caller, callee);
          if (gap != Long.MIN_VALUE) {
            ranked.add(new Ranked(gap, trace));
          }
        });
    ranked.sort(
        Comparator.comparingLong(Ranked::gapNanos)
            .reversed()
            .thenComparing(r -> r.trace().traceId()));
    JsonArray traces = new JsonArray();
    for (Ranked r : ranked.subList(0, Math.min(limit, ranked.size()))) {
      traces.add(
          SearchApi.summary(new TraceMatch(r.trace(), List.of()))
              .put("edgeGapNanos", r.gapNanos()));
    }
    return new JsonObject()
        .put("traces", traces)
        .putNull("next")
        .put("inspectedTraces", analysed[0])
        .put("rankedOf", ranked.size());
  }

  /** The largest outbound gap of the edge's hops, or the longest call to a peer; MIN if absent. */
  private static long gapOn(TraceAnalysis analysis, String caller, String callee) {
    long gap = Long.MIN_VALUE;
    for (Hop hop : analysis.hops()) {
      if (hop.callerService().equals(caller) && hop.calleeService().equals(callee)) {
        gap = Math.max(gap, hop.outboundGapNanos());
      }
    }
    for (UninstrumentedPeer peer : analysis.peers()) {
      if (peer.callerService().equals(caller) && peer.name().equals(callee)) {
        gap = Math.max(gap, peer.durationNanos());
      }
    }
    return gap;
  }
}
