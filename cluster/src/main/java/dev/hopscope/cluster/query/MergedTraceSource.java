package dev.hopscope.cluster.query;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.TraceSource;
import dev.hopscope.store.internal.TraceMerger;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Two sources read as one: the recent window the live stores serve and the blocks in the bucket.
 * They overlap by design, since a span stays in the recent window after its block is uploaded, so
 * every trace is completed from both sides and exact duplicate spans are kept once.
 *
 * <p>Search merges the two ordered streams by the request's order and completes each trace it hands
 * out from the other side; a trace with parts on both sides is placed by the part found first,
 * which differs from its merged key only for traces active across a block-builder cut.
 */
public final class MergedTraceSource implements TraceSource {
  private final TraceSource recent;
  private final TraceSource blocks;
  private final Predicate<Trace> mayBeRecent;

  public MergedTraceSource(TraceSource recent, TraceSource blocks) {
    this(recent, blocks, trace -> true);
  }

  /**
   * {@code mayBeRecent} says whether a trace found in the blocks can have parts in the recent
   * source, which is asked only then: when that is a call to every live store, asking it for each
   * of the thousands of candidates a selective search reads in the bucket would cost a round trip
   * each, for traces that ended before the recent window began.
   */
  public MergedTraceSource(TraceSource recent, TraceSource blocks, Predicate<Trace> mayBeRecent) {
    this.recent = recent;
    this.blocks = blocks;
    this.mayBeRecent = mayBeRecent;
  }

  @Override
  public Optional<Trace> trace(String tenant, TraceId traceId) {
    TraceMerger merger = new TraceMerger(traceId);
    recent.trace(tenant, traceId).ifPresent(t -> merger.addAll(t.spans()));
    blocks.trace(tenant, traceId).ifPresent(t -> merger.addAll(t.spans()));
    return merger.build();
  }

  @Override
  public Stream<Trace> search(String tenant, SearchRequest request) {
    Stream<Trace> first = recent.search(tenant, request);
    Stream<Trace> second = blocks.search(tenant, request);
    Iterator<Trace> merged =
        new MergingIterator(tenant, request, first.iterator(), second.iterator());
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(merged, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(first::close)
        .onClose(second::close);
  }

  /** Takes the earlier head of the two ordered streams, skipping traces already handed out. */
  private final class MergingIterator implements Iterator<Trace> {
    private final String tenant;
    private final SearchRequest request;
    private final Iterator<Trace> left;
    private final Iterator<Trace> right;
    private final Set<TraceId> handedOut = new HashSet<>();
    private @Nullable Trace leftHead;
    private @Nullable Trace rightHead;
    private @Nullable Trace next;

    MergingIterator(
        String tenant, SearchRequest request, Iterator<Trace> left, Iterator<Trace> right) {
      this.tenant = tenant;
      this.request = request;
      this.left = left;
      this.right = right;
    }

    @Override
    public boolean hasNext() {
      return peek() != null;
    }

    /** The trace next() hands out, taken from the heads if not yet; null when both ended. */
    private @Nullable Trace peek() {
      while (next == null) {
        if (leftHead == null && left.hasNext()) {
          leftHead = left.next();
        }
        if (rightHead == null && right.hasNext()) {
          rightHead = right.next();
        }
        Trace l = leftHead;
        Trace r = rightHead;
        boolean fromLeft;
        Trace candidate;
        if (l != null && (r == null || comesFirst(l, r))) {
          fromLeft = true;
          candidate = l;
          leftHead = null;
        } else if (r != null) {
          fromLeft = false;
          candidate = r;
          rightHead = null;
        } else {
          return null;
        }
        if (handedOut.add(candidate.traceId())) {
          next =
              fromLeft
                  ? complete(tenant, candidate, blocks)
                  : mayBeRecent.test(candidate) ? complete(tenant, candidate, recent) : candidate;
        }
      }
      return next;
    }

    private boolean comesFirst(Trace a, Trace b) {
      return SearchOrder.compare(
              request.order().sortKey(a), a.traceId(), request.order().sortKey(b), b.traceId())
          <= 0;
    }

    @Override
    public Trace next() {
      Trace out = peek();
      if (out == null) {
        throw new NoSuchElementException();
      }
      next = null;
      return out;
    }
  }

  @Override
  public List<String> services(String tenant, TimeRange range) {
    return union(recent.services(tenant, range), blocks.services(tenant, range));
  }

  @Override
  public List<String> operations(String tenant, String service, TimeRange range) {
    return union(
        recent.operations(tenant, service, range), blocks.operations(tenant, service, range));
  }

  @Override
  public List<String> attributeNames(String tenant, TimeRange range) {
    return union(recent.attributeNames(tenant, range), blocks.attributeNames(tenant, range));
  }

  @Override
  public List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit) {
    List<String> all =
        union(
            recent.attributeValues(tenant, scopedName, prefix, range, limit),
            blocks.attributeValues(tenant, scopedName, prefix, range, limit));
    return all.size() <= limit ? all : all.subList(0, limit);
  }

  @Override
  public void scan(String tenant, TimeRange range, Consumer<Trace> consumer) {
    Set<TraceId> seen = new HashSet<>();
    recent.scan(
        tenant,
        range,
        trace -> {
          seen.add(trace.traceId());
          consumer.accept(complete(tenant, trace, blocks));
        });
    blocks.scan(
        tenant,
        range,
        trace -> {
          if (!seen.contains(trace.traceId())) {
            consumer.accept(trace);
          }
        });
  }

  private static Trace complete(String tenant, Trace found, TraceSource other) {
    Optional<Trace> rest = other.trace(tenant, found.traceId());
    if (rest.isEmpty()) {
      return found;
    }
    TraceMerger merger = new TraceMerger(found.traceId());
    merger.addAll(found.spans());
    merger.addAll(rest.get().spans());
    return merger.build().orElse(found);
  }

  private static List<String> union(List<String> a, List<String> b) {
    TreeSet<String> all = new TreeSet<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
