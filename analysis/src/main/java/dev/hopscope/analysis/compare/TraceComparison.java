package dev.hopscope.analysis.compare;

import dev.hopscope.analysis.internal.Durations;
import dev.hopscope.analysis.internal.SpanTree;
import dev.hopscope.analysis.skew.ClockSkewCorrector;
import dev.hopscope.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Aligns two traces span by span: spans match when they have the same service, name and path of
 * (service, name) from the root, and the same rank among such spans in start order. O(n log n):
 * paths are interned as (parent path id, service, name), never built as strings for every span.
 */
public final class TraceComparison {
  static final int MAX_LISTED = 100;
  static final int MAX_CHANGES = 10;
  private static final int PATH_HEAD = 2;
  private static final int PATH_TAIL = 3;

  private final Map<PathStep, Integer> paths = new HashMap<>();

  private TraceComparison() {}

  public static TraceDiff compare(Trace a, Trace b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    return new TraceComparison().diff(a, b);
  }

  private record PathStep(int parentPath, String service, String name) {}

  private record Slot(int path, int occurrence) {}

  private TraceDiff diff(Trace traceA, Trace traceB) {
    SpanTree a = ClockSkewCorrector.correct(SpanTree.of(traceA)).tree();
    SpanTree b = ClockSkewCorrector.correct(SpanTree.of(traceB)).tree();
    Slot[] slotsOfA = slots(a);
    Slot[] slotsOfB = slots(b);
    Map<Slot, Integer> slotsA = HashMap.newHashMap(slotsOfA.length);
    for (int i = 0; i < slotsOfA.length; i++) {
      slotsA.put(slotsOfA[i], i);
    }

    List<SpanChange> changes = new ArrayList<>();
    List<GapChange> gaps = new ArrayList<>();
    List<AlignedSpan> added = new ArrayList<>();
    int addedCount = 0;
    boolean[] matchedA = new boolean[a.size()];
    for (int j = 0; j < b.size(); j++) {
      Integer i = slotsA.get(slotsOfB[j]);
      if (i == null) {
        addedCount++;
        if (added.size() < MAX_LISTED) {
          added.add(aligned(b, j));
        }
        continue;
      }
      matchedA[i] = true;
      long durationA = a.end(i) - a.start(i);
      long durationB = b.end(j) - b.start(j);
      changes.add(
          new SpanChange(
              b.service(j),
              b.span(j).name(),
              "",
              a.span(i).spanId().toHex(),
              b.span(j).spanId().toHex(),
              durationA,
              durationB,
              durationB - durationA));
      if (a.isHopChild(i) && b.isHopChild(j)) {
        gaps.add(gapChange(a, i, b, j));
      }
    }
    List<AlignedSpan> removed = new ArrayList<>();
    int removedCount = 0;
    for (int i = 0; i < a.size(); i++) {
      if (!matchedA[i]) {
        removedCount++;
        if (removed.size() < MAX_LISTED) {
          removed.add(aligned(a, i));
        }
      }
    }
    int matched = changes.size();
    changes.sort(
        Comparator.comparingLong((SpanChange c) -> Math.abs(c.deltaNanos()))
            .reversed()
            .thenComparing(SpanChange::spanIdB));
    List<SpanChange> topChanges = new ArrayList<>();
    Map<String, Integer> indexB = indexById(b);
    for (SpanChange change : changes.subList(0, Math.min(MAX_CHANGES, changes.size()))) {
      // A change names a span of b, so b's index has it.
      int inB = Objects.requireNonNull(indexB.get(change.spanIdB()), change.spanIdB());
      topChanges.add(withPath(change, path(b, inB)));
    }
    gaps.sort(
        Comparator.comparingLong(GapChange::largestChange)
            .reversed()
            .thenComparing(GapChange::path));
    long durationA = a.traceEnd() - a.traceStart();
    long durationB = b.traceEnd() - b.traceStart();
    List<GapChange> topGaps = gaps.subList(0, Math.min(MAX_CHANGES, gaps.size()));
    return new TraceDiff(
        traceA.traceId().toHex(),
        traceB.traceId().toHex(),
        durationA,
        durationB,
        durationB - durationA,
        matched,
        addedCount,
        removedCount,
        added,
        removed,
        topChanges,
        topGaps,
        summary(durationA, durationB, addedCount, removedCount, topChanges, topGaps));
  }

  /** Gives each span a slot: its interned path and its rank among spans of that path. */
  private Slot[] slots(SpanTree tree) {
    int[] pathIds = new int[tree.size()];
    Map<Integer, Integer> seen = new HashMap<>();
    Slot[] slots = new Slot[tree.size()];
    for (int i : tree.breadthFirstOrder()) {
      int parent = tree.parent(i);
      PathStep step =
          new PathStep(parent < 0 ? -1 : pathIds[parent], tree.service(i), tree.span(i).name());
      pathIds[i] = paths.computeIfAbsent(step, s -> paths.size());
    }
    // Ranks follow start order (the tree's index order), not breadth-first order.
    for (int i = 0; i < tree.size(); i++) {
      int occurrence = seen.merge(pathIds[i], 1, Integer::sum) - 1;
      slots[i] = new Slot(pathIds[i], occurrence);
    }
    return slots;
  }

  private static Map<String, Integer> indexById(SpanTree tree) {
    Map<String, Integer> out = HashMap.newHashMap(tree.size());
    for (int i = 0; i < tree.size(); i++) {
      out.putIfAbsent(tree.span(i).spanId().toHex(), i);
    }
    return out;
  }

  private static GapChange gapChange(SpanTree a, int i, SpanTree b, int j) {
    int clientA = a.parent(i);
    int clientB = b.parent(j);
    long outA = a.start(i) - a.start(clientA);
    long outB = b.start(j) - b.start(clientB);
    long backA = a.end(clientA) - a.end(i);
    long backB = b.end(clientB) - b.end(j);
    return new GapChange(
        b.service(clientB),
        b.service(j),
        path(b, j),
        outA,
        outB,
        outB - outA,
        backA,
        backB,
        backB - backA);
  }

  private static AlignedSpan aligned(SpanTree tree, int index) {
    return new AlignedSpan(
        tree.service(index),
        tree.span(index).name(),
        path(tree, index),
        tree.span(index).spanId().toHex(),
        tree.end(index) - tree.start(index));
  }

  private static SpanChange withPath(SpanChange change, String path) {
    return new SpanChange(
        change.service(),
        change.name(),
        path,
        change.spanIdA(),
        change.spanIdB(),
        change.durationNanosA(),
        change.durationNanosB(),
        change.deltaNanos());
  }

  /** "webapp: GET / > … > auth: SELECT"; the middle of a deep path is elided. */
  static String path(SpanTree tree, int index) {
    int[] chain = new int[8];
    int depth = 0;
    for (int at = index; at >= 0; at = tree.parent(at)) {
      if (depth == chain.length) {
        chain = Arrays.copyOf(chain, depth * 2);
      }
      chain[depth++] = at;
    }
    List<String> steps = new ArrayList<>();
    for (int k = depth - 1; k >= 0; k--) {
      boolean head = k >= depth - PATH_HEAD;
      boolean tail = k < PATH_TAIL;
      if (head || tail) {
        steps.add(tree.service(chain[k]) + ": " + tree.span(chain[k]).name());
      } else if (k == depth - PATH_HEAD - 1) {
        steps.add("…");
      }
    }
    return String.join(" > ", steps);
  }

  private static List<String> summary(
      long durationA,
      long durationB,
      int added,
      int removed,
      List<SpanChange> changes,
      List<GapChange> gaps) {
    List<String> out = new ArrayList<>();
    long delta = durationB - durationA;
    out.add(
        "b took "
            + Durations.format(durationB)
            + " vs "
            + Durations.format(durationA)
            + " ("
            + Durations.formatSigned(delta)
            + ")");
    if (!changes.isEmpty() && changes.getFirst().deltaNanos() != 0) {
      SpanChange top = changes.getFirst();
      out.add(
          "largest span change: "
              + top.service()
              + " `"
              + top.name()
              + "` "
              + Durations.formatSigned(top.deltaNanos()));
    }
    if (!gaps.isEmpty() && gaps.getFirst().largestChange() != 0) {
      GapChange top = gaps.getFirst();
      boolean outbound = Math.abs(top.outboundDeltaNanos()) >= Math.abs(top.returnDeltaNanos());
      out.add(
          "largest gap change: "
              + top.caller()
              + " -> "
              + top.callee()
              + (outbound ? " on the way out " : " on the way back ")
              + Durations.formatSigned(
                  outbound ? top.outboundDeltaNanos() : top.returnDeltaNanos()));
    }
    if (added > 0 || removed > 0) {
      out.add(added + " spans only in b, " + removed + " spans only in a");
    }
    return out;
  }
}
