package dev.hopscope.analysis.skew;

import dev.hopscope.analysis.internal.Durations;
import dev.hopscope.analysis.internal.SpanTree;
import dev.hopscope.model.SpanKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates one clock offset per (service, host.name) domain from impossible timings and shifts
 * each domain's spans by it. See RATIONALE.md, "Clock skew", for the algorithm and its limits.
 */
public final class ClockSkewCorrector {
  private ClockSkewCorrector() {}

  /** The corrected tree plus what was done to it. */
  public record Result(SpanTree tree, ClockSkew skew, List<SpanOffset> spanOffsets) {
    public Result {
      spanOffsets = List.copyOf(spanOffsets);
    }
  }

  public static Result correct(SpanTree tree) {
    int[] order = tree.breadthFirstOrder();
    Map<Long, PairBounds> pairs = new LinkedHashMap<>();
    int impossibleBefore = 0;
    for (int i : order) {
      int p = tree.parent(i);
      if (p < 0 || tree.domain(p) == tree.domain(i)) {
        continue;
      }
      long lo = tree.start(p) - tree.start(i);
      long hi = isSynchronous(tree, p, i) ? tree.end(p) - tree.end(i) : PairBounds.UNBOUNDED;
      boolean impossible = lo > 0 || hi < 0;
      if (impossible) {
        impossibleBefore++;
      }
      int parentDomain = tree.domain(p);
      int childDomain = tree.domain(i);
      long key =
          ((long) Math.min(parentDomain, childDomain) << 32) | Math.max(parentDomain, childDomain);
      // Oriented caller -> callee as first seen, so reports read in the direction of the calls.
      PairBounds bounds =
          pairs.computeIfAbsent(key, k -> new PairBounds(parentDomain, childDomain));
      // Bounds are on offset(b) - offset(a); a child in domain a flips the inequality.
      if (childDomain == bounds.b) {
        bounds.add(lo, hi, impossible);
      } else {
        bounds.add(hi == PairBounds.UNBOUNDED ? -PairBounds.UNBOUNDED : -hi, -lo, impossible);
      }
    }
    if (impossibleBefore == 0) {
      return new Result(tree, ClockSkew.NONE, List.of());
    }

    long[] offsets = propagate(tree, order, pairs);
    SpanTree corrected = tree.withOffsets(offsets);
    int impossibleAfter = 0;
    for (int i : order) {
      int p = corrected.parent(i);
      if (p < 0 || corrected.domain(p) == corrected.domain(i)) {
        continue;
      }
      boolean outside =
          corrected.start(i) < corrected.start(p)
              || (isSynchronous(corrected, p, i) && corrected.end(i) > corrected.end(p));
      if (outside) {
        impossibleAfter++;
      }
    }
    return new Result(
        corrected,
        new ClockSkew(
            impossibleBefore,
            impossibleAfter,
            skewedPairs(tree, pairs),
            offsets(corrected, offsets),
            notes(corrected, offsets)),
        spanOffsets(corrected));
  }

  /**
   * Only a CLIENT waits for its SERVER; any other child (a consumer, a fire-and-forget task) may
   * outlive its parent, so it bounds the offset from one side only.
   */
  private static boolean isSynchronous(SpanTree tree, int parent, int child) {
    return tree.kind(parent) == SpanKind.CLIENT && tree.kind(child) == SpanKind.SERVER;
  }

  /**
   * Breadth-first over the graph of domains that call each other, starting from the domain of the
   * root span: each newly reached domain is placed relative to the one it was reached from. Offsets
   * are therefore relative to the root service's clock.
   */
  private static long[] propagate(SpanTree tree, int[] order, Map<Long, PairBounds> pairs) {
    int domains = tree.domainCount();
    List<List<PairBounds>> adjacent = new ArrayList<>(domains);
    for (int d = 0; d < domains; d++) {
      adjacent.add(new ArrayList<>());
    }
    for (PairBounds pair : pairs.values()) {
      adjacent.get(pair.a).add(pair);
      adjacent.get(pair.b).add(pair);
    }
    long[] offsets = new long[domains];
    boolean[] placed = new boolean[domains];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int[] starts = new int[order.length + 1];
    starts[0] = tree.domain(rootSpan(tree, order));
    for (int k = 0; k < order.length; k++) {
      starts[k + 1] = tree.domain(order[k]);
    }
    for (int start : starts) {
      if (placed[start]) {
        continue;
      }
      placed[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int at = queue.poll();
        for (PairBounds pair : adjacent.get(at)) {
          int other = pair.a == at ? pair.b : pair.a;
          if (placed[other]) {
            continue;
          }
          long delta = pair.estimate();
          offsets[other] = offsets[at] + (pair.a == at ? delta : -delta);
          placed[other] = true;
          queue.add(other);
        }
      }
    }
    return offsets;
  }

  /** The first span with no parent id at all; an orphan only when the root never arrived. */
  private static int rootSpan(SpanTree tree, int[] order) {
    for (int i : order) {
      if (tree.parent(i) >= 0) {
        break;
      }
      if (tree.span(i).isRoot()) {
        return i;
      }
    }
    return order[0];
  }

  private static List<SkewedPair> skewedPairs(SpanTree tree, Map<Long, PairBounds> pairs) {
    List<SkewedPair> out = new ArrayList<>();
    for (PairBounds pair : pairs.values()) {
      if (pair.impossible > 0) {
        out.add(
            new SkewedPair(
                tree.domainService(pair.a),
                tree.domainHost(pair.a),
                tree.domainService(pair.b),
                tree.domainHost(pair.b),
                pair.count,
                pair.impossible,
                pair.estimate()));
      }
    }
    return out;
  }

  private static List<ClockOffset> offsets(SpanTree corrected, long[] offsets) {
    int[] counts = new int[corrected.domainCount()];
    for (int i = 0; i < corrected.size(); i++) {
      counts[corrected.domain(i)]++;
    }
    List<ClockOffset> out = new ArrayList<>();
    for (int d = 0; d < counts.length; d++) {
      if (offsets[d] != 0) {
        out.add(
            new ClockOffset(
                corrected.domainService(d), corrected.domainHost(d), offsets[d], counts[d]));
      }
    }
    return out;
  }

  private static List<String> notes(SpanTree corrected, long[] offsets) {
    Map<String, Integer> domainsPerService = new LinkedHashMap<>();
    for (int d = 0; d < offsets.length; d++) {
      domainsPerService.merge(corrected.domainService(d), 1, Integer::sum);
    }
    List<String> notes = new ArrayList<>();
    for (int d = 0; d < offsets.length; d++) {
      if (offsets[d] == 0) {
        continue;
      }
      String service = corrected.domainService(d);
      String who =
          domainsPerService.getOrDefault(service, 0) > 1 && !corrected.domainHost(d).isEmpty()
              ? service + " (" + corrected.domainHost(d) + ")"
              : service;
      notes.add("clock skew corrected: " + who + " " + Durations.formatSigned(offsets[d]));
    }
    return notes;
  }

  private static List<SpanOffset> spanOffsets(SpanTree corrected) {
    List<SpanOffset> out = new ArrayList<>();
    for (int i = 0; i < corrected.size(); i++) {
      if (corrected.offset(i) != 0) {
        out.add(
            new SpanOffset(
                corrected.span(i).spanId().toHex(), corrected.service(i), corrected.offset(i)));
      }
    }
    return out;
  }

  /** Every hop between two domains narrows the interval the true offset can lie in. */
  private static final class PairBounds {
    static final long UNBOUNDED = Long.MAX_VALUE;

    final int a;
    final int b;
    long maxLow = -UNBOUNDED;
    long minHigh = UNBOUNDED;
    long[] preferred = new long[4];
    int count;
    int impossible;

    PairBounds(int a, int b) {
      this.a = a;
      this.b = b;
    }

    void add(long low, long high, boolean impossibleAtZero) {
      if (impossibleAtZero) {
        impossible++;
      }
      maxLow = Math.max(maxLow, low);
      minHigh = Math.min(minHigh, high);
      if (count == preferred.length) {
        preferred = Arrays.copyOf(preferred, count * 2);
      }
      preferred[count++] = nearestToZero(low, high);
    }

    /**
     * No correction while zero is possible. Otherwise either the smallest correction that makes
     * every hop possible, or the middle of the feasible interval (NTP's "the wire is equally slow
     * both ways"), whichever the evidence favours: a small impossibility inside a wide interval — a
     * server span that ends a fraction of a millisecond after its client because it records after
     * flushing the response — is a recording artefact, and moving to the middle would turn 100 ms
     * of queueing on the way out into a 50/50 split, erasing exactly the asymmetry Hopscope exists
     * to show. A violation larger than half the interval's width is a real clock offset, and the
     * middle is then the best estimate. Contradictory hops fall back to the median hop's smallest
     * correction.
     */
    long estimate() {
      if (maxLow <= 0 && 0 <= minHigh) {
        return 0;
      }
      if (maxLow <= minHigh) {
        if (minHigh == UNBOUNDED) {
          return maxLow;
        }
        if (maxLow == -UNBOUNDED) {
          return minHigh;
        }
        long nearest = maxLow > 0 ? maxLow : minHigh;
        long halfWidth = (minHigh - maxLow) / 2;
        return Math.abs(nearest) < halfWidth ? nearest : maxLow + halfWidth;
      }
      long[] sorted = Arrays.copyOf(preferred, count);
      Arrays.sort(sorted);
      return sorted[count / 2];
    }

    private static long nearestToZero(long low, long high) {
      if (low > high) {
        return low + (high - low) / 2;
      }
      return Math.max(low, Math.min(high, 0));
    }
  }
}
