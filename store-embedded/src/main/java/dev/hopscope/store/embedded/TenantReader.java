package dev.hopscope.store.embedded;

import dev.hopscope.model.Span;
import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHint;
import dev.hopscope.store.SearchHints;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.StoreReadException;
import dev.hopscope.store.TimeRange;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** The read side of one tenant: every query runs over one {@link Snapshot}. */
final class TenantReader {
  /** What the reader needs from the tenant's engine. */
  interface Owner {
    Snapshot snapshot();

    void quarantine(Block block, CorruptBlockException problem);

    void quarantine(CorruptBlockException problem);
  }

  private static final int MAX_ATTEMPTS = 4;
  private static final int FETCH_CHUNK = 64;
  private static final int KEPT_WHOLE = 256;

  private final Owner owner;

  TenantReader(Owner owner) {
    this.owner = owner;
  }

  /**
   * Runs a read; a block found corrupt part-way is quarantined and the read starts over. Any other
   * failure (a read error, a decode bug) fails the read and leaves every block live.
   */
  private <T> T withSnapshot(Function<Snapshot, T> read) {
    for (int attempt = 1; ; attempt++) {
      try (Snapshot snapshot = owner.snapshot()) {
        return read.apply(snapshot);
      } catch (CorruptBlockException e) {
        owner.quarantine(e);
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  Optional<Trace> trace(TraceId id) {
    return withSnapshot(
        snapshot ->
            Optional.ofNullable(
                TraceFetcher.fetch(snapshot, List.of(id), owner::quarantine).get(id)));
  }

  Stream<Trace> search(SearchRequest request) {
    HintProgram hints = new HintProgram(request.hints());
    for (int attempt = 1; ; attempt++) {
      Snapshot snapshot = owner.snapshot();
      List<Keyed> matches;
      try {
        Optional<AttributeDiscovery.Probe> attribute = selectiveAttribute(snapshot, request);
        if (attribute.isPresent()) {
          matches = matchesByAttribute(snapshot, request, attribute.get());
        } else if (request.order() == SearchOrder.NEWEST_FIRST) {
          return stream(new NewestFirstSearch(snapshot, request, hints, owner::quarantine))
              .onClose(snapshot::close);
        } else {
          matches = matchesByWindow(snapshot, request, hints);
        }
      } catch (CorruptBlockException e) {
        snapshot.close();
        owner.quarantine(e);
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
        continue;
      } catch (RuntimeException e) {
        snapshot.close();
        throw e;
      }
      matches.sort((a, b) -> SearchOrder.compare(a.key, a.id, b.key, b.id));
      return stream(new ChunkedFetch(snapshot, matches)).onClose(snapshot::close);
    }
  }

  private static Stream<Trace> stream(Iterator<Trace> traces) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(traces, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** An attribute hint rare enough in the window that its blooms find the candidates. */
  private static Optional<AttributeDiscovery.Probe> selectiveAttribute(
      Snapshot snapshot, SearchRequest request) {
    for (SearchHint hint : request.hints()) {
      if (hint instanceof SearchHint.AttributeEquals attribute) {
        AttributeDiscovery.Probe probe =
            AttributeDiscovery.probe(snapshot, attribute, request.range());
        if (probe.selective()) {
          return Optional.of(probe);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Discovery by an attribute's bloom filters, then each candidate judged whole: matching traces,
   * after the cursor, unordered. The first {@link #KEPT_WHOLE} matches keep the trace they were
   * judged on, so a page of them is not fetched a second time.
   */
  private List<Keyed> matchesByAttribute(
      Snapshot snapshot, SearchRequest request, AttributeDiscovery.Probe attribute) {
    RowGroupCache groups = RowGroupCache.forSearch();
    List<TraceId> candidates =
        new ArrayList<>(AttributeDiscovery.candidates(snapshot, attribute, groups));
    // In trace-id order, as block rows are: a chunk of candidates shares row groups.
    candidates.sort(null);
    List<Keyed> out = new ArrayList<>();
    for (int from = 0; from < candidates.size(); from += FETCH_CHUNK) {
      List<TraceId> chunk =
          candidates.subList(from, Math.min(candidates.size(), from + FETCH_CHUNK));
      for (Trace trace : TraceFetcher.fetch(snapshot, chunk, owner::quarantine, groups).values()) {
        if (SearchHints.overlaps(trace, request.range())
            && SearchHints.mayMatch(trace, request.hints())) {
          addIfAfter(
              out,
              request.order().sortKey(trace),
              trace.traceId(),
              request,
              out.size() < KEPT_WHOLE ? trace : null);
        }
      }
    }
    return out;
  }

  /** Discovery by the time window: every row group overlapping it is read. */
  private List<Keyed> matchesByWindow(Snapshot snapshot, SearchRequest request, HintProgram hints) {
    TraceScan scan = scan(snapshot, request.range(), false, hints);
    SearchOrder order = request.order();
    List<Keyed> out = new ArrayList<>();
    List<TraceId> uncertain = new ArrayList<>();
    int full = hints.fullMask();
    for (Map.Entry<TraceId, TraceScan.Seen> entry : scan.seen().entrySet()) {
      TraceScan.Seen seen = entry.getValue();
      if (!seen.inWindow) {
        continue;
      }
      if (scan.mayHaveUnseenParts(entry.getKey())) {
        uncertain.add(entry.getKey());
      } else if (seen.hints == full && hints.traceMayMatch(seen.minStart, seen.maxEnd)) {
        long key = order == SearchOrder.NEWEST_FIRST ? seen.minStart : seen.maxEnd - seen.minStart;
        addIfAfter(out, key, entry.getKey(), request);
      }
    }
    // Traces with parts the scan skipped are judged on the whole trace, so hints never drop them.
    for (Trace trace : TraceFetcher.fetch(snapshot, uncertain, owner::quarantine).values()) {
      if (SearchHints.overlaps(trace, request.range())
          && SearchHints.mayMatch(trace, request.hints())) {
        addIfAfter(out, order.sortKey(trace), trace.traceId(), request);
      }
    }
    return out;
  }

  private static void addIfAfter(List<Keyed> out, long key, TraceId id, SearchRequest request) {
    addIfAfter(out, key, id, request, null);
  }

  private static void addIfAfter(
      List<Keyed> out, long key, TraceId id, SearchRequest request, @Nullable Trace whole) {
    if (request.after().isEmpty() || SearchOrder.isAfter(key, id, request.after().get())) {
      out.add(new Keyed(key, id, whole));
    }
  }

  private static TraceScan scan(
      Snapshot snapshot, TimeRange range, boolean byStart, HintProgram hints) {
    TraceScan scan = new TraceScan(range, byStart, hints, snapshot.reads());
    for (HeadGeneration generation : snapshot.head()) {
      scan.scanHead(generation);
    }
    for (Block block : snapshot.blocks()) {
      scan.scanBlock(block);
    }
    return scan;
  }

  /**
   * The latest-starting {@code limit} traces of the window ({@link LatestTraces}: blocks newest
   * first, the rest unread once they cannot change the answer), fetched and handed over a chunk at
   * a time while the snapshot is held: a window of millions of spans is never in memory at once.
   */
  boolean scan(TimeRange range, int limit, Consumer<Trace> consumer) {
    return withSnapshot(
        snapshot -> {
          LatestTraces.Choice choice =
              LatestTraces.choose(snapshot, range, limit, owner::quarantine);
          // Fetched in trace-id order: blocks keep rows sorted by trace id, so each chunk of ids
          // lands in a few row groups instead of decoding most of every group once per chunk.
          List<TraceId> ids =
              choice.traces().stream().map(LatestTraces.Ranked::id).sorted().toList();
          for (int from = 0; from < ids.size(); from += FETCH_CHUNK) {
            List<TraceId> chunk = ids.subList(from, Math.min(ids.size(), from + FETCH_CHUNK));
            TraceFetcher.fetch(snapshot, chunk, owner::quarantine).values().forEach(consumer);
          }
          return choice.capped();
        });
  }

  /**
   * Spans one at a time ({@link TenantSpans}). They are fed as they are found, so a block found
   * corrupt part-way cannot restart the read as other reads do (the visitor would count twice): the
   * block is set aside and the read fails as a read error, which the caller retries.
   */
  void spans(TimeRange range, List<SearchHint> hints, Consumer<Span> visitor) {
    try (Snapshot snapshot = owner.snapshot()) {
      TenantSpans.visit(snapshot, range, hints, visitor);
    } catch (CorruptBlockException e) {
      owner.quarantine(e);
      throw new StoreReadException(
          "a block was found damaged during the read and set aside ("
              + e.getMessage()
              + "); retry the request",
          e);
    }
  }

  <T> T catalog(Function<Snapshot, T> read) {
    return withSnapshot(read);
  }

  /** A match in line, with the trace itself when discovery already fetched it. */
  private record Keyed(long key, TraceId id, @Nullable Trace whole) {}

  /** Materialises ordered results a chunk at a time, so a caller taking 20 reads 64, not all. */
  private final class ChunkedFetch implements Iterator<Trace> {
    private final Snapshot snapshot;
    private final List<Keyed> ordered;
    private int next;
    private final List<Trace> buffer = new ArrayList<>();
    private int buffered;

    ChunkedFetch(Snapshot snapshot, List<Keyed> ordered) {
      this.snapshot = snapshot;
      this.ordered = ordered;
    }

    @Override
    public boolean hasNext() {
      while (buffered >= buffer.size()) {
        if (next >= ordered.size()) {
          return false;
        }
        List<Keyed> chunk = ordered.subList(next, Math.min(ordered.size(), next + FETCH_CHUNK));
        next += chunk.size();
        List<TraceId> missing = new ArrayList<>();
        for (Keyed keyed : chunk) {
          if (keyed.whole == null) {
            missing.add(keyed.id);
          }
        }
        Map<TraceId, Trace> fetched =
            missing.isEmpty() ? Map.of() : TraceFetcher.fetch(snapshot, missing, owner::quarantine);
        buffer.clear();
        buffered = 0;
        for (Keyed keyed : chunk) {
          Trace trace = keyed.whole != null ? keyed.whole : fetched.get(keyed.id);
          if (trace != null) {
            buffer.add(trace);
          }
        }
      }
      return true;
    }

    @Override
    public Trace next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffer.get(buffered++);
    }
  }
}
