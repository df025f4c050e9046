package dev.hopscope.analysis.path;

import dev.hopscope.analysis.hop.PeerNames;
import dev.hopscope.analysis.internal.SpanTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Walks back from the end of the trace: at each span, the child that finished last before the
 * current point is on the path, the time after it is the span's own (or a gap), and the walk
 * continues from that child's start. Children that run past their parent (async consumers) extend
 * the parent's reach, so the path can follow them. Iterative, so a 100,000-deep trace does not
 * overflow the stack; O(n log n) for sorting children by end.
 */
public final class CriticalPathFinder {
  private static final int VIRTUAL_ROOT = -1;

  private final SpanTree tree;
  private final long[] reach;
  private final List<PathSegment> reversed = new ArrayList<>();

  private CriticalPathFinder(SpanTree tree) {
    this.tree = tree;
    this.reach = reach(tree);
  }

  public static CriticalPath find(SpanTree tree) {
    if (tree.size() == 0) {
      return CriticalPath.EMPTY;
    }
    return new CriticalPathFinder(tree).walk();
  }

  /** Each span's end, or the latest end among its descendants when that is later. */
  private static long[] reach(SpanTree tree) {
    long[] reach = new long[tree.size()];
    int[] order = tree.breadthFirstOrder();
    for (int i = 0; i < reach.length; i++) {
      reach[i] = tree.end(i);
    }
    for (int k = order.length - 1; k >= 0; k--) {
      int i = order[k];
      int parent = tree.parent(i);
      if (parent >= 0) {
        reach[parent] = Math.max(reach[parent], reach[i]);
      }
    }
    return reach;
  }

  private Integer[] childrenByReach(int span) {
    Integer[] children;
    if (span == VIRTUAL_ROOT) {
      children = Arrays.stream(tree.topLevel()).boxed().toArray(Integer[]::new);
    } else {
      children = new Integer[tree.childCount(span)];
      for (int n = 0; n < children.length; n++) {
        children[n] = tree.child(span, n);
      }
    }
    Arrays.sort(
        children,
        Comparator.<Integer>comparingLong(c -> reach[c])
            .thenComparingLong(tree::start)
            .thenComparingInt(c -> c)
            .reversed());
    return children;
  }

  private final class Frame {
    final int span;
    final long windowStart;
    final Integer[] children;
    long cursor;
    int next;
    int after = -1;

    Frame(int span, long windowStart, long windowEnd) {
      this.span = span;
      this.windowStart = windowStart;
      this.cursor = windowEnd;
      this.children = childrenByReach(span);
    }
  }

  private CriticalPath walk() {
    long start = tree.traceStart();
    long end = tree.traceEnd();
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    stack.push(new Frame(VIRTUAL_ROOT, start, end));
    while (!stack.isEmpty()) {
      Frame frame = stack.peek();
      int chosen = -1;
      while (frame.cursor > frame.windowStart && frame.next < frame.children.length) {
        int candidate = frame.children[frame.next++];
        // A child starting at or after the cursor ran only while something later was critical.
        if (tree.start(candidate) < frame.cursor) {
          chosen = candidate;
          break;
        }
      }
      if (chosen < 0) {
        emit(frame, frame.windowStart, frame.cursor, -1);
        stack.pop();
        continue;
      }
      // A child that ran entirely before its parent (uncorrectable skew) gets an empty window.
      long childEnd = Math.max(frame.windowStart, Math.min(reach[chosen], frame.cursor));
      long childStart = Math.max(tree.start(chosen), frame.windowStart);
      emit(frame, childEnd, frame.cursor, chosen);
      frame.cursor = childStart;
      frame.after = chosen;
      stack.push(new Frame(chosen, childStart, childEnd));
    }
    Collections.reverse(reversed);
    List<PathSegment> segments = merge(reversed);
    return new CriticalPath(
        start, end, end - start, segments, contributions(segments, end - start));
  }

  /**
   * The frame's own time over [from, to): {@code before} ends at from, frame.after starts at to.
   */
  private void emit(Frame frame, long from, long to, int before) {
    if (to <= from) {
      return;
    }
    int span = frame.span;
    if (span == VIRTUAL_ROOT) {
      reversed.add(new PathSegment(SegmentKind.UNTRACED, "", "", "", "", from, to, to - from));
      return;
    }
    SegmentKind kind;
    String peer = "";
    if (before >= 0 && tree.isHopChild(before)) {
      kind = SegmentKind.RETURN_GAP;
      peer = tree.service(before);
    } else if (frame.after >= 0 && tree.isHopChild(frame.after)) {
      kind = SegmentKind.OUTBOUND_GAP;
      peer = tree.service(frame.after);
    } else if (tree.isUninstrumentedCall(span)) {
      kind = SegmentKind.PEER;
      peer = PeerNames.label(tree.span(span).attributes());
    } else {
      kind = SegmentKind.WORK;
    }
    reversed.add(
        new PathSegment(
            kind,
            tree.service(span),
            peer,
            tree.span(span).spanId().toHex(),
            tree.span(span).name(),
            from,
            to,
            to - from));
  }

  /** Joins touching segments of the same span and kind, left when a skipped child split them. */
  private static List<PathSegment> merge(List<PathSegment> segments) {
    List<PathSegment> out = new ArrayList<>(segments.size());
    for (PathSegment segment : segments) {
      if (!out.isEmpty()) {
        PathSegment last = out.getLast();
        if (last.kind() == segment.kind()
            && last.spanId().equals(segment.spanId())
            && last.peer().equals(segment.peer())
            && last.endNanos() == segment.startNanos()) {
          out.set(
              out.size() - 1,
              new PathSegment(
                  last.kind(),
                  last.service(),
                  last.peer(),
                  last.spanId(),
                  last.spanName(),
                  last.startNanos(),
                  segment.endNanos(),
                  segment.endNanos() - last.startNanos()));
          continue;
        }
      }
      out.add(segment);
    }
    return out;
  }

  static List<PathContribution> contributions(List<PathSegment> segments, long duration) {
    Map<String, long[]> totals = new LinkedHashMap<>();
    Map<String, PathSegment> firsts = new LinkedHashMap<>();
    for (PathSegment segment : segments) {
      String name = segment.kind() == SegmentKind.WORK ? segment.spanName() : "";
      String key = segment.kind() + "\u0000" + segment.service() + "\u0000" + segment.peer();
      key += "\u0000" + name;
      long[] total = totals.computeIfAbsent(key, k -> new long[2]);
      total[0] += segment.durationNanos();
      total[1]++;
      firsts.putIfAbsent(key, segment);
    }
    List<PathContribution> out = new ArrayList<>(totals.size());
    totals.forEach(
        (key, total) -> {
          // Both maps take every key together, above.
          PathSegment first = Objects.requireNonNull(firsts.get(key), key);
          out.add(
              new PathContribution(
                  first.kind(),
                  first.service(),
                  first.peer(),
                  first.kind() == SegmentKind.WORK ? first.spanName() : "",
                  total[0],
                  duration <= 0 ? 0 : (double) total[0] / duration,
                  (int) total[1]));
        });
    out.sort(
        Comparator.comparingLong(PathContribution::nanos)
            .reversed()
            .thenComparing(PathContribution::key));
    return out;
  }
}
