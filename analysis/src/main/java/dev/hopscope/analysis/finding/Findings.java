package dev.hopscope.analysis.finding;

import dev.hopscope.analysis.internal.Durations;
import dev.hopscope.analysis.internal.SpanTree;
import dev.hopscope.analysis.path.CriticalPath;
import dev.hopscope.analysis.path.PathContribution;
import dev.hopscope.analysis.skew.ClockSkew;
import dev.hopscope.model.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says in words where one trace's time went. The list is short and ordered: the largest
 * critical-path contributions first, then errors, clock-skew corrections and missing spans. The
 * same trace always gives the same lines: every order is by number, then by text.
 */
public final class Findings {
  static final int MAX_LATENCY = 5;
  static final int MAX_ERRORS = 3;

  /** Contributions under 1% of the trace are noise to a reader. */
  static final double MIN_SHARE = 0.01;

  private Findings() {}

  public static List<String> describe(SpanTree tree, CriticalPath path, ClockSkew skew) {
    List<String> out = new ArrayList<>();
    for (PathContribution contribution : path.contributions()) {
      if (out.size() == MAX_LATENCY || contribution.share() < MIN_SHARE) {
        break;
      }
      out.add(latency(contribution, path.durationNanos()));
    }
    out.addAll(errors(tree));
    out.addAll(skew.notes());
    if (skew.impossibleAfter() > 0) {
      out.add(
          skew.impossibleAfter()
              + " calls still have impossible timings after clock-skew correction");
    }
    if (tree.orphanCount() > 0) {
      out.add(
          tree.orphanCount()
              + (tree.orphanCount() == 1 ? " span arrived" : " spans arrived")
              + " without its parent; the trace is incomplete");
    }
    return List.copyOf(out);
  }

  /** One contribution as a sentence, e.g. "62% (520 ms) of 840 ms: auth -> h2 database". */
  public static String latency(PathContribution contribution, long durationNanos) {
    String amount = Durations.format(contribution.nanos());
    String of =
        Durations.percent(contribution.nanos(), durationNanos)
            + "% ("
            + amount
            + ") of "
            + Durations.format(durationNanos)
            + ": ";
    return switch (contribution.kind()) {
      case WORK -> of + contribution.service() + " `" + contribution.spanName() + "`";
      case PEER -> of + contribution.service() + " -> " + contribution.peer();
      case OUTBOUND_GAP ->
          amount
              + " lost between "
              + contribution.service()
              + " and "
              + contribution.peer()
              + " on the way out";
      case RETURN_GAP ->
          amount
              + " lost between "
              + contribution.service()
              + " and "
              + contribution.peer()
              + " on the way back";
      case UNTRACED ->
          amount + " of " + Durations.format(durationNanos) + " not covered by any span";
    };
  }

  private static List<String> errors(SpanTree tree) {
    Map<String, int[]> counts = new LinkedHashMap<>();
    Map<String, String> messages = new LinkedHashMap<>();
    for (int i = 0; i < tree.size(); i++) {
      Span span = tree.span(i);
      if (!span.status().isError()) {
        continue;
      }
      String where = tree.service(i) + " `" + span.name() + "`";
      counts.computeIfAbsent(where, k -> new int[1])[0]++;
      if (!span.status().message().isBlank()) {
        messages.putIfAbsent(where, span.status().message().strip());
      }
    }
    List<Map.Entry<String, int[]>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        (a, b) ->
            a.getValue()[0] != b.getValue()[0]
                ? Integer.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, int[]> entry : sorted.subList(0, Math.min(MAX_ERRORS, sorted.size()))) {
      int count = entry.getValue()[0];
      String message = messages.get(entry.getKey());
      out.add(
          (count == 1 ? "error in " : count + " errors in ")
              + entry.getKey()
              + (message == null ? "" : ": " + message));
    }
    return out;
  }
}
