package dev.hopscope.analysis.aggregate;

import dev.hopscope.analysis.TraceAnalyzer;
import dev.hopscope.analysis.internal.Durations;
import dev.hopscope.analysis.path.PathContribution;
import dev.hopscope.model.AttributeValue;
import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Ranks what distinguishes a slow set of traces from a baseline: attribute values that appear in a
 * larger share of slow traces, and critical-path contributions (work, peers, gaps per edge) that
 * grew per trace. Linear in the total number of spans and attributes.
 */
public final class SlowBaselineAttribution {
  static final int MAX_RESULTS = 10;
  static final int MAX_FINDINGS = 3;

  /** Keys with more distinct values than this are ids or timestamps, not causes. */
  static final int MAX_VALUES_PER_KEY = 50;

  static final int MAX_VALUE_LENGTH = 100;

  private SlowBaselineAttribution() {}

  public static Attribution compare(Collection<Trace> slow, Collection<Trace> baseline) {
    CriticalPathAggregate slowPaths = CriticalPathAggregate.create();
    CriticalPathAggregate basePaths = CriticalPathAggregate.create();
    Map<String, Map<String, long[]>> counts = new HashMap<>();
    for (Trace trace : slow) {
      slowPaths.add(TraceAnalyzer.analyze(trace));
      countAttributes(trace, counts, 0);
    }
    for (Trace trace : baseline) {
      basePaths.add(TraceAnalyzer.analyze(trace));
      countAttributes(trace, counts, 1);
    }
    List<AttributeSkew> attributes = attributeSkews(counts, slow.size(), baseline.size());
    List<ContributionDelta> deltas = deltas(slowPaths, basePaths);
    List<String> findings = new ArrayList<>();
    for (AttributeSkew skew : attributes.subList(0, Math.min(MAX_FINDINGS, attributes.size()))) {
      findings.add(
          "`"
              + skew.key()
              + "="
              + skew.value()
              + "`: "
              + Math.round(skew.slowShare() * 100)
              + "% of slow vs "
              + Math.round(skew.baselineShare() * 100)
              + "% of baseline");
    }
    for (ContributionDelta delta : deltas.subList(0, Math.min(MAX_FINDINGS, deltas.size()))) {
      findings.add(describe(delta));
    }
    return new Attribution(
        slow.size(),
        baseline.size(),
        slowPaths.meanDurationNanos(),
        basePaths.meanDurationNanos(),
        attributes,
        deltas,
        findings);
  }

  /** Counts each key=value once per trace, from span and resource attributes. */
  private static void countAttributes(
      Trace trace, Map<String, Map<String, long[]>> counts, int side) {
    Set<String> seen = new HashSet<>();
    for (Span span : trace.spans()) {
      span.attributes().forEach((key, value) -> count(counts, seen, key, value, side));
      span.resource().attributes().forEach((key, value) -> count(counts, seen, key, value, side));
    }
  }

  private static void count(
      Map<String, Map<String, long[]>> counts,
      Set<String> seen,
      String key,
      AttributeValue value,
      int side) {
    String text = value.asText();
    if (text.length() > MAX_VALUE_LENGTH || !seen.add(key + "\u0000" + text)) {
      return;
    }
    Map<String, long[]> values = counts.computeIfAbsent(key, k -> new HashMap<>());
    // Past the limit the key is dropped below; stop growing it to bound memory.
    if (values.size() > MAX_VALUES_PER_KEY && !values.containsKey(text)) {
      return;
    }
    values.computeIfAbsent(text, t -> new long[2])[side]++;
  }

  private static List<AttributeSkew> attributeSkews(
      Map<String, Map<String, long[]>> counts, long slowCount, long baselineCount) {
    List<AttributeSkew> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, long[]>> keyed : new TreeMap<>(counts).entrySet()) {
      String key = keyed.getKey();
      Map<String, long[]> values = keyed.getValue();
      if (values.size() > MAX_VALUES_PER_KEY) {
        continue;
      }
      values.forEach(
          (value, count) -> {
            double slowShare = slowCount == 0 ? 0 : (double) count[0] / slowCount;
            double baseShare = baselineCount == 0 ? 0 : (double) count[1] / baselineCount;
            if (slowShare > baseShare) {
              out.add(new AttributeSkew(key, value, slowShare, baseShare, count[0], count[1]));
            }
          });
    }
    out.sort(
        Comparator.comparingDouble((AttributeSkew s) -> s.slowShare() - s.baselineShare())
            .reversed()
            .thenComparing(AttributeSkew::key)
            .thenComparing(AttributeSkew::value));
    return out.subList(0, Math.min(MAX_RESULTS, out.size()));
  }

  private static List<ContributionDelta> deltas(
      CriticalPathAggregate slow, CriticalPathAggregate baseline) {
    Map<String, Long> slowMeans = slow.meanNanosByKey();
    Map<String, Long> baseMeans = baseline.meanNanosByKey();
    Set<String> keys = new TreeSet<>(slowMeans.keySet());
    keys.addAll(baseMeans.keySet());
    long difference = slow.meanDurationNanos() - baseline.meanDurationNanos();
    List<ContributionDelta> out = new ArrayList<>();
    for (String key : keys) {
      long slowMean = slowMeans.getOrDefault(key, 0L);
      long baseMean = baseMeans.getOrDefault(key, 0L);
      if (slowMean <= baseMean) {
        continue;
      }
      // Slower than the baseline, so the slow side has the key.
      PathContribution what = java.util.Objects.requireNonNull(slow.describe(key), key);
      out.add(
          new ContributionDelta(
              what.kind(),
              what.service(),
              what.peer(),
              what.spanName(),
              slowMean,
              baseMean,
              slowMean - baseMean,
              difference <= 0 ? 0 : (double) (slowMean - baseMean) / difference));
    }
    out.sort(
        Comparator.comparingLong(ContributionDelta::deltaNanos)
            .reversed()
            .thenComparing(
                d -> d.kind() + "/" + d.service() + "/" + d.peer() + "/" + d.spanName()));
    return out.subList(0, Math.min(MAX_RESULTS, out.size()));
  }

  /** "webapp -> auth on the way out: +95 ms per trace (100 ms slow vs 5 ms baseline)". */
  static String describe(ContributionDelta delta) {
    String what =
        switch (delta.kind()) {
          case WORK -> delta.service() + " `" + delta.spanName() + "`";
          case PEER -> delta.service() + " -> " + delta.peer();
          case OUTBOUND_GAP -> delta.service() + " -> " + delta.peer() + " on the way out";
          case RETURN_GAP -> delta.service() + " -> " + delta.peer() + " on the way back";
          case UNTRACED -> "time not covered by any span";
        };
    return what
        + ": "
        + Durations.formatSigned(delta.deltaNanos())
        + " per trace ("
        + Durations.format(delta.slowMeanNanos())
        + " slow vs "
        + Durations.format(delta.baselineMeanNanos())
        + " baseline)";
  }
}
