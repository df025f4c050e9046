package dev.hopscope.analysis.internal;

import dev.hopscope.model.Resource;
import dev.hopscope.model.Span;
import dev.hopscope.model.SpanKind;
import dev.hopscope.model.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace as an index-based tree: parent and children by position, clock domains, and start/end
 * times that may carry a clock-skew correction. Public only because several analysis packages share
 * it; it is not part of the module's API.
 *
 * <p>Built in O(n): one hash lookup per parent id, then arrays. Spans whose parent is missing
 * (orphans) and spans caught in a parent cycle (corrupt input) become top-level so that every span
 * is reachable exactly once.
 */
public final class SpanTree {
  private static final int SCANNED_DOMAINS = 16;

  private final List<Span> spans;
  private final int[] parent;
  private final int[] childOffsets;
  private final int[] childIndexes;
  private final int[] topLevel;
  private final int[] breadthFirst;
  private final int[] domain;
  private final List<String> domainServices;
  private final List<String> domainHosts;
  private final int orphanCount;
  private final boolean[] hasInboundChild;
  private final long[] offsets;
  private final long[] starts;
  private final long[] ends;

  private SpanTree(SpanTree base, long[] offsets) {
    this.spans = base.spans;
    this.parent = base.parent;
    this.childOffsets = base.childOffsets;
    this.childIndexes = base.childIndexes;
    this.topLevel = base.topLevel;
    this.breadthFirst = base.breadthFirst;
    this.domain = base.domain;
    this.domainServices = base.domainServices;
    this.domainHosts = base.domainHosts;
    this.orphanCount = base.orphanCount;
    this.hasInboundChild = base.hasInboundChild;
    this.offsets = offsets;
    int n = spans.size();
    this.starts = new long[n];
    this.ends = new long[n];
    for (int i = 0; i < n; i++) {
      starts[i] = spans.get(i).startNanos() + offsets[domain[i]];
      // A span that ends before it starts is corrupt; treat it as instantaneous.
      ends[i] = Math.max(starts[i], spans.get(i).endNanos() + offsets[domain[i]]);
    }
  }

  /**
   * Each step is a method of its own: as one constructor of loops, it was one large compile that
   * the JIT built five times in a fresh server's first minute (docs/benchmarks.md, session 16).
   */
  private SpanTree(List<Span> spans) {
    this.spans = spans;
    int n = spans.size();
    parent = new int[n];
    orphanCount = linkParents(spans, parent);
    breakCycles(parent);
    childOffsets = childOffsets(parent);
    childIndexes = new int[childOffsets[n]];
    topLevel = fillChildren(parent, childOffsets, childIndexes);
    hasInboundChild = inboundChildren(spans, parent);
    breadthFirst = breadthFirst(topLevel, childOffsets, childIndexes, n);
    domainServices = new ArrayList<>();
    domainHosts = new ArrayList<>();
    domain = domains(spans);
    offsets = new long[domainServices.size()];
    starts = new long[n];
    ends = new long[n];
    for (int i = 0; i < n; i++) {
      starts[i] = spans.get(i).startNanos();
      ends[i] = Math.max(starts[i], spans.get(i).endNanos());
    }
  }

  /** Fills {@code parent} with each span's parent position (-1: none) and returns the orphans. */
  private static int linkParents(List<Span> spans, int[] parent) {
    int n = spans.size();
    SpanIndex byId = new SpanIndex(n);
    for (int i = 0; i < n; i++) {
      byId.putIfAbsent(spans.get(i).spanId().value(), i);
    }
    int orphans = 0;
    for (int i = 0; i < n; i++) {
      Span span = spans.get(i);
      if (span.parentSpanId().isEmpty()) {
        parent[i] = -1;
        continue;
      }
      int found = byId.get(span.parentSpanId().get().value());
      parent[i] = found == i ? -1 : found;
      if (found < 0) {
        orphans++;
      }
    }
    return orphans;
  }

  private static int[] childOffsets(int[] parent) {
    int n = parent.length;
    int[] offsets = new int[n + 1];
    for (int i = 0; i < n; i++) {
      if (parent[i] >= 0) {
        offsets[parent[i] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      offsets[i + 1] += offsets[i];
    }
    return offsets;
  }

  /** Fills each span's children into {@code childIndexes} and returns the top-level spans. */
  private static int[] fillChildren(int[] parent, int[] childOffsets, int[] childIndexes) {
    int n = parent.length;
    int[] fill = Arrays.copyOf(childOffsets, n);
    int[] tops = new int[n];
    int topCount = 0;
    // Spans are in start order, so every children list comes out in start order too.
    for (int i = 0; i < n; i++) {
      if (parent[i] >= 0) {
        childIndexes[fill[parent[i]]++] = i;
      } else {
        tops[topCount++] = i;
      }
    }
    return Arrays.copyOf(tops, topCount);
  }

  private static boolean[] inboundChildren(List<Span> spans, int[] parent) {
    boolean[] inbound = new boolean[parent.length];
    for (int i = 0; i < parent.length; i++) {
      if (parent[i] >= 0 && spans.get(i).kind().isInbound()) {
        inbound[parent[i]] = true;
      }
    }
    return inbound;
  }

  private static int[] breadthFirst(int[] topLevel, int[] childOffsets, int[] childIndexes, int n) {
    int[] order = new int[n];
    int head = 0;
    int tail = 0;
    for (int top : topLevel) {
      order[tail++] = top;
    }
    while (head < tail) {
      int at = order[head++];
      for (int c = childOffsets[at]; c < childOffsets[at + 1]; c++) {
        order[tail++] = childIndexes[c];
      }
    }
    return order;
  }

  /** Each span's clock domain, filling {@link #domainServices} and {@link #domainHosts}. */
  private int[] domains(List<Span> spans) {
    int[] domains = new int[spans.size()];
    Map<List<String>, Integer> byName = new HashMap<>();
    for (int i = 0; i < domains.length; i++) {
      // Resources remember their service and host names: no map lookup per span.
      Resource resource = spans.get(i).resource();
      domains[i] = domainIndex(resource.serviceName(), resource.hostName(), byName);
    }
    return domains;
  }

  /**
   * The index of the (service, host) domain, added when new. A trace has a few domains, so they are
   * scanned; past {@link #SCANNED_DOMAINS} a map takes over.
   */
  private int domainIndex(String service, String host, Map<List<String>, Integer> domains) {
    int count = domainServices.size();
    if (count <= SCANNED_DOMAINS) {
      for (int d = 0; d < count; d++) {
        if (domainServices.get(d).equals(service) && domainHosts.get(d).equals(host)) {
          return d;
        }
      }
      if (count < SCANNED_DOMAINS) {
        domainServices.add(service);
        domainHosts.add(host);
        return count;
      }
      for (int d = 0; d < count; d++) {
        domains.put(List.of(domainServices.get(d), domainHosts.get(d)), d);
      }
    }
    Integer index = domains.get(List.of(service, host));
    if (index == null) {
      index = domainServices.size();
      domains.put(List.of(service, host), index);
      domainServices.add(service);
      domainHosts.add(host);
    }
    return index;
  }

  /** Cuts each parent cycle at the span where the walk first comes back to itself. */
  private static void breakCycles(int[] parent) {
    int n = parent.length;
    byte[] state = new byte[n]; // 0 unknown, 1 on the current walk, 2 reaches a top-level span
    for (int i = 0; i < n; i++) {
      int at = i;
      while (at >= 0 && state[at] == 0) {
        state[at] = 1;
        at = parent[at];
      }
      if (at >= 0 && state[at] == 1) {
        parent[at] = -1;
      }
      for (int walk = i; walk >= 0 && state[walk] == 1; walk = parent[walk]) {
        state[walk] = 2;
      }
    }
  }

  public static SpanTree of(Trace trace) {
    return new SpanTree(trace.spans());
  }

  /** The same tree with each clock domain's times shifted by {@code offsetsByDomain}. */
  public SpanTree withOffsets(long[] offsetsByDomain) {
    if (offsetsByDomain.length != domainServices.size()) {
      throw new IllegalArgumentException(
          "expected " + domainServices.size() + " offsets, got " + offsetsByDomain.length);
    }
    return new SpanTree(this, offsetsByDomain.clone());
  }

  public int size() {
    return spans.size();
  }

  public Span span(int index) {
    return spans.get(index);
  }

  public int parent(int index) {
    return parent[index];
  }

  public int childCount(int index) {
    return childOffsets[index + 1] - childOffsets[index];
  }

  public int child(int index, int nth) {
    return childIndexes[childOffsets[index] + nth];
  }

  /** Roots, orphans and cycle breakers, in start order. */
  public int[] topLevel() {
    return topLevel.clone();
  }

  /** Every span once, parents before children. */
  public int[] breadthFirstOrder() {
    return breadthFirst.clone();
  }

  public int orphanCount() {
    return orphanCount;
  }

  public long start(int index) {
    return starts[index];
  }

  public long end(int index) {
    return ends[index];
  }

  public long offset(int index) {
    return offsets[domain[index]];
  }

  public String service(int index) {
    return domainServices.get(domain[index]);
  }

  public int domain(int index) {
    return domain[index];
  }

  public int domainCount() {
    return domainServices.size();
  }

  public String domainService(int domainIndex) {
    return domainServices.get(domainIndex);
  }

  public String domainHost(int domainIndex) {
    return domainHosts.get(domainIndex);
  }

  public SpanKind kind(int index) {
    return spans.get(index).kind();
  }

  /** A CLIENT/PRODUCER span's SERVER/CONSUMER child in another service: the two ends of a hop. */
  public boolean isHopChild(int index) {
    int p = parent[index];
    return p >= 0
        && kind(p).isOutbound()
        && kind(index).isInbound()
        && !service(p).equals(service(index));
  }

  /** An outbound span none of whose children received the call: its peer is uninstrumented. */
  public boolean isUninstrumentedCall(int index) {
    return kind(index).isOutbound() && !hasInboundChild[index];
  }

  public long traceStart() {
    long min = Long.MAX_VALUE;
    for (long start : starts) {
      min = Math.min(min, start);
    }
    return starts.length == 0 ? 0 : min;
  }

  public long traceEnd() {
    long max = Long.MIN_VALUE;
    for (long end : ends) {
      max = Math.max(max, end);
    }
    return ends.length == 0 ? 0 : max;
  }
}
