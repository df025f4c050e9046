package dev.hopscope.store.embedded;

import dev.hopscope.model.Trace;
import dev.hopscope.model.TraceId;
import dev.hopscope.store.SearchHints;
import dev.hopscope.store.SearchOrder;
import dev.hopscope.store.SearchRequest;
import dev.hopscope.store.embedded.internal.block.Block;
import dev.hopscope.store.embedded.internal.block.CorruptBlockException;
import dev.hopscope.store.embedded.internal.head.HeadGeneration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A search in {@link SearchOrder#NEWEST_FIRST} order that hands traces over as it reads, blocks
 * newest first, so a caller that stops after a page never pays for the rest of the window.
 *
 * <p>The rule is {@link LatestTraces}'s: once the head and the blocks with the latest spans are
 * read, every trace still unseen starts no later than the newest span of the next unread block (the
 * bound). A seen trace that starts after the bound, and that no unread block or skipped row group
 * can hold a part of, is whole: its start and its hints are final, and it outranks everything
 * unseen, so it can be handed over in order. A trace that might have a part elsewhere (its blooms
 * say so) is fetched whole and ranked by its true start. A query matching many traces reads the
 * head and a block or two; one matching none reads everything, as the full scan did.
 */
final class NewestFirstSearch implements Iterator<Trace> {
  private static final int CHUNK = 64;
  private static final Comparator<Candidate> ORDER =
      (a, b) -> SearchOrder.compare(a.key, a.id, b.key, b.id);

  /** A trace in line: its start (exact once whole) and, once fetched, the trace itself. */
  private record Candidate(long key, TraceId id, @Nullable Trace whole) {}

  private final Snapshot snapshot;
  private final SearchRequest request;
  private final TraceFetcher.CorruptionHandler onCorrupt;
  private final HintProgram hints;
  private final TraceScan scan;

  /** Blocks overlapping the window not read yet, the one with the latest span first. */
  private final Deque<Block> unread = new ArrayDeque<>();

  private final PriorityQueue<Candidate> queue = new PriorityQueue<>(ORDER);

  /** Whole traces that start at or before the bound: their turn comes when the bound passes. */
  private final List<Candidate> parked = new ArrayList<>();

  /** Traces queued, parked, handed over or refused: never taken in again. */
  private final Set<TraceId> taken = new HashSet<>();

  private final Deque<Trace> ready = new ArrayDeque<>();
  private long admittedAbove = Long.MAX_VALUE;

  NewestFirstSearch(
      Snapshot snapshot,
      SearchRequest request,
      HintProgram hints,
      TraceFetcher.CorruptionHandler onCorrupt) {
    if (request.order() != SearchOrder.NEWEST_FIRST) {
      throw new IllegalArgumentException("a newest-first search was given " + request.order());
    }
    this.snapshot = snapshot;
    this.request = request;
    this.hints = hints;
    this.onCorrupt = onCorrupt;
    this.scan = new TraceScan(request.range(), false, hints, snapshot.reads());
    for (HeadGeneration generation : snapshot.head()) {
      scan.scanHead(generation);
    }
    List<Block> overlapping = new ArrayList<>();
    for (Block block : snapshot.blocks()) {
      if (block.overlaps(request.range())) {
        overlapping.add(block);
      } else {
        scan.scanBlock(block); // reads nothing; remembers the block's parts as unseen
      }
    }
    overlapping.sort(Comparator.comparingLong(Block::maxStart).reversed());
    unread.addAll(overlapping);
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      long bound = unread.isEmpty() ? Long.MIN_VALUE : unread.peekFirst().maxStart();
      admit(bound);
      if (!queue.isEmpty()) {
        handOver(bound);
      } else if (unread.isEmpty()) {
        return false;
      } else {
        read(unread.pollFirst());
      }
    }
    return true;
  }

  @Override
  public Trace next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.pollFirst();
  }

  /** Queues every seen trace that starts after the bound, and the parked ones now above it. */
  private void admit(long bound) {
    if (bound >= admittedAbove) {
      return;
    }
    admittedAbove = bound;
    for (Map.Entry<TraceId, TraceScan.Seen> entry : scan.seen().entrySet()) {
      long start = entry.getValue().minStart;
      if (start > bound && taken.add(entry.getKey())) {
        queue.add(new Candidate(start, entry.getKey(), null));
      }
    }
    for (Iterator<Candidate> it = parked.iterator(); it.hasNext(); ) {
      Candidate candidate = it.next();
      if (candidate.key > bound) {
        queue.add(candidate);
        it.remove();
      }
    }
  }

  private void read(Block block) {
    try {
      scan.scanBlock(block);
    } catch (CorruptBlockException e) {
      // Set aside, as a fetch does: the rest of the window is still answered.
      onCorrupt.corrupt(block, e);
    }
  }

  /**
   * Takes the next traces off the queue in order. The head of the queue is handed over when it is
   * whole; otherwise the queue's next traces that might have parts elsewhere are fetched whole and
   * put back under their true start, which may be later in line or, below the bound, parked.
   */
  private void handOver(long bound) {
    List<Candidate> out = new ArrayList<>();
    List<Candidate> uncertain = new ArrayList<>();
    while (!queue.isEmpty() && out.size() < CHUNK && uncertain.size() < CHUNK) {
      Candidate top = queue.poll();
      if (top.whole != null) {
        if (uncertain.isEmpty()) {
          out.add(top);
        } else {
          queue.add(top); // after the uncertain ones ahead of it are ranked
          break;
        }
        continue;
      }
      // Queued from the scan's map, and no block is read while the queue holds anything, so its
      // start is still the one it was queued by.
      TraceScan.Seen seen = Objects.requireNonNull(scan.seen().get(top.id), "seen");
      boolean partsUnread = inUnreadBlock(top.id);
      if (!partsUnread && !seen.inWindow) {
        continue; // every row in the window has been read, and none of this trace's was
      }
      if (partsUnread || scan.mayHaveUnseenParts(top.id)) {
        uncertain.add(top);
      } else if (uncertain.isEmpty()) {
        if (seen.hints == hints.fullMask() && hints.traceMayMatch(seen.minStart, seen.maxEnd)) {
          out.add(top);
        }
      } else {
        queue.add(top);
        break;
      }
    }
    if (!uncertain.isEmpty()) {
      rank(uncertain, bound);
    }
    deliver(out);
  }

  private boolean inUnreadBlock(TraceId id) {
    for (Block block : unread) {
      if (block.mightContain(id.high(), id.low())) {
        return true;
      }
    }
    return false;
  }

  /** Fetches traces whole and puts the ones that may match back in line at their true start. */
  private void rank(List<Candidate> uncertain, long bound) {
    List<TraceId> ids = uncertain.stream().map(Candidate::id).toList();
    for (Trace trace : TraceFetcher.fetch(snapshot, ids, onCorrupt).values()) {
      if (SearchHints.overlaps(trace, request.range())
          && SearchHints.mayMatch(trace, request.hints())) {
        Candidate whole = new Candidate(trace.startNanos(), trace.traceId(), trace);
        (whole.key > bound ? queue : parked).add(whole);
      }
    }
  }

  /** Fetches the chosen traces that are not whole yet, and queues all of them in order. */
  private void deliver(List<Candidate> out) {
    List<Candidate> after = new ArrayList<>();
    List<TraceId> missing = new ArrayList<>();
    for (Candidate candidate : out) {
      if (request.after().isEmpty()
          || SearchOrder.isAfter(candidate.key, candidate.id, request.after().get())) {
        after.add(candidate);
        if (candidate.whole == null) {
          missing.add(candidate.id);
        }
      }
    }
    Map<TraceId, Trace> fetched =
        missing.isEmpty() ? Map.of() : TraceFetcher.fetch(snapshot, missing, onCorrupt);
    for (Candidate candidate : after) {
      Trace trace = candidate.whole != null ? candidate.whole : fetched.get(candidate.id);
      if (trace != null) {
        ready.add(trace);
      }
    }
  }
}
