package dev.hopscope.store;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.cells.SpanCell;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The read side of a store. Every method sees exactly one tenant's data. */
public interface TraceSource {

  /** All spans of a trace, merged across the head, blocks and late arrivals. */
  Optional<Trace> trace(String tenant, TraceId traceId);

  /**
   * Candidate traces for a search, lazily, in the request's order, starting after its cursor. The
   * store may use the hints to skip traces that cannot match, but may also ignore them: callers
   * evaluate their predicates on every trace they receive. Close the stream when done.
   */
  Stream<Trace> search(String tenant, SearchRequest request);

  /** Service names seen in a time window, sorted. */
  List<String> services(String tenant, TimeRange range);

  /** Span names of a service seen in a time window, sorted. */
  List<String> operations(String tenant, String service, TimeRange range);

  /** Attribute names seen in a time window, scoped ({@code resource.x}, {@code span.x}), sorted. */
  List<String> attributeNames(String tenant, TimeRange range);

  /** Distinct values of a scoped attribute starting with {@code prefix}, sorted, at most limit. */
  List<String> attributeValues(
      String tenant, String scopedName, String prefix, TimeRange range, int limit);

  /** Every trace with a span starting in the window, in no particular order (for analysis). */
  void scan(String tenant, TimeRange range, Consumer<Trace> consumer);

  /**
   * At most {@code limit} traces with a span starting in the window, the ones that start latest;
   * returns true when more matched. A store hands them over a few at a time, so analysis of a large
   * window needs memory for the traces in flight, not for the window.
   */
  default boolean scan(String tenant, TimeRange range, int limit, Consumer<Trace> consumer) {
    List<Trace> all = new ArrayList<>();
    scan(tenant, range, all::add);
    all.sort(Comparator.comparingLong(Trace::startNanos).reversed());
    all.stream().limit(limit).forEach(consumer);
    return all.size() > limit;
  }

  /**
   * Feeds {@code visitor} the {@link SpanCell}s of every span starting in grains {@code firstGrain}
   * (inclusive) to {@code endGrain} (exclusive), and returns true; or returns false, having fed
   * nothing, when the source does not keep cells for all of that window, and the caller reads the
   * spans instead. A grain and key may come in several cells (one per block): callers add them up.
   * The default keeps none.
   */
  default boolean spanCells(
      String tenant, long firstGrain, long endGrain, Consumer<SpanCell> visitor) {
    return false;
  }

  /**
   * Feeds {@code visitor} the digests named {@code digest} (see {@link
   * dev.hopscope.store.digest.TraceDigester#name}) of everything that may hold a span starting in
   * {@code range}: each block's, and one for the spans not in a block yet. Returns true; or returns
   * false, having fed nothing, when some of that data has no such digest, and the caller reads
   * traces instead. A digest may hold spans outside the range: the caller picks what it needs. The
   * default keeps none.
   */
  default boolean traceDigests(
      String tenant, String digest, TimeRange range, Consumer<byte[]> visitor) {
    return false;
  }

  /**
   * Feeds {@code visitor} every span starting in {@code range} that satisfies every hint, each
   * alone (not with its trace), and returns true; or returns false, having fed nothing, when the
   * source cannot, and the caller reads traces instead. Hints are necessary conditions, as for
   * {@link #search}: callers evaluate their predicate on every span they receive. Unlike a search,
   * a span stored twice (a client's retry after a lost answer) may come twice. The default cannot.
   */
  default boolean spans(
      String tenant, TimeRange range, List<SearchHint> hints, Consumer<Span> visitor) {
    return false;
  }
}
